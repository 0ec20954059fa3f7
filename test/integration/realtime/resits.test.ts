/**
 * Resits: a further attempt at an assignment once the previous one is finished and the attempt
 * policy allows it; old clients (no `attempt`) keep getting the latest attempt; the
 * sittingFinished event fires once per finished attempt, after the finish is stored.
 */
import path from 'node:path';
import {
  AssessmentService, type AttemptPolicy, type FinishedAttempt, type FinishedSitting, type SittingEvents,
} from '../../../server/assessment/assessmentService';
import { AssessmentSession, ensureIndexes, Response } from '../../../server/db/models';
import { loadItemBankIfEmpty } from '../../../server/content/loadItemBank';
import type { Principal } from '../../../server/http/auth/authSessions';
import { useTestDatabase } from '../../support/database';
import { testLogger } from '../../support/config';
import { assignmentsForPupil } from '../../../server/school/rosters';
import { createTestSchool, someAnswer, type TestSchool } from '../http/appHarness';

useTestDatabase();

let now = new Date('2026-11-23T09:00:00Z');
const events: SittingEvents = { sittingChanged: () => undefined, progressChanged: () => undefined };
const finished: FinishedSitting[] = [];
const policyCalls: { pupil: Principal; moduleId: string; attempts: FinishedAttempt[]; now: Date }[] = [];
let verdict: Awaited<ReturnType<AttemptPolicy>> = { allowed: true };
const attemptPolicy: AttemptPolicy = async (pupil, moduleId, attempts, at) => {
  policyCalls.push({ pupil, moduleId, attempts: await attempts(), now: at });
  return verdict;
};
let service: AssessmentService;
let school: TestSchool;
let pupil: Principal;

beforeAll(async () => {
  await ensureIndexes();
  await loadItemBankIfEmpty(path.resolve(__dirname, '..', '..', '..', 'item-bank'), testLogger());
  school = await createTestSchool(1);
  pupil = { userId: school.pupilIds[0], role: 'pupil', schoolId: school.schoolId, name: school.pupils[0].name, staffRoles: [] };
  service = new AssessmentService({ events, logger: testLogger(), now: () => now, attemptPolicy, sittingFinished: (f) => finished.push(f) });
});
afterAll(() => service.close());

test('start-up drops the unique (pupil, assignment) index that made a second attempt impossible', async () => {
  await AssessmentSession.collection.dropIndex('pupilId_1_assignmentId_1_attempt_1').catch(() => undefined);
  await AssessmentSession.collection.createIndex({ pupilId: 1, assignmentId: 1 }, { unique: true });
  await ensureIndexes();
  const keys = (await AssessmentSession.collection.indexes()).map((index) => JSON.stringify(index.key));
  expect(keys).not.toContain(JSON.stringify({ pupilId: 1, assignmentId: 1 }));
  expect(keys).toContain(JSON.stringify({ pupilId: 1, assignmentId: 1, attempt: 1 }));
});

test('a resit only after the attempt is finished and the policy allows it; old clients get the latest attempt', async () => {
  const assignmentId = school.assignmentIds[0];
  const first = await service.start(pupil, assignmentId, { attempt: 'new' });
  expect(first).toMatchObject({ attempt: 1, status: 'in-progress', answered: 0 });
  await expect(service.start(pupil, assignmentId, { attempt: 'new' })).rejects.toMatchObject({ code: 'CONFLICT' });
  expect(policyCalls).toHaveLength(0);
  const answered = await service.answer(pupil, {
    sessionId: first.sessionId, sequence: 1, itemId: first.item!.id, answer: someAnswer(first.item!), idempotencyKey: 'resit-key-0001',
  });
  expect(await service.start(pupil, assignmentId)).toMatchObject({ sessionId: first.sessionId, attempt: 1, answered: 1, sequence: answered.sequence });

  // Time runs out: attempt 1 finishes, and the event carries what the credits ledger needs.
  now = new Date(now.getTime() + first.timeRemainingMs! + 60_000);
  const over = await service.resume(pupil, first.sessionId);
  expect(over).toMatchObject({ status: 'finished', attempt: 1 });
  const session = (await AssessmentSession.findById(first.sessionId).lean())!;
  expect(finished).toEqual([{
    sessionId: first.sessionId, pupilId: school.pupilIds[0], schoolId: school.schoolId, classId: String(session.classId),
    moduleId: session.moduleId, moduleVersion: session.moduleVersion, attempt: 1, finishedAt: now, result: over.result,
  }]);
  expect(session.status).toBe('finished');
  // Old clients (no attempt) still get the finished attempt rather than a new one.
  expect(await service.start(pupil, assignmentId)).toMatchObject({ sessionId: first.sessionId, status: 'finished' });

  verdict = { allowed: false, reason: 'Resits open after the teacher has reviewed the first attempt.' };
  await expect(service.start(pupil, assignmentId, { attempt: 'new' }))
    .rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Resits open after the teacher has reviewed the first attempt.' });
  expect(policyCalls).toHaveLength(1);
  expect(policyCalls[0]).toEqual({
    pupil, moduleId: session.moduleId, now,
    attempts: [{ sessionId: first.sessionId, finishedAt: now, result: over.result }],
  });
  expect(await AssessmentSession.countDocuments({ pupilId: school.pupilIds[0] })).toBe(1);

  verdict = { allowed: true };
  const second = await service.start(pupil, assignmentId, { attempt: 'new' });
  expect(second).toMatchObject({ attempt: 2, status: 'in-progress', answered: 0, sequence: 1 });
  expect(second.sessionId).not.toBe(first.sessionId);
  expect(await service.start(pupil, assignmentId)).toMatchObject({ sessionId: second.sessionId, attempt: 2 });
  // The pupil's home screen shows the latest attempt.
  const listed = (await assignmentsForPupil(pupil)).find((a) => a.assignmentId === assignmentId)!;
  expect(listed.session).toEqual({ id: second.sessionId, attempt: 2, status: 'in-progress' });
  await expect(service.start(pupil, assignmentId, { attempt: 'new' })).rejects.toMatchObject({ code: 'CONFLICT' });

  // Attempt 1 is untouched and finishes only once.
  expect(await Response.countDocuments({ sessionId: first.sessionId })).toBe(1);
  expect(await Response.countDocuments({ sessionId: second.sessionId })).toBe(0);
  await service.resume(pupil, first.sessionId);
  expect(finished).toHaveLength(1);
});
