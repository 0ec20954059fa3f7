/**
 * Creates a school with one teacher, one class of pupils with PINs, and every published module
 * assigned to the class. Used by the demo seed and by tests that need a second school.
 */
import { randomBytes } from 'node:crypto';
import { AssessmentModule, Assignment, Pupil, PupilLogin, pupilLoginId, School, SchoolClass, Teacher } from '../db/models';
import { hashPassword } from '../http/auth/passwordHash';
import { pinLookup } from '../http/auth/pinLookup';
import type { StaffRole } from '../http/auth/staffRoles';

export interface SchoolSpec {
  code: string;
  name: string;
  /** The class teacher (duties default to `['teacher']`). */
  teacher: StaffSpec;
  /** Other staff accounts of the school: reviewers, a standards manager, a sampling administrator. */
  staff?: readonly StaffSpec[];
  className: string;
  pupils: readonly { name: string; pin: string }[];
}

export interface StaffSpec { email: string; password: string; name: string; roles?: readonly StaffRole[] }

export interface CreatedSchool {
  schoolId: string;
  teacherId: string;
  staffIds: string[];
  classId: string;
  pupilIds: string[];
  assignmentIds: string[];
}

/** The starter module: assigned first, so it heads a new class's list (a pupil's list is in assignment order). */
export const STARTER_MODULE_ID = 'fdp-1';

function starterFirst(moduleIds: readonly string[]): string[] {
  return [...moduleIds].sort((x, y) => Number(y === STARTER_MODULE_ID) - Number(x === STARTER_MODULE_ID) || x.localeCompare(y));
}

export async function createSchool(spec: SchoolSpec): Promise<CreatedSchool> {
  const school = await School.create({ code: spec.code, name: spec.name, pinSalt: randomBytes(16).toString('base64') });
  const teacher = await Teacher.create({
    schoolId: school._id, email: spec.teacher.email, name: spec.teacher.name, passwordHash: await hashPassword(spec.teacher.password),
    roles: spec.teacher.roles ?? ['teacher'],
  });
  const staffIds: string[] = [];
  for (const member of spec.staff ?? []) {
    const created = await Teacher.create({
      schoolId: school._id, email: member.email, name: member.name, passwordHash: await hashPassword(member.password),
      roles: member.roles ?? ['teacher'],
    });
    staffIds.push(String(created._id));
  }
  const schoolClass = await SchoolClass.create({ schoolId: school._id, name: spec.className, teacherIds: [teacher._id] });
  const pupils = await Pupil.insertMany(spec.pupils.map((pupil) => ({
    schoolId: school._id, name: pupil.name, pinLookup: pinLookup(school.pinSalt, pupil.pin), classIds: [schoolClass._id],
  })));
  await PupilLogin.insertMany(pupils.map((pupil) => ({ _id: pupilLoginId(school._id, pupil.pinLookup), pupilId: pupil._id })));
  const assignmentIds: string[] = [];
  for (const moduleId of starterFirst(await AssessmentModule.distinct('moduleId'))) {
    const assignment = await Assignment.create({ schoolId: school._id, classId: schoolClass._id, moduleId, createdBy: teacher._id });
    assignmentIds.push(String(assignment._id));
  }
  return {
    schoolId: String(school._id),
    teacherId: String(teacher._id),
    staffIds,
    classId: String(schoolClass._id),
    pupilIds: pupils.map((p) => String(p._id)),
    assignmentIds,
  };
}
