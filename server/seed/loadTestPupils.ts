/**
 * Pupils for the load benchmark (bench/load): school LOAD01, one class, the starter module (fdp-1)
 * assigned. Pupil i (0-based) has PIN `loadTestPupilPin(i)`, so the benchmark can log them in
 * without reading anything back. Idempotent: only the missing pupils are added.
 */
import { randomBytes } from 'node:crypto';
import { AssessmentModule, Assignment, Pupil, PupilLogin, pupilLoginId, School, SchoolClass, Teacher } from '../db/models';
import { hashPassword } from '../http/auth/passwordHash';
import { pinLookup } from '../http/auth/pinLookup';
import { STARTER_MODULE_ID } from './createSchool';

export const LOAD_TEST_SCHOOL = { code: 'LOAD01', name: 'Waymark Load Test School' };
export const LOAD_TEST_TEACHER = { email: 'teacher@load.waymark.test', password: 'waymark-load', name: 'Load Test Teacher' };

export function loadTestPupilPin(index: number): string {
  return String(100000 + index);
}

export async function createLoadTestPupils(count: number): Promise<{ schoolCode: string; classId: string; added: number }> {
  if (count > 899_999) throw new Error('at most 899,999 load-test pupils (six-digit PINs)');
  let school = await School.findOne({ code: LOAD_TEST_SCHOOL.code });
  school ??= await School.create({ ...LOAD_TEST_SCHOOL, pinSalt: randomBytes(16).toString('base64') });
  let teacher = await Teacher.findOne({ email: LOAD_TEST_TEACHER.email });
  teacher ??= await Teacher.create({
    schoolId: school._id, email: LOAD_TEST_TEACHER.email, name: LOAD_TEST_TEACHER.name, passwordHash: await hashPassword(LOAD_TEST_TEACHER.password),
  });
  let schoolClass = await SchoolClass.findOne({ schoolId: school._id });
  schoolClass ??= await SchoolClass.create({ schoolId: school._id, name: 'Load test', teacherIds: [teacher._id] });
  const firstModule = (await AssessmentModule.exists({ moduleId: STARTER_MODULE_ID })) ? STARTER_MODULE_ID : undefined;
  if (firstModule && !(await Assignment.exists({ classId: schoolClass._id, moduleId: firstModule }))) {
    await Assignment.create({ schoolId: school._id, classId: schoolClass._id, moduleId: firstModule, createdBy: teacher._id });
  }
  const existing = await Pupil.countDocuments({ schoolId: school._id });
  const batch = 1000;
  for (let start = existing; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    const pupils = [];
    for (let i = start; i < end; i++) {
      pupils.push({ schoolId: school._id, name: `Load pupil ${i + 1}`, pinLookup: pinLookup(school.pinSalt, loadTestPupilPin(i)), classIds: [schoolClass._id] });
    }
    const inserted = await Pupil.insertMany(pupils);
    await PupilLogin.insertMany(inserted.map((pupil) => ({ _id: pupilLoginId(school._id, pupil.pinLookup), pupilId: pupil._id })));
  }
  return { schoolCode: school.code, classId: String(schoolClass._id), added: Math.max(0, count - existing) };
}
