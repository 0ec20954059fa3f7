/**
 * The demo school created on first start (README "Demo logins"): a school code, a teacher
 * account and a class of pupils with PINs, with the starter module already assigned. The
 * logins are fixed so the README can list them; they are for a local demo only.
 */
import type { Types } from 'mongoose';
import { School, Teacher } from '../db/models';
import { hashPassword } from '../http/auth/passwordHash';
import type { StaffRole } from '../http/auth/staffRoles';
import { createSchool } from './createSchool';
import { Assignment, SchoolClass } from '../db/models';

export const DEMO_SCHOOL = { code: 'DEMO01', name: 'Waymark Demo School' };
export const DEMO_TEACHER = { email: 'teacher@demo.waymark.test', password: 'waymark-demo', name: 'Ms Rivera', roles: ['teacher'] as StaffRole[] };
/** The other staff accounts: a colleague who reviews items, and the two national roles. */
export const DEMO_STAFF = [
  { email: 'reviewer@demo.waymark.test', password: 'waymark-demo', name: 'Mr Shah', roles: ['teacher', 'reviewer'] as StaffRole[] },
  { email: 'standards@demo.waymark.test', password: 'waymark-demo', name: 'Dr Adeyemi', roles: ['standards-manager'] as StaffRole[] },
  { email: 'sampling@demo.waymark.test', password: 'waymark-demo', name: 'Ms Kowalski', roles: ['sampling-administrator'] as StaffRole[] },
] as const;
export const DEMO_CLASS = 'Year 9 Maths (9M1)';
export const DEMO_PUPILS: readonly { name: string; pin: string }[] = [
  { name: 'Amara Okafor', pin: '482913' },
  { name: 'Ben Carter', pin: '375104' },
  { name: 'Chloe Nguyen', pin: '620487' },
  { name: 'Dev Patel', pin: '918362' },
  { name: 'Ella Morgan', pin: '254079' },
  { name: 'Finn Walsh', pin: '731846' },
  { name: 'Grace Liu', pin: '106593' },
  { name: 'Harry Evans', pin: '849201' },
];

export interface DemoLogins {
  schoolCode: string;
  teacher: { email: string; password: string };
  staff: readonly { email: string; password: string; name: string; roles: readonly StaffRole[] }[];
  pupils: readonly { name: string; pin: string }[];
}

/** Creates the demo school unless a school with its code exists; returns the logins either way. */
export async function seedDemoSchool(): Promise<{ created: boolean; logins: DemoLogins }> {
  const logins: DemoLogins = { schoolCode: DEMO_SCHOOL.code, teacher: { email: DEMO_TEACHER.email, password: DEMO_TEACHER.password }, staff: DEMO_STAFF, pupils: DEMO_PUPILS };
  const existing = await School.findOne({ code: DEMO_SCHOOL.code }, { _id: 1 }).lean();
  if (existing) {
    await addMissingStaff(existing._id);
    return { created: false, logins };
  }

  await createSchool({ ...DEMO_SCHOOL, teacher: DEMO_TEACHER, staff: DEMO_STAFF, className: DEMO_CLASS, pupils: DEMO_PUPILS });
  return { created: true, logins };
}

export function describeDemoLogins(logins: DemoLogins): string {
  return [
    'Demo logins (local demo only):',
    `  Teacher: ${logins.teacher.email} / password ${logins.teacher.password}`,
    ...logins.staff.map((member) => `  ${member.roles.join(' + ')}: ${member.email} / password ${member.password}`),
    `  Pupils:  school code ${logins.schoolCode}, PINs ${logins.pupils.map((p) => `${p.pin} (${p.name})`).join(', ')}`,
  ].join('\n');
}

/** A demo database made before these staff accounts existed gains them on the next start. */
async function addMissingStaff(schoolId: Types.ObjectId): Promise<void> {
  for (const member of DEMO_STAFF) {
    if (await Teacher.exists({ email: member.email })) continue;
    await Teacher.create({ schoolId, email: member.email, name: member.name, passwordHash: await hashPassword(member.password), roles: member.roles });
  }
}

/**
 * Modules loaded into an already-seeded database (a new starting-bank module, say) reach the
 * demo class too; a fresh seed assigns every module through createSchool. Idempotent.
 */
export async function assignModulesToDemoClass(moduleIds: readonly string[]): Promise<string[]> {
  if (moduleIds.length === 0) return [];
  const school = await School.findOne({ code: DEMO_SCHOOL.code });
  const schoolClass = school ? await SchoolClass.findOne({ schoolId: school._id, name: DEMO_CLASS }) : null;
  if (!school || !schoolClass || schoolClass.teacherIds.length === 0) return [];
  const assigned: string[] = [];
  for (const moduleId of moduleIds) {
    if (await Assignment.exists({ classId: schoolClass._id, moduleId })) continue;
    await Assignment.create({ schoolId: school._id, classId: schoolClass._id, moduleId, createdBy: schoolClass.teacherIds[0] });
    assigned.push(moduleId);
  }
  return assigned;
}
