/**
 * Read-side queries behind the pupil's and the teacher's home screens. Every query is scoped
 * by the caller's school (and, for pupils, their own classes) — the authorisation lives here,
 * not in the route.
 */
import { Types } from 'mongoose';
import { AssessmentModule, AssessmentSession, Assignment, Pupil, SchoolClass } from '../db/models';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { ApiError } from '../http/apiError';
import type { Principal } from '../http/auth/authSessions';
import { PublishedContentCache } from '../content/publishedContentCache';
import { sessionIdFor } from '../assessment/sessionIdentity';
import { newestById } from '../content/newestVersions';

type ModuleSummaryRow = { moduleId: string; version: number; title: string; subject: string; definition?: unknown };

/**
 * Newest version of each module, by module id. On FerretDB 1.x the read is a scan of every
 * module version (~50 ms), and it sat on every pupil's way into a sitting, so it is kept until
 * content is published (server/content/publishedContentCache.ts).
 */
const moduleList = new PublishedContentCache(async () => {
  const found = await AssessmentModule.find({}, { moduleId: 1, version: 1, title: 1, subject: 1, 'definition.timeLimitMinutes': 1 }).lean<ModuleSummaryRow[]>();
  return newestById(found, (row) => row.moduleId);
});

function latestModules(nowMs = Date.now()): Promise<Map<string, ModuleSummaryRow>> {
  return moduleList.get('modules', nowMs);
}

/**
 * A pupil's latest attempt at an assignment, by primary-key reads of attempt 1, 2, … (the
 * session ids are deterministic): the one shown on their home screen.
 */
async function latestAttempt(pupilId: Types.ObjectId, assignmentId: Types.ObjectId) {
  let latest = null;
  for (let attempt = 1; ; attempt++) {
    const session = await AssessmentSession.findById(sessionIdFor(pupilId, assignmentId, attempt), { assignmentId: 1, status: 1, paused: 1, attempt: 1 }).lean();
    if (!session) return latest;
    latest = session;
    if (session.status !== 'finished') return latest;
  }
}

export async function assignmentsForPupil(pupil: Principal) {
  const record = await Pupil.findById(pupil.userId, { classIds: 1 }).lean();
  if (!record) throw new ApiError('UNAUTHENTICATED', 'Please log in again.');
  const assignments = await Assignment.find({ classId: { $in: record.classIds } }).sort({ createdAt: 1 }).lean();
  const [modules, sessions] = await Promise.all([
    latestModules(),
    Promise.all(assignments.map((a) => latestAttempt(record._id, a._id))),
  ]);
  const sessionByAssignment = new Map(sessions.flatMap((s) => (s ? [[String(s.assignmentId), s] as const] : [])));
  return assignments.flatMap((assignment) => {
    const module = modules.get(assignment.moduleId);
    if (!module) return [];
    const session = sessionByAssignment.get(String(assignment._id));
    const definition = module.definition as Pick<ModuleDefinition, 'timeLimitMinutes'> | undefined;
    return [{
      assignmentId: String(assignment._id),
      moduleId: assignment.moduleId,
      title: module.title,
      timeLimitMinutes: definition?.timeLimitMinutes ?? null,
      session: session
        ? { id: String(session._id), attempt: session.attempt ?? 1, status: session.status === 'finished' ? 'finished' : session.paused ? 'paused' : 'in-progress' }
        : null,
    }];
  });
}

export async function classesForTeacher(teacher: Principal) {
  const classes = await SchoolClass.find({ schoolId: teacher.schoolId }).sort({ name: 1 }).lean();
  const pupils = await Pupil.find({ classIds: { $in: classes.map((c) => c._id) } }, { name: 1, classIds: 1 }).sort({ name: 1 }).lean();
  return classes.map((schoolClass) => ({
    id: String(schoolClass._id),
    name: schoolClass.name,
    pupils: pupils.filter((p) => p.classIds.some((id) => id.equals(schoolClass._id))).map((p) => ({ id: String(p._id), name: p.name })),
  }));
}

export async function modulesForTeacher() {
  const latest = await latestModules();
  return [...latest.values()]
    .sort((x, y) => x.title.localeCompare(y.title))
    .map((m) => ({ id: m.moduleId, title: m.title, subject: m.subject }));
}

/** Assigns a module to a class in the teacher's school; assigning it again returns the same assignment. */
export async function assignModule(teacher: Principal, classId: string, moduleId: string) {
  const schoolClass = await SchoolClass.findById(classId).lean();
  if (!schoolClass || String(schoolClass.schoolId) !== teacher.schoolId) {
    throw new ApiError('NOT_FOUND', 'There is no such class in your school.', [{ path: '/classId', message: 'is not one of your school\'s classes' }]);
  }
  if (!(await AssessmentModule.exists({ moduleId }))) {
    throw new ApiError('NOT_FOUND', `There is no module "${moduleId}".`, [{ path: '/moduleId', message: 'is not a published module' }]);
  }
  const assignment = await Assignment.findOneAndUpdate(
    { classId: schoolClass._id, moduleId },
    { $setOnInsert: { schoolId: schoolClass.schoolId, classId: schoolClass._id, moduleId, createdBy: new Types.ObjectId(teacher.userId) } },
    { upsert: true, new: true },
  ).lean();
  return { id: String(assignment!._id), classId: String(assignment!.classId), moduleId: assignment!.moduleId };
}
