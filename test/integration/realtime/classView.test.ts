import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { AssessmentSession, Response } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import {
  connectSocket, createTestSchool, emitWithAck, loginPupil, loginTeacher, someAnswer, startApp,
  type RunningApp, type SittingStateBody, type TestSchool,
} from '../http/appHarness';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
let otherSchool: TestSchool;
const sockets: Socket[] = [];
let keyCounter = 0;

interface Progress {
  pupilId: string;
  name: string;
  sessionId: string | null;
  moduleId: string | null;
  status: string;
  itemNumber: number;
  elapsedMs: number;
  result: { grade: string } | null;
}

async function track(socket: Socket): Promise<Socket> {
  sockets.push(socket);
  return socket;
}

async function teacherSocket(of: TestSchool): Promise<{ socket: Socket; cookie: string }> {
  const cookie = await loginTeacher(running.baseUrl, of.teacher.email, of.teacher.password);
  return { socket: await track(await connectSocket(running.baseUrl, '/class', cookie)), cookie };
}

async function pupilSocket(index: number): Promise<Socket> {
  const cookie = await loginPupil(running.baseUrl, school.code, school.pupils[index].pin);
  return track(await connectSocket(running.baseUrl, '/sitting', cookie));
}

async function answer(socket: Socket, state: SittingStateBody, pick = 0) {
  keyCounter += 1;
  return emitWithAck(socket, 'sitting:answer', {
    sessionId: state.sessionId, sequence: state.sequence, itemId: state.item!.id,
    answer: someAnswer(state.item!, pick), idempotencyKey: `class-key-${keyCounter}-abcdef`,
  });
}

function collect(socket: Socket): Progress[] {
  const events: Progress[] = [];
  socket.on('class:progress', (progress: Progress) => events.push(progress));
  return events;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(3);
  otherSchool = await createTestSchool(1);
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => running.close());

test('a teacher watching their class sees a pupil start, answer, get paused and finish', async () => {
  const { socket: teacher, cookie } = await teacherSocket(school);
  const snapshot = await emitWithAck(teacher, 'class:watch', { classId: school.classId });
  expect(snapshot.ok).toBe(true);
  expect(snapshot.snapshot!.classId).toBe(school.classId);
  expect(snapshot.snapshot!.pupils).toHaveLength(3);
  expect(snapshot.snapshot!.pupils[0]).toEqual({
    pupilId: expect.any(String), name: school.pupils[0].name, sessionId: null, moduleId: null, status: 'not-started', itemNumber: 0, elapsedMs: 0, result: null,
  });
  const events = collect(teacher);
  const outsider = (await teacherSocket(otherSchool)).socket;
  const outsiderEvents = collect(outsider);

  const pupil = await pupilSocket(0);
  let state = (await emitWithAck(pupil, 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;
  await until(() => events.some((e) => e.status === 'in-progress' && e.itemNumber === 1));
  expect(events[0]).toMatchObject({ pupilId: school.pupilIds[0], sessionId: state.sessionId, status: 'in-progress', itemNumber: 1 });
  state = (await answer(pupil, state)).state!;
  await until(() => events.some((e) => e.itemNumber === 2));
  const mine = events.filter((e) => e.pupilId === school.pupilIds[0]);
  expect(mine.at(-1)).toMatchObject({ name: school.pupils[0].name, sessionId: state.sessionId, moduleId: 'fdp-1', status: 'in-progress', itemNumber: 2, result: null });

  // Pause: the pupil's screen is told, answers are refused, the teacher sees it.
  const pushed = new Promise<SittingStateBody>((resolve) => pupil.once('sitting:state', resolve));
  const pause = await request(running.baseUrl).post(`/api/teacher/sessions/${state.sessionId}/pause`)
    .set('X-Waymark-CSRF', '1').set('Cookie', cookie).send({ paused: true }).expect(200);
  expect(pause.body).toEqual({ session: { id: state.sessionId, paused: true } });
  expect((await pushed).status).toBe('paused');
  await until(() => events.at(-1)?.status === 'paused');
  const refused = await answer(pupil, state);
  expect(refused.error?.code).toBe('CONFLICT');
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(1);
  await request(running.baseUrl).post(`/api/teacher/sessions/${state.sessionId}/pause`)
    .set('X-Waymark-CSRF', '1').set('Cookie', cookie).send({ paused: false }).expect(200);
  await until(() => events.at(-1)?.status === 'in-progress');

  for (let step = 1; state.status !== 'finished'; step++) {
    expect(step).toBeLessThan(40);
    state = (await answer(pupil, state, step)).state!;
  }
  await until(() => events.at(-1)?.status === 'finished');
  expect(events.at(-1)!.result).toEqual(state.result);
  expect(events.at(-1)!.itemNumber).toBe(state.answered);
  expect(outsiderEvents).toEqual([]);

  const later = await emitWithAck(teacher, 'class:watch', { classId: school.classId });
  const row = later.snapshot!.pupils.find((p) => p.pupilId === school.pupilIds[0]);
  expect(row).toMatchObject({ status: 'finished', sessionId: state.sessionId, result: state.result });
});

test("a teacher cannot watch, pause or list another school's class", async () => {
  const { socket: outsider, cookie } = await teacherSocket(otherSchool);
  const ack = await emitWithAck(outsider, 'class:watch', { classId: school.classId });
  expect(ack).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String), details: [] } });
  const bad = await emitWithAck(outsider, 'class:watch', { classId: 42 });
  expect(bad.error?.code).toBe('VALIDATION_FAILED');

  const pupil = await pupilSocket(1);
  const state = (await emitWithAck(pupil, 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;
  const pause = await request(running.baseUrl).post(`/api/teacher/sessions/${state.sessionId}/pause`)
    .set('X-Waymark-CSRF', '1').set('Cookie', cookie).send({ paused: true }).expect(404);
  expect(pause.body.error.code).toBe('NOT_FOUND');
  expect((await AssessmentSession.findById(state.sessionId).lean())!.paused).toBe(false);

  const classes = await request(running.baseUrl).get('/api/teacher/classes').set('Cookie', cookie).expect(200);
  expect(classes.body.classes.map((c: { id: string }) => c.id)).toEqual([otherSchool.classId]);
});

test('a pupil cannot open the class view', async () => {
  const cookie = await loginPupil(running.baseUrl, school.code, school.pupils[2].pin);
  await expect(connectSocket(running.baseUrl, '/class', cookie)).rejects.toMatchObject({ data: { error: { code: 'FORBIDDEN' } } });
});

test('the time limit is enforced by the server: an answer after it is TIME_UP and the session finishes', async () => {
  const pupil = await pupilSocket(2);
  const state = (await emitWithAck(pupil, 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;
  expect(state.timeRemainingMs).toBeGreaterThan(0);
  // Move the start back past the module's limit instead of waiting for it, and serve the pupil
  // from a restarted app so the change is read from the database.
  await AssessmentSession.updateOne({ _id: state.sessionId }, { $set: { startedAt: new Date(Date.now() - state.timeRemainingMs! - 60_000) } });
  const restarted = await startApp();
  try {
    const cookie = await loginPupil(restarted.baseUrl, school.code, school.pupils[2].pin);
    const socket = await track(await connectSocket(restarted.baseUrl, '/sitting', cookie));
    const late = await answer(socket, state);
    expect(late.error?.code).toBe('TIME_UP');
    expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(0);
    const resumed = (await emitWithAck(socket, 'sitting:resume', { sessionId: state.sessionId })).state!;
    expect(resumed).toMatchObject({ status: 'finished', item: null, timeRemainingMs: 0 });
    expect(resumed.result!.stopReason).toBe('time-up');
    expect((await AssessmentSession.findById(state.sessionId).lean())!.status).toBe('finished');
  } finally {
    await restarted.close();
  }
});

test("after a restart the class view counts a running session's stored responses", async () => {
  const pupil = await pupilSocket(1);
  let state = (await emitWithAck(pupil, 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;
  state = (await answer(pupil, state)).state!;
  state = (await answer(pupil, state, 1)).state!;
  const restarted = await startApp();
  try {
    const cookie = await loginTeacher(restarted.baseUrl, school.teacher.email, school.teacher.password);
    const teacher = await track(await connectSocket(restarted.baseUrl, '/class', cookie));
    const snapshot = await emitWithAck(teacher, 'class:watch', { classId: school.classId });
    const row = snapshot.snapshot!.pupils.find((p) => p.pupilId === school.pupilIds[1]);
    expect(row).toMatchObject({ sessionId: state.sessionId, status: 'in-progress', itemNumber: 3 });
  } finally {
    await restarted.close();
  }
});

test('logging out closes the live connections opened with that login', async () => {
  const { socket, cookie } = await teacherSocket(school);
  const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  await request(running.baseUrl).post('/api/auth/logout').set('X-Waymark-CSRF', '1').set('Cookie', cookie).expect(204);
  expect(await closed).toBe('io server disconnect');
  await expect(connectSocket(running.baseUrl, '/class', cookie)).rejects.toMatchObject({ data: { error: { code: 'UNAUTHENTICATED' } } });
});
