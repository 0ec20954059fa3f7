/**
 * Pupils for the load benchmark (bench/load): school LOAD01, one class, the load-test module
 * assigned. Pupil i (0-based) has PIN `loadTestPupilPin(i)`, so the benchmark can log them in
 * without reading anything back. Idempotent: only the missing pupils are added.
 */
import { randomBytes } from 'node:crypto';
import { AssessmentModule, Assignment, Pupil, PupilLogin, pupilLoginId, School, SchoolClass, Teacher } from '../db/models';
import { hashPassword } from '../http/auth/passwordHash';
import { pinLookup } from '../http/auth/pinLookup';
import { markContentPublished } from '../content/publishedContentCache';
import type { ModuleDefinition } from '../content/moduleDefinition';
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
  const loadModule = await ensureLoadTestModule();
  if (loadModule && !(await Assignment.exists({ classId: schoolClass._id, moduleId: loadModule }))) {
    await Assignment.create({ schoolId: school._id, classId: schoolClass._id, moduleId: loadModule, createdBy: teacher._id });
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

/** The load-test module: the starter module's items and configuration at a fixed length. */
export const LOAD_TEST_MODULE = { id: 'load-fdp', items: 40 };

/**
 * "2,000 pupils answering every 5 s" needs sittings that last while the others arrive: the
 * starter module stops after 8–15 items (about a minute at 5 s an item), so the benchmark's
 * pupils sit a copy of it that always asks LOAD_TEST_MODULE.items questions, with the per-criterion
 * maxima raised so the blueprint allows that many. It exists only in a database seeded for the
 * load benchmark (LOAD_TEST_PUPILS > 0), never in item-bank/.
 */
async function ensureLoadTestModule(): Promise<string | undefined> {
  if (await AssessmentModule.exists({ moduleId: LOAD_TEST_MODULE.id })) return LOAD_TEST_MODULE.id;
  const starter = await AssessmentModule.findOne({ moduleId: STARTER_MODULE_ID }).sort({ version: -1 }).lean();
  if (!starter) return undefined;
  const source = starter.definition as ModuleDefinition;
  const adaptive = source.adaptive as { stop?: Record<string, unknown>; blueprint?: { constraints?: { max?: number }[] } };
  const definition: ModuleDefinition = {
    ...source,
    id: LOAD_TEST_MODULE.id,
    version: 1,
    title: `Load test: ${source.title} (${LOAD_TEST_MODULE.items} questions)`,
    timeLimitMinutes: null,
    adaptive: {
      ...adaptive,
      stop: { minItems: LOAD_TEST_MODULE.items, maxItems: LOAD_TEST_MODULE.items },
      ...(adaptive.blueprint ? {
        blueprint: { ...adaptive.blueprint, constraints: (adaptive.blueprint.constraints ?? []).map((c) => ({ ...c, max: Math.max(c.max ?? 0, 8) })) },
      } : {}),
    },
  };
  await AssessmentModule.create({ moduleId: definition.id, version: 1, title: definition.title, subject: definition.subject, definition });
  await markContentPublished();
  return LOAD_TEST_MODULE.id;
}
