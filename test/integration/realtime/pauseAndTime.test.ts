/**
 * The assessment service with a controlled clock: paused time does not count against the time
 * limit, and the limit is enforced on the server whatever the client does.
 */
import { AssessmentService, type SittingEvents } from '../../../server/assessment/assessmentService';
import type { PupilProgress, SittingState } from '../../../server/assessment/sittingState';
import { ensureIndexes, Response } from '../../../server/db/models';
import { loadItemBankIfEmpty } from '../../../server/content/loadItemBank';
import type { Principal } from '../../../server/http/auth/authSessions';
import { useTestDatabase } from '../../support/database';
import { testLogger } from '../../support/config';
import { createTestSchool, someAnswer, type TestSchool } from '../http/appHarness';
import path from 'node:path';

useTestDatabase();

let now = new Date('2026-11-23T09:00:00Z');
const advance = (minutes: number) => { now = new Date(now.getTime() + minutes * 60_000); };
const pushed: { sessionId: string; state: SittingState }[] = [];
const progress: PupilProgress[] = [];
const events: SittingEvents = {
  sittingChanged: (sessionId, state) => pushed.push({ sessionId, state }),
  progressChanged: (_classId, p) => progress.push(p),
};
let service: AssessmentService;
let school: TestSchool;
let pupil: Principal;
let teacher: Principal;
let keys = 0;

beforeAll(async () => {
  await ensureIndexes();
  await loadItemBankIfEmpty(path.resolve(__dirname, '..', '..', '..', 'item-bank'), testLogger());
  school = await createTestSchool(1);
  pupil = { userId: school.pupilIds[0], role: 'pupil', schoolId: school.schoolId, name: school.pupils[0].name, staffRoles: [] };
  teacher = { userId: school.teacherId, role: 'teacher', schoolId: school.schoolId, name: 'T', staffRoles: ['teacher'] };
  service = new AssessmentService({ events, logger: testLogger(), now: () => now });
});
afterAll(() => service.close());

function answer(state: SittingState) {
  keys += 1;
  return service.answer(pupil, { sessionId: state.sessionId, sequence: state.sequence, itemId: state.item!.id, answer: someAnswer(state.item!), idempotencyKey: `time-key-${keys}-abcdef` });
}

test('paused time does not count; after the limit an answer is TIME_UP, nothing is written and the session finishes', async () => {
  let state = await service.start(pupil, school.assignmentIds[0]);
  // The assigned module's own limit, in minutes (the content decides it; at least 10 here).
  const limitMs = state.timeRemainingMs!;
  const limit = limitMs / 60_000;
  expect(Number.isInteger(limit) && limit >= 10).toBe(true);
  advance(5);
  state = await answer(state);
  expect(state.timeRemainingMs).toBe(limitMs - 5 * 60_000);

  await service.setPaused(teacher, state.sessionId, true);
  expect(pushed.at(-1)).toMatchObject({ sessionId: state.sessionId, state: { status: 'paused', timeRemainingMs: limitMs - 5 * 60_000 } });
  expect(progress.at(-1)).toMatchObject({ status: 'paused', itemNumber: 2, elapsedMs: 5 * 60_000 });
  advance(60);
  await expect(answer(state)).rejects.toMatchObject({ code: 'CONFLICT' });
  await service.setPaused(teacher, state.sessionId, false);
  expect(pushed.at(-1)!.state).toMatchObject({ status: 'in-progress', timeRemainingMs: limitMs - 5 * 60_000 });

  advance(limit - 6);
  state = await answer(state);
  expect(state.timeRemainingMs).toBe(60_000);
  advance(2);
  await expect(answer(state)).rejects.toMatchObject({ code: 'TIME_UP' });
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(2);
  const finished = await service.resume(pupil, state.sessionId);
  expect(finished).toMatchObject({ status: 'finished', item: null, answered: 2, timeRemainingMs: 0 });
  expect(finished.result!.stopReason).toBe('time-up');
  expect(progress.at(-1)).toMatchObject({ status: 'finished', itemNumber: 2, elapsedMs: limitMs });
  await expect(service.setPaused(teacher, state.sessionId, true)).rejects.toMatchObject({ code: 'CONFLICT' });
});
