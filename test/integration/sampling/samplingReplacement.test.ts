/**
 * A refusing school replaced by its first replacement (codes withdrawn, new pupils and codes,
 * response rates before and after replacement), an adaptive pool sat to its stopping rule, and
 * the remaining bad input of the cycle routes (window, forms, refusal of an unknown school).
 */
import request from 'supertest';
import { SamplingCycle, SamplingParticipant } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginTeacher, startApp, type RunningApp } from '../http/appHarness';
import { SamplingSittings } from '../../../server/samplingService/samplingSittings';
import { resolveSamplingKey } from '../../../server/samplingService/samplingKey';
import { testConfig, testLogger } from '../../support/config';
import { answerFor, codesOf, connectNamespace, CSRF, loginSamplingPupil, openCycle, POOL, sitWholeForm, syntheticFrameCsv } from './samplingHarness';

jest.setTimeout(180_000);
useTestDatabase();

let running: RunningApp;
let adminCookie: string;
const admin = { email: `replace-admin-${process.pid}@r.test`, password: 'replace-pass', name: 'Admin R', roles: ['sampling-administrator'] as const };

beforeAll(async () => {
  running = await startApp();
  await createTestSchool(1, [admin]);
  adminCookie = await loginTeacher(running.baseUrl, admin.email, admin.password);
});
afterAll(() => running.close());

const post = (path: string, body: unknown) => request(running.baseUrl).post(path).set(CSRF).set('Cookie', adminCookie).send(body as object);

test('a refusing school is replaced: its codes stop working, the replacement gets pupils, rates count it after replacement', async () => {
  const { cycleId } = await openCycle(running.baseUrl, adminCookie, { name: 'Replacement', schools: 4, pupilsPerSchool: 3, frame: syntheticFrameCsv(6), seed: 11 });
  const cycle = await SamplingCycle.findById(cycleId).lean();
  const sampled = (cycle!.sample as { schools: { schoolId: string; firstReplacement: string | null; secondReplacement: string | null }[] }).schools;
  const refusing = sampled.find((s) => s.firstReplacement !== null)!;
  const oldCodes = (await SamplingParticipant.find({ cycleId, schoolId: refusing.schoolId }, { code: 1 }).lean()).map((p) => p.code!);
  expect(oldCodes).toHaveLength(3);

  const refused = await post(`/api/sampling/admin/cycles/${cycleId}/schools/${refusing.schoolId}/refusal`, {}).expect(200);
  expect(refused.body.school).toMatchObject({ schoolId: refusing.schoolId, refused: true, replacementId: refusing.firstReplacement });
  await post(`/api/sampling/admin/cycles/${cycleId}/schools/${refusing.schoolId}/refusal`, {}).expect(409);
  await post(`/api/sampling/admin/cycles/${cycleId}/schools/NOPE/refusal`, {}).expect(404);
  const login = await request(running.baseUrl).post('/api/sampling/sitting/login').set(CSRF).send({ code: oldCodes[0] }).expect(401);
  expect(login.body.error.code).toBe('UNAUTHENTICATED');
  const replacementPupils = await SamplingParticipant.find({ cycleId, schoolId: refusing.firstReplacement }).lean();
  expect(replacementPupils).toHaveLength(3);
  expect(replacementPupils.every((p) => p.sampledSchoolId === refusing.schoolId && p.formId !== null)).toBe(true);

  for (const code of await codesOf(cycleId)) await sitWholeForm(running.baseUrl, code, 0.5);
  const progress = await request(running.baseUrl).get(`/api/sampling/admin/cycles/${cycleId}/progress`).set('Cookie', adminCookie).expect(200);
  const rates = progress.body.progress.responseRates;
  expect(rates.weighted.schoolAfterReplacement).toBeCloseTo(1, 10);
  expect(rates.weighted.schoolBeforeReplacement).toBeLessThan(1);
  expect(rates.weighted.pupil).toBeCloseTo(1, 10);
  expect(rates.meetsThresholds).toBe(true);
});

test('an adaptive pool is sat to the module’s stopping rule, with no result', async () => {
  const created = await post('/api/sampling/admin/cycles', { name: 'Adaptive', moduleId: 'fdp-1', schools: 4, pupilsPerSchool: 2, seed: 5 }).expect(201);
  const cycleId = created.body.cycle.id;
  await post(`/api/sampling/admin/cycles/${cycleId}/frame`, { csv: syntheticFrameCsv(4) }).expect(200);
  await post(`/api/sampling/admin/cycles/${cycleId}/forms`, { mode: 'adaptive', itemIds: ['fdp-001'] }).expect(400);
  await post(`/api/sampling/admin/cycles/${cycleId}/forms`, { mode: 'adaptive', itemIds: ['not-an-item'] }).expect(400);
  await post(`/api/sampling/admin/cycles/${cycleId}/forms`, { mode: 'forms', newBlocks: 3, blocksPerForm: 3, itemIds: POOL }).expect(400);
  await post(`/api/sampling/admin/cycles/${cycleId}/forms`, { mode: 'adaptive', itemIds: POOL }).expect(200);
  await post(`/api/sampling/admin/cycles/${cycleId}/publish`, { opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(409);
  await post(`/api/sampling/admin/cycles/${cycleId}/draw`, {}).expect(200);
  const now = Date.now();
  const backwards = await post(`/api/sampling/admin/cycles/${cycleId}/publish`, { opensAt: new Date(now).toISOString(), closesAt: new Date(now - 1000).toISOString() }).expect(400);
  expect(backwards.body.error.details[0].path).toBe('/closesAt');
  await post(`/api/sampling/admin/cycles/${cycleId}/publish`, { opensAt: 'tomorrow', closesAt: 'later' }).expect(400);
  // A window that has not opened yet refuses logins.
  await post(`/api/sampling/admin/cycles/${cycleId}/publish`, { opensAt: new Date(now + 3_600_000).toISOString(), closesAt: new Date(now + 7_200_000).toISOString() }).expect(200);
  const [code] = await codesOf(cycleId);
  const early = await request(running.baseUrl).post('/api/sampling/sitting/login').set(CSRF).send({ code }).expect(409);
  expect(early.body.error.message).toMatch(/not open/);
  await SamplingCycle.updateOne({ _id: cycleId }, { $set: { 'window.opensAt': new Date(now - 1000) } });
  expect(await loginSamplingPupil(running.baseUrl, code)).toMatch(/^wm_sampling=/);
  const state = await sitWholeForm(running.baseUrl, code, 0.3);
  expect(state).toMatchObject({ status: 'finished', result: null });
  // fdp-1 stops between 8 and 15 items (or at SE 0.4): the adaptive rule, capped by the pool.
  expect((state as unknown as { answered: number }).answered).toBeGreaterThanOrEqual(8);
  expect((state as unknown as { answered: number }).answered).toBeLessThanOrEqual(15);
});

test('after a restart (a new service instance) a sitting resumes by replaying its stored answers', async () => {
  const { cycleId } = await openCycle(running.baseUrl, adminCookie, { name: 'Replay', schools: 4, pupilsPerSchool: 2, frame: syntheticFrameCsv(4), seed: 21 });
  const [code] = await codesOf(cycleId);
  const socket = await connectNamespace(running.baseUrl, '/sampling-sitting', await loginSamplingPupil(running.baseUrl, code));
  let ack = await socket.emitWithAck('sampling:start', {});
  for (let k = 0; k < 3; k++) {
    const { state } = ack;
    ack = await socket.emitWithAck('sampling:answer', { sessionId: state.sessionId, sequence: state.sequence, itemId: state.item.id, answer: answerFor(state.item, k % 2 === 0), idempotencyKey: `replay-key-${k}` });
    expect(ack.ok).toBe(true);
  }
  socket.disconnect();
  const participant = await SamplingParticipant.findOne({ cycleId, code }, { _id: 1 }).lean();
  const fresh = new SamplingSittings(resolveSamplingKey(null, testConfig().dataDir), { logger: testLogger() });
  const resumed = await fresh.resume({ participantKey: participant!._id, cycleId }, ack.state.sessionId);
  expect(resumed).toEqual(ack.state);
  expect(resumed.sequence).toBe(4);
  await fresh.close();
});
