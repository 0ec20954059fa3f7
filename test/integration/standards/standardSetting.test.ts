/**
 * Standard setting on FerretDB through the real app: only standards managers; the item-mapping
 * review; bad cuts refused naming the boundary with nothing written; publishing creates a new
 * module version and a decision record, and never re-grades a result already given; new
 * module versions are validated all or nothing.
 */
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { AssessmentModule, AssessmentSession } from '../../../server/db/models';
import { CutScoreDecision } from '../../../server/db/models/cutScoreDecision';
import { useTestDatabase } from '../../support/database';
import {
  connectSocket, createTestSchool, emitWithAck, loginPupil, loginTeacher, someAnswer, startApp,
  type RunningApp, type SittingStateBody, type TestSchool,
} from '../http/appHarness';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
let manager: string;
let teacher: string;
const standards = { email: `standards-${process.pid}@std.test`, password: 'standards-pass', name: 'Dr Adeyemi', roles: ['standards-manager'] as const };
const sockets: Socket[] = [];
const MODULE = 'fdp-1';

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(2, [standards]);
  manager = await loginTeacher(running.baseUrl, standards.email, standards.password);
  teacher = await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await running.close();
});

const api = () => request(running.baseUrl);
const post = (path: string, cookie: string) => api().post(path).set('Cookie', cookie).set('X-Waymark-CSRF', '1');

async function sitToTheEnd(pupil: number): Promise<SittingStateBody> {
  const cookie = await loginPupil(running.baseUrl, school.code, school.pupils[pupil].pin);
  const socket = await connectSocket(running.baseUrl, '/sitting', cookie);
  sockets.push(socket);
  let state = (await emitWithAck(socket, 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;
  for (let step = 0; state.item && step < 60; step++) {
    const ack = await emitWithAck(socket, 'sitting:answer', {
      sessionId: state.sessionId, sequence: state.sequence, itemId: state.item.id, answer: someAnswer(state.item, step), idempotencyKey: `k-${pupil}-${step}-${process.pid}`,
    });
    expect(ack.ok).toBe(true);
    state = ack.state!;
  }
  expect(state.result).not.toBeNull();
  return state;
}

/** Cuts for every boundary from the review: the proposal where it has one, else the published cut, with reasons. */
async function reviewedCuts(): Promise<{ version: number; cuts: { grade: string; theta: number; reason?: string }[] }> {
  const view = (await api().get(`/api/standards/modules/${MODULE}/standard-setting`).set('Cookie', manager).expect(200)).body;
  const cuts = view.proposed.map((p: { grade: string; theta: number | null; position: string }, i: number) => (p.theta !== null && p.position === 'inside'
    ? { grade: p.grade, theta: p.theta }
    : { grade: p.grade, theta: view.published.boundaries[i].theta, reason: 'No calibrated item maps this grade yet; the published cut stands.' }));
  // Item mapping may not increase across every boundary with provisional parameters: fall back to the published cuts then.
  const increasing = cuts.every((c: { theta: number }, i: number) => i === 0 || c.theta > cuts[i - 1].theta);
  return {
    version: view.module.version,
    cuts: increasing ? cuts : view.published.boundaries.map((b: { grade: string; theta: number }) => ({ ...b, reason: 'Keeping the published cut while the proposal is reviewed.' })),
  };
}

test('only standards managers reach the standards and calibration routes', async () => {
  await api().get('/api/standards/modules').expect(401);
  const forbidden = await api().get('/api/standards/modules').set('Cookie', teacher).expect(403);
  expect(forbidden.body.error.code).toBe('FORBIDDEN');
  await api().get('/api/calibration/runs').set('Cookie', teacher).expect(403);
  await post('/api/calibration/runs', teacher).send({ moduleId: MODULE }).expect(403);
  await post(`/api/standards/modules/${MODULE}/cut-scores`, teacher).send({}).expect(403);
  const pupil = await loginPupil(running.baseUrl, school.code, school.pupils[0].pin);
  await api().get(`/api/standards/modules/${MODULE}/standard-setting`).set('Cookie', pupil).expect(403);
  const list = await api().get('/api/standards/modules').set('Cookie', manager).expect(200);
  expect(list.body.modules.map((m: { id: string }) => m.id)).toContain(MODULE);
});

test('the review shows the proposal, the item map at RP 0.67 and the published cuts; no IRT parameters leave', async () => {
  const view = (await api().get(`/api/standards/modules/${MODULE}/standard-setting`).set('Cookie', manager).expect(200)).body;
  expect(view.rp).toBe(0.67);
  expect(view.grades[0]).toBe(view.published.belowLowest);
  expect(view.proposed).toHaveLength(view.published.boundaries.length);
  // The item map is ordered by RP location, easiest first.
  const thetas = view.itemMap.map((m: { theta: number }) => m.theta);
  expect(thetas).toEqual([...thetas].sort((x, y) => x - y));
  expect(JSON.stringify(view)).not.toMatch(/"(a|b|thresholds|steps)"\s*:/);
  const other = (await api().get(`/api/standards/modules/${MODULE}/standard-setting?rp=0.5`).set('Cookie', manager).expect(200)).body;
  expect(other.rp).toBe(0.5);
  // A lower response probability maps every item lower (or equal at the bound).
  for (const mark of other.itemMap) {
    const at67 = view.itemMap.find((m: { itemId: string }) => m.itemId === mark.itemId);
    expect(mark.theta).toBeLessThanOrEqual(at67.theta + 1e-9);
  }
  const bad = await api().get(`/api/standards/modules/${MODULE}/standard-setting?rp=1.5`).set('Cookie', manager).expect(400);
  expect(bad.body.error.details[0].path).toBe('/rp');
  await api().get('/api/standards/modules/no-such-module/standard-setting').set('Cookie', manager).expect(404);
});

test('cuts out of order, outside [−6, 6], or moved without a reason are refused naming the boundary; nothing is written', async () => {
  const { version, cuts } = await reviewedCuts();
  const modulesBefore = await AssessmentModule.countDocuments({ moduleId: MODULE });
  const swapped = cuts.map((c) => ({ ...c, reason: 'Panel judgement after reviewing the item map.' }));
  [swapped[1].theta, swapped[2].theta] = [swapped[2].theta, swapped[1].theta];
  const outOfOrder = await post(`/api/standards/modules/${MODULE}/cut-scores`, manager)
    .send({ basedOnVersion: version, reason: 'Annual review of the cut scores.', cuts: swapped }).expect(400);
  expect(outOfOrder.body.error.code).toBe('VALIDATION_FAILED');
  expect(outOfOrder.body.error.details).toContainEqual({ path: '/cuts/2/theta', message: expect.stringContaining(`grade ${cuts[2].grade}`) });

  const tooHigh = cuts.map((c, i) => (i === cuts.length - 1 ? { ...c, theta: 7, reason: 'Testing the boundary of the scale.' } : c));
  const outside = await post(`/api/standards/modules/${MODULE}/cut-scores`, manager)
    .send({ basedOnVersion: version, reason: 'Annual review of the cut scores.', cuts: tooHigh }).expect(400);
  expect(outside.body.error.details).toContainEqual({ path: `/cuts/${cuts.length - 1}/theta`, message: expect.stringMatching(/between -6 and 6/) });

  const moved = cuts.map((c, i) => (i === 0 ? { grade: c.grade, theta: c.theta - 0.05 } : c));
  const noReason = await post(`/api/standards/modules/${MODULE}/cut-scores`, manager)
    .send({ basedOnVersion: version, reason: 'Annual review of the cut scores.', cuts: moved }).expect(400);
  expect(noReason.body.error.details).toContainEqual({ path: '/cuts/0/reason', message: expect.stringContaining('say why') });

  const wrongGrades = await post(`/api/standards/modules/${MODULE}/cut-scores`, manager)
    .send({ basedOnVersion: version, reason: 'Annual review of the cut scores.', cuts: cuts.slice(1) }).expect(400);
  expect(wrongGrades.body.error.details[0].path).toBe('/cuts');
  const malformed = await post(`/api/standards/modules/${MODULE}/cut-scores`, manager).send({ basedOnVersion: 'one', cuts: 'none' }).expect(400);
  expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['/basedOnVersion', '/cuts']));

  expect(await AssessmentModule.countDocuments({ moduleId: MODULE })).toBe(modulesBefore);
  expect(await CutScoreDecision.countDocuments({ moduleId: MODULE })).toBe(0);
});

test('publishing creates a new module version with a new cut-score label and never re-grades a finished result', async () => {
  const before = await sitToTheEnd(0);
  const oldLabel = (await AssessmentModule.findOne({ moduleId: MODULE }).sort({ version: -1 }).lean())!.definition.cutScores.version;
  const storedBefore = await AssessmentSession.findById(before.sessionId).lean();
  expect(storedBefore!.result.cutScores).toMatchObject({ version: oldLabel });

  const { version, cuts } = await reviewedCuts();
  // Move the grade-boundary nearest the pupil's θ well past it, so a re-grade would show.
  const adjusted = cuts.map((c) => ({ ...c }));
  const i = adjusted.findIndex((c) => c.theta > before.result!.theta);
  const target = i === -1 ? adjusted.length - 1 : i;
  const newTheta = Math.max(-5.9, (target > 0 ? adjusted[target - 1].theta : -5.9) + 0.01);
  const shifted = Math.abs(newTheta - adjusted[target].theta) > 1e-6;
  adjusted[target] = { grade: adjusted[target].grade, theta: shifted ? newTheta : adjusted[target].theta, reason: 'The panel judged the grade boundary too demanding for the criteria.' };

  const published = await post(`/api/standards/modules/${MODULE}/cut-scores`, manager)
    .send({ basedOnVersion: version, reason: 'Standard setting meeting, November 2026.', cuts: adjusted }).expect(201);
  expect(published.body.moduleVersion).toBe(version + 1);
  expect(published.body.decision).toMatchObject({ version: 1, moduleVersion: version + 1, publishedByName: standards.name, reason: 'Standard setting meeting, November 2026.', supersedes: null });
  expect(published.body.decision.label).toMatch(new RegExp(`^${MODULE}-cuts-v1-\\d{4}-\\d{2}-\\d{2}$`));
  const newest = (await AssessmentModule.findOne({ moduleId: MODULE, version: version + 1 }).lean())!;
  expect(newest.definition.cutScores).toMatchObject({ version: published.body.decision.label, provisional: false });
  expect(newest.definition.cutScores.boundaries.map((b: { theta: number }) => b.theta)).toEqual(adjusted.map((c) => c.theta));
  const decisions = (await api().get(`/api/standards/modules/${MODULE}/cut-score-decisions`).set('Cookie', manager).expect(200)).body.decisions;
  expect(decisions).toHaveLength(1);
  if (shifted) expect(decisions[0].adjustments).toContainEqual(expect.objectContaining({ grade: adjusted[target].grade, to: newTheta }));

  // The finished result is untouched: same grade, same cut-score label, same module version.
  const storedAfter = await AssessmentSession.findById(before.sessionId).lean();
  expect(storedAfter!.result).toEqual(storedBefore!.result);
  expect(storedAfter!.moduleVersion).toBe(storedBefore!.moduleVersion);
  // Re-opening the finished sitting reports the grade it was given.
  const cookie = await loginPupil(running.baseUrl, school.code, school.pupils[0].pin);
  const socket = await connectSocket(running.baseUrl, '/sitting', cookie);
  sockets.push(socket);
  const again = (await emitWithAck(socket, 'sitting:start', { assignmentId: school.assignmentIds[0] })).state!;
  expect(again.result!.grade).toBe(before.result!.grade);

  // A sitting started after publishing is graded by the new cuts (no wait for the module cache).
  const after = await sitToTheEnd(1);
  const storedNew = await AssessmentSession.findById(after.sessionId).lean();
  expect(storedNew!.moduleVersion).toBe(version + 1);
  expect(storedNew!.result.cutScores).toMatchObject({ version: published.body.decision.label });

  // Reviewing an out-of-date version is a conflict, nothing written.
  const stale = await post(`/api/standards/modules/${MODULE}/cut-scores`, manager)
    .send({ basedOnVersion: version, reason: 'A second publish from an old screen.', cuts: adjusted }).expect(409);
  expect(stale.body.error.details[0].path).toBe('/basedOnVersion');
  expect(await CutScoreDecision.countDocuments({ moduleId: MODULE })).toBe(1);
});

test('a new module version is validated all or nothing and cannot change the cut scores', async () => {
  const current = (await api().get(`/api/standards/modules/${MODULE}`).set('Cookie', manager).expect(200)).body.module;
  const count = await AssessmentModule.countDocuments({ moduleId: MODULE });
  const definition = { ...current.definition, version: current.version + 1, title: 'Fractions, decimals and percentages (revised)' };
  delete definition._id;

  const badItem = await post(`/api/standards/modules/${MODULE}/versions`, manager)
    .send({ definition: { ...definition, items: [...definition.items, 'no-such-item'] } }).expect(400);
  expect(badItem.body.error.details).toContainEqual({ path: `/definition/items/${definition.items.length}`, message: expect.stringContaining('no-such-item') });
  const badSchema = await post(`/api/standards/modules/${MODULE}/versions`, manager).send({ definition: { ...definition, timeLimitMinutes: 'soon' } }).expect(400);
  expect(badSchema.body.error.details[0].path).toMatch(/^\/definition\/timeLimitMinutes/);
  const cuts = { ...definition.cutScores, boundaries: definition.cutScores.boundaries.map((b: { grade: string; theta: number }) => ({ ...b, theta: b.theta + 0.1 })) };
  const cutChange = await post(`/api/standards/modules/${MODULE}/versions`, manager).send({ definition: { ...definition, cutScores: cuts } }).expect(400);
  expect(cutChange.body.error.details[0].path).toBe('/definition/cutScores');
  await post(`/api/standards/modules/${MODULE}/versions`, manager).send({ definition: { ...definition, version: current.version + 5 } }).expect(409);
  expect(await AssessmentModule.countDocuments({ moduleId: MODULE })).toBe(count);

  const ok = await post(`/api/standards/modules/${MODULE}/versions`, manager).send({ definition }).expect(201);
  expect(ok.body.module).toEqual({ moduleId: MODULE, version: current.version + 1 });
  const modules = (await api().get('/api/standards/modules').set('Cookie', manager).expect(200)).body.modules;
  expect(modules.find((m: { id: string }) => m.id === MODULE)).toMatchObject({ version: current.version + 1, title: 'Fractions, decimals and percentages (revised)' });
  const criteria = (await api().get('/api/standards/criteria').set('Cookie', manager).expect(200)).body.criteria;
  expect(criteria.filter((c: { moduleId: string }) => c.moduleId === MODULE)).toHaveLength(definition.criteria.length);
});
