/**
 * Two things the server does on its own, against the real app on FerretDB: the time-limit timer
 * finishes a session and tells the pupil's screen with no answer arriving, and a graceful
 * shutdown lets an answer already being written be stored AND acknowledged.
 */
import type { Socket } from 'socket.io-client';
import { AssessmentSession, Response } from '../../../server/db/models';
import { responseWriteConnection } from '../../../server/db/connection';
import { useTestDatabase } from '../../support/database';
import {
  connectSocket, createTestSchool, emitWithAck, loginPupil, someAnswer, startApp,
  type RunningApp, type SittingStateBody, type TestSchool,
} from '../http/appHarness';

useTestDatabase();

let school: TestSchool;
const apps: RunningApp[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  // The first start loads the item bank; the school's class is then assigned its modules.
  const loader = await startApp();
  await loader.close();
  school = await createTestSchool(2);
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const app of apps.splice(0)) await app.close().catch(() => undefined);
});

async function app(): Promise<RunningApp> {
  const running = await startApp();
  apps.push(running);
  return running;
}

async function pupilSocket(running: RunningApp, index: number): Promise<Socket> {
  const cookie = await loginPupil(running.baseUrl, school.code, school.pupils[index].pin);
  const socket = await connectSocket(running.baseUrl, '/sitting', cookie);
  sockets.push(socket);
  return socket;
}

test("the server's timer finishes a session at its time limit and pushes sitting:state, with no answer arriving", async () => {
  const first = await app();
  const started = (await emitWithAck(await pupilSocket(first, 0), 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;
  expect(started.timeRemainingMs).toBeGreaterThan(0);
  // Serve the pupil from a fresh process, so the session is read back from the database, after
  // moving its start back until only a few seconds of the limit are left (a margin for this
  // shared machine to finish the resume first).
  const second = await app();
  const socket = await pupilSocket(second, 0);
  const pushed = new Promise<SittingStateBody>((resolve) => socket.on('sitting:state', resolve));
  const startedAt = new Date(Date.now() - started.timeRemainingMs! + 6000);
  await AssessmentSession.updateOne({ _id: started.sessionId }, { $set: { startedAt } });
  const resumed = (await emitWithAck(socket, 'sitting:resume', { sessionId: started.sessionId })).state!;
  expect(resumed.status).toBe('in-progress');
  expect(resumed.timeRemainingMs).toBeLessThanOrEqual(6000);

  const state = await pushed;
  expect(state).toMatchObject({ sessionId: started.sessionId, status: 'finished', item: null, answered: 0, timeRemainingMs: 0 });
  expect(state.result!.stopReason).toBe('time-up');
  const stored = (await AssessmentSession.findById(started.sessionId).lean())!;
  expect(stored.status).toBe('finished');
  expect((stored.result as { stopReason: string }).stopReason).toBe('time-up');
  expect(await Response.countDocuments({ sessionId: started.sessionId })).toBe(0);
});

test('graceful shutdown: an answer whose write is in flight when close() is called is stored and acknowledged', async () => {
  const running = await app();
  const socket = await pupilSocket(running, 1);
  const state = (await emitWithAck(socket, 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;

  // Hold the response insert at the database until close() has been called.
  const responses = responseWriteConnection().collection(Response.collection.collectionName);
  const insertMany = responses.insertMany;
  let release!: () => void;
  const writeStarted = new Promise<void>((resolve) => {
    responses.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      resolve();
      await new Promise<void>((go) => { release = go; });
      return insertMany.apply(responses, args);
    }) as typeof insertMany;
  });
  try {
    const acked = emitWithAck(socket, 'sitting:answer', {
      sessionId: state.sessionId, sequence: 1, itemId: state.item!.id, answer: someAnswer(state.item!), idempotencyKey: 'shutdown-key-0001',
    });
    await writeStarted;
    let closed = false;
    const closing = running.close().then(() => { closed = true; });
    apps.splice(apps.indexOf(running), 1);
    // close() is waiting for the write: nothing is acknowledged or closed yet, and new work is
    // refused with BUSY (nothing done; the client resends it to the restarted server).
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    const refused = await emitWithAck(socket, 'sitting:resume', { sessionId: state.sessionId });
    expect(refused).toEqual({ ok: false, error: { code: 'BUSY', message: expect.any(String), details: [], retryAfterMs: expect.any(Number) } });
    expect(closed).toBe(false);
    release();
    const ack = await acked;
    expect(ack.ok).toBe(true);
    expect(ack.state).toMatchObject({ sessionId: state.sessionId, answered: 1, sequence: 2 });
    await closing;
    expect(closed).toBe(true);
  } finally {
    responses.insertMany = insertMany;
  }
  const stored = await Response.find({ sessionId: state.sessionId }).lean();
  expect(stored.map((r) => [r.sequence, r.idempotencyKey])).toEqual([[1, 'shutdown-key-0001']]);
});
