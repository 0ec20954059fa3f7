/**
 * The demo school created on first start (README "Demo logins"): a school code, a teacher
 * account and a class of pupils with PINs, with the starter module already assigned. The
 * logins are fixed so the README can list them; they are for a local demo only.
 */
import { School } from '../db/models';
import { createSchool } from './createSchool';

export const DEMO_SCHOOL = { code: 'DEMO01', name: 'Waymark Demo School' };
export const DEMO_TEACHER = { email: 'teacher@demo.waymark.test', password: 'waymark-demo', name: 'Ms Rivera' };
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
  pupils: readonly { name: string; pin: string }[];
}

/** Creates the demo school unless a school with its code exists; returns the logins either way. */
export async function seedDemoSchool(): Promise<{ created: boolean; logins: DemoLogins }> {
  const logins: DemoLogins = { schoolCode: DEMO_SCHOOL.code, teacher: { email: DEMO_TEACHER.email, password: DEMO_TEACHER.password }, pupils: DEMO_PUPILS };
  if (await School.exists({ code: DEMO_SCHOOL.code })) return { created: false, logins };

  await createSchool({ ...DEMO_SCHOOL, teacher: DEMO_TEACHER, className: DEMO_CLASS, pupils: DEMO_PUPILS });
  return { created: true, logins };
}

export function describeDemoLogins(logins: DemoLogins): string {
  return [
    'Demo logins (local demo only):',
    `  Teacher: ${logins.teacher.email} / password ${logins.teacher.password}`,
    `  Pupils:  school code ${logins.schoolCode}, PINs ${logins.pupils.map((p) => `${p.pin} (${p.name})`).join(', ')}`,
  ].join('\n');
}
