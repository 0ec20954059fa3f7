import type { Socket } from 'socket.io-client';
import { AssessmentSession, Response } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import {
  connectSocket, createTestSchool, emitWithAck, loginPupil, loginTeacher, someAnswer, startApp,
  type AckBody, type RunningApp, type SittingStateBody, type TestSchool,
} from '../http/appHarness';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
const sockets: Socket[] = [];
let keyCounter = 0;

function key(): string {
  keyCounter += 1;
  return `key-${keyCounter}-${process.pid}-abcdef`;
}

async function pupilSocket(index: number): Promise<Socket> {
  const cookie = await loginPupil(running.baseUrl, school.code, school.pupils[index].pin);
  const socket = await connectSocket(running.baseUrl, '/sitting', cookie);
  sockets.push(socket);
  return socket;
}

async function start(socket: Socket, assignmentId = school.assignmentIds[0]): Promise<SittingStateBody> {
  const ack = await emitWithAck(socket, 'sitting:start', { assignmentId });
  expect(ack.ok).toBe(true);
  return ack.state!;
}

/** The state without the ticking clock (time remaining differs by the milliseconds between calls). */
function withoutClock(ack: AckBody): AckBody {
  return ack.state ? { ...ack, state: { ...ack.state, timeRemainingMs: null } } : ack;
}

function answerPayload(state: SittingStateBody, pick = 0) {
  return { sessionId: state.sessionId, sequence: state.sequence, itemId: state.item!.id, answer: someAnswer(state.item!, pick), idempotencyKey: key() };
}

/** A second app instance (a restarted server: no cached runs) with the pupil's socket on it. */
async function onRestartedServer(pupilIndex: number, work: (socket: Socket) => Promise<void>): Promise<void> {
  const restarted = await startApp();
  try {
    const cookie = await loginPupil(restarted.baseUrl, school.code, school.pupils[pupilIndex].pin);
    const fresh = await connectSocket(restarted.baseUrl, '/sitting', cookie);
    sockets.push(fresh);
    await work(fresh);
  } finally {
    await restarted.close();
  }
}

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(9);
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => running.close());

test('a pupil sits the module to the end: items carry no key, every answer is stored once, the result is reported', async () => {
  const socket = await pupilSocket(0);
  let state = await start(socket);
  expect(state).toMatchObject({ status: 'in-progress', sequence: 1, answered: 0, result: null });
  expect(state.timeRemainingMs).toBeGreaterThan(0);
  const seen = new Set<string>();
  for (let step = 0; state.status !== 'finished'; step++) {
    expect(step).toBeLessThan(40);
    const item = state.item!;
    expect(seen.has(item.id)).toBe(false);
    seen.add(item.id);
    expect(Object.keys(item).sort()).toEqual(expect.not.arrayContaining(['answer', 'parameters', 'feedback', 'marking']));
    expect(JSON.stringify(item)).not.toMatch(/"(correct|correctOrder|accepted|value|a|b|tolerance)"\s*:/);
    const ack = await emitWithAck(socket, 'sitting:answer', answerPayload(state, step));
    expect(ack.ok).toBe(true);
    expect(ack.state!.answered).toBe(step + 1);
    state = ack.state!;
  }
  expect(state.item).toBeNull();
  const result = state.result!;
  expect(Number.isFinite(result.theta)).toBe(true);
  expect(result.se).toBeGreaterThan(0);
  expect(result.scaleScore).toBe(Math.round(100 + 15 * result.theta));
  expect(['U', '1', '2', '3', '4', '5', '6', '7', '8', '9']).toContain(result.grade);
  expect(result.gradeProbability).toBeGreaterThan(0);
  expect(result.gradeProbability).toBeLessThanOrEqual(1);
  expect(['max-items', 'se-reached', 'classified', 'sprt', 'bank-exhausted']).toContain(result.stopReason);
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(state.answered);
  const stored = await AssessmentSession.findById(state.sessionId).lean();
  expect(stored).toMatchObject({ status: 'finished', answered: state.answered });

  // Starting again returns the finished session, not a new one.
  const again = await start(socket);
  expect(again.sessionId).toBe(state.sessionId);
  expect(again.status).toBe('finished');
});

test('a retried answer (same idempotency key) returns the same state and writes nothing', async () => {
  const socket = await pupilSocket(1);
  const state = await start(socket);
  const payload = answerPayload(state);
  const first = await emitWithAck(socket, 'sitting:answer', payload);
  const retry = await emitWithAck(socket, 'sitting:answer', payload);
  expect(first.ok).toBe(true);
  expect(withoutClock(retry)).toEqual(withoutClock(first));
  expect(retry.state!.timeRemainingMs).toBeLessThanOrEqual(first.state!.timeRemainingMs!);
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(1);
  // Two copies of the next answer sent at once: one is stored.
  const next = answerPayload(first.state!);
  const [a, b] = await Promise.all([emitWithAck(socket, 'sitting:answer', next), emitWithAck(socket, 'sitting:answer', next)]);
  expect(withoutClock(a)).toEqual(withoutClock(b));
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(2);
});

test("an answer for another pupil's session is refused and nothing is written", async () => {
  const owner = await pupilSocket(2);
  const state = await start(owner);
  const intruder = await pupilSocket(3);
  const ack = await emitWithAck(intruder, 'sitting:answer', answerPayload(state));
  expect(ack).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String), details: [] } });
  const resume = await emitWithAck(intruder, 'sitting:resume', { sessionId: state.sessionId });
  expect(resume.error?.code).toBe('FORBIDDEN');
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(0);
});

test('malformed payloads, unknown items, wrong sequence and oversized payloads: a clear error, nothing written, server alive', async () => {
  const socket = await pupilSocket(4);
  const state = await start(socket);
  const good = answerPayload(state);
  const cases: [unknown, string, string?][] = [
    [null, 'VALIDATION_FAILED'],
    ['just a string', 'VALIDATION_FAILED'],
    [{ ...good, sessionId: 'not-an-id' }, 'VALIDATION_FAILED', '/sessionId'],
    [{ ...good, sequence: 'one' }, 'VALIDATION_FAILED', '/sequence'],
    [{ ...good, idempotencyKey: undefined }, 'VALIDATION_FAILED', '/idempotencyKey'],
    [{ ...good, answer: { nested: { deeper: true } } }, 'VALIDATION_FAILED'],
    [{ ...good, itemId: 'no-such-item' }, 'VALIDATION_FAILED', '/itemId'],
    [{ ...good, sequence: 5 }, 'CONFLICT', '/sequence'],
    [{ ...good, sessionId: '0123456789abcdef01234567' }, 'NOT_FOUND'],
    [{ ...good, answer: 'x'.repeat(20_000) }, 'PAYLOAD_TOO_LARGE'],
  ];
  for (const [payload, code, path] of cases) {
    const ack = await emitWithAck<AckBody>(socket, 'sitting:answer', payload);
    expect({ payload, ok: ack.ok, code: ack.error?.code }).toEqual({ payload, ok: false, code });
    expect(ack.error!.message.length).toBeGreaterThan(0);
    if (path) expect(ack.error!.details.map((d) => d.path)).toContain(path);
  }
  // An event without an acknowledgement, and one with an unknown name, are ignored.
  socket.emit('sitting:answer', good);
  socket.emit('sitting:nonsense', { a: 1 }, () => undefined);
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(0);
  const ok = await emitWithAck(socket, 'sitting:answer', { ...good, idempotencyKey: key() });
  expect(ok.ok).toBe(true);
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(1);
});

test('a message over the transport limit drops that connection only; the server keeps serving', async () => {
  const socket = await pupilSocket(5);
  const state = await start(socket);
  const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  socket.emit('sitting:answer', { ...answerPayload(state), answer: 'y'.repeat(200_000) }, () => undefined);
  expect(await closed).toMatch(/transport/);
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(0);
  const again = await pupilSocket(5);
  const resumed = await emitWithAck(again, 'sitting:resume', { sessionId: state.sessionId });
  expect(resumed.state!.item!.id).toBe(state.item!.id);
});

test('resume after a disconnect, and after a server restart, returns the same item with nothing lost', async () => {
  const socket = await pupilSocket(6);
  let state = await start(socket);
  for (let i = 0; i < 3; i++) state = (await emitWithAck(socket, 'sitting:answer', answerPayload(state, i))).state!;
  socket.close();

  const back = await pupilSocket(6);
  const resumed = (await emitWithAck(back, 'sitting:resume', { sessionId: state.sessionId })).state!;
  expect({ ...resumed, timeRemainingMs: null }).toEqual({ ...state, timeRemainingMs: null });

  // A second app instance has no cached run: it replays the stored responses and the seed.
  await onRestartedServer(6, async (fresh) => {
  const replayed = (await emitWithAck(fresh, 'sitting:resume', { sessionId: state.sessionId })).state!;
  expect(replayed.item).toEqual(state.item);
  expect(replayed.sequence).toBe(4);
  expect(replayed.answered).toBe(3);
  const byStart = await emitWithAck(fresh, 'sitting:start', { assignmentId: school.assignmentIds[0] });
  expect(byStart.state!.item).toEqual(state.item);
  });
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(3);
});

test('a crash after storing a response (session document behind it) resumes from the responses', async () => {
  const socket = await pupilSocket(7);
  let state = await start(socket);
  state = (await emitWithAck(socket, 'sitting:answer', answerPayload(state))).state!;
  // Simulate kill -9 after the response insert: the session document lags one answer behind.
  await AssessmentSession.updateOne({ _id: state.sessionId }, { $set: { answered: 0 } });
  await onRestartedServer(7, async (fresh) => {
  const resumed = (await emitWithAck(fresh, 'sitting:resume', { sessionId: state.sessionId })).state!;
  expect(resumed).toMatchObject({ sequence: 2, answered: 1, item: state.item });
  });
});

test('the last answer is acknowledged with the result before the finish is written; a finish lost in a crash is written again, with the same result, at the next access', async () => {
  const socket = await pupilSocket(8);
  let state = await start(socket);
  for (let step = 0; state.status !== 'finished'; step++) {
    expect(step).toBeLessThan(40);
    state = (await emitWithAck(socket, 'sitting:answer', answerPayload(state, step))).state!;
  }
  const result = state.result!;
  // Its response was stored before the acknowledgement (rule 1), the finish just after it.
  expect(await Response.countDocuments({ sessionId: state.sessionId })).toBe(state.answered);
  for (let waited = 0; (await AssessmentSession.findById(state.sessionId).lean())!.status !== 'finished'; waited++) {
    expect(waited).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Simulate kill -9 between the acknowledgement and the finish's write.
  await AssessmentSession.updateOne({ _id: state.sessionId }, { $set: { status: 'in-progress', result: null, finishedAt: null, currentItemId: 'x' } });
  await onRestartedServer(8, async (fresh) => {
  const resumed = (await emitWithAck(fresh, 'sitting:resume', { sessionId: state.sessionId })).state!;
  expect(resumed).toMatchObject({ status: 'finished', answered: state.answered, item: null });
  expect(resumed.result).toEqual(result);
  const stored = await AssessmentSession.findById(state.sessionId).lean();
  expect(stored).toMatchObject({ status: 'finished', answered: state.answered, currentItemId: null });
  });
});

test('the handshake needs a pupil session cookie', async () => {
  await expect(connectSocket(running.baseUrl, '/sitting')).rejects.toMatchObject({ data: { error: { code: 'UNAUTHENTICATED' } } });
  const teacherCookie = await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password);
  await expect(connectSocket(running.baseUrl, '/sitting', teacherCookie)).rejects.toMatchObject({ data: { error: { code: 'FORBIDDEN' } } });
});

test('a pupil cannot start an assignment of a class they are not in', async () => {
  const other = await createTestSchool(1);
  const socket = await pupilSocket(0);
  const ack = await emitWithAck(socket, 'sitting:start', { assignmentId: other.assignmentIds[0] });
  expect(ack.error?.code).toBe('NOT_FOUND');
  expect(await AssessmentSession.countDocuments({ assignmentId: other.assignmentIds[0] })).toBe(0);
});
