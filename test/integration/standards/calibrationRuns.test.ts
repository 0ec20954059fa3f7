/**
 * Calibration and drift runs on FerretDB through the real app, on simulated sittings written as
 * real session and response documents (server/calibrationRuns/simulatedSittings.ts) from known
 * generating parameters: the fixed-anchor run recovers the pretest items, eligibility follows
 * the minimum number of responses, accept creates a calibrated live version, send back returns
 * the item to its author as a draft, and drift flags a deliberately shifted item only.
 */
import request from 'supertest';
import { AssessmentModule, BankAudit, ItemVersion } from '../../../server/db/models';
import { demoPretestItems, seedSimulatedSittings } from '../../../server/calibrationRuns/simulatedSittings';
import { validateItemDocument } from '../../../server/scoring/validateItemDocument';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginTeacher, startApp, type RunningApp } from '../http/appHarness';

jest.setTimeout(240000);
useTestDatabase();

let running: RunningApp;
let manager: string;
const standards = { email: `standards-cal-${process.pid}@std.test`, password: 'standards-pass', name: 'Dr Adeyemi', roles: ['standards-manager'] as const };
const MODULE = 'fdp-1';
const SHIFTED_BY = 1.2;
let driftItems: string[] = [];

const api = () => request(running.baseUrl);
const post = (path: string) => api().post(path).set('Cookie', manager).set('X-Waymark-CSRF', '1');

interface RunBody {
  _id: string;
  status: string;
  stage: string;
  error: string | null;
  excluded: { itemId: string; reason: string; responses: number }[];
  outcome: {
    persons: number;
    groups: { enough: boolean; reference: number; focal: number };
    items: {
      itemId: string; version: number; role: string; responses: number;
      estimate: { a: number; b: number } | null; se: { a: number; b: number } | null;
      provisional: { a: number; b: number }; fit: { infit: number } | null; dif: { classification: string } | null;
      information: { provisional: number[]; estimate: number[] | null };
      drift?: { drifted: boolean; checks: { parameter: string; previous: number; current: number }[] };
    }[];
  };
}

async function runToEnd(body: Record<string, unknown>): Promise<RunBody> {
  const started = await post('/api/calibration/runs').send(body).expect(202);
  expect(started.body.run.status).toBe('running');
  const deadline = Date.now() + 180000;
  for (;;) {
    const run = (await api().get(`/api/calibration/runs/${started.body.run._id}`).set('Cookie', manager).expect(200)).body.run as RunBody;
    if (run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`run still ${run.stage}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  running = await startApp();
  await createTestSchool(1, [standards]);
  manager = await loginTeacher(running.baseUrl, standards.email, standards.password);
  const module = (await AssessmentModule.findOne({ moduleId: MODULE }).sort({ version: -1 }).lean())!;
  driftItems = module.definition.items.slice(0, 8);
  // Last year's sittings: the pretest items answered alongside the live ones.
  await seedSimulatedSittings({ moduleId: MODULE, pupils: 900, itemsPerPupil: 12, pretestShare: 0.75, seed: 20261123, answeredAt: new Date('2026-06-01T10:00:00Z'), schoolCode: 'SIMA' });
});
afterAll(() => running.close());

test('the demo pretest items are valid items', () => {
  for (const { document } of demoPretestItems(MODULE, ['FDP1', 'FDP2', 'FDP3'])) expect(validateItemDocument(document)).toEqual([]);
});

test('bad run requests are refused with the field named; nothing is started', async () => {
  await post('/api/calibration/runs').send({ moduleId: 'no-such-module' }).expect(404);
  const bad = await post('/api/calibration/runs').send({ moduleId: MODULE, minResponses: 0, grouping: '1 bad', from: 'yesterday' }).expect(400);
  expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['/minResponses', '/grouping', '/from']));
  await post('/api/calibration/runs').send({ moduleId: MODULE, from: '2026-10-01', to: '2026-09-01' }).expect(400);
  await api().get('/api/calibration/runs/not-an-id').set('Cookie', manager).expect(404);
  expect((await api().get('/api/calibration/runs').set('Cookie', manager).expect(200)).body.runs).toEqual([]);
});

test('a pretest item is not eligible until it has the minimum number of responses', async () => {
  const run = await runToEnd({ moduleId: MODULE, minResponses: 5000 });
  expect(run.status).toBe('finished');
  const pretestIds = demoPretestItems(MODULE, ['x']).map((p) => p.document.id);
  for (const id of pretestIds) {
    expect(run.excluded).toContainEqual(expect.objectContaining({ itemId: id, reason: expect.stringContaining('of the 5000 responses needed') }));
  }
  expect(run.outcome.items.filter((i) => i.role === 'free')).toEqual([]);
});

test('the fixed-anchor run recovers the generating parameters of the pretest items', async () => {
  const run = await runToEnd({ moduleId: MODULE, minResponses: 300, grouping: 'disadvantaged' });
  expect(run.error).toBeNull();
  expect(run.status).toBe('finished');
  expect(run.outcome.persons).toBe(900);
  expect(run.outcome.groups).toMatchObject({ enough: true, reference: 600, focal: 300 });
  const free = run.outcome.items.filter((i) => i.role === 'free');
  expect(free.map((i) => i.itemId).sort()).toEqual(['fdp-pretest-1', 'fdp-pretest-2', 'fdp-pretest-3']);
  for (const { document, truth } of demoPretestItems(MODULE, ['x'])) {
    const item = free.find((i) => i.itemId === document.id)!;
    expect(item.responses).toBeGreaterThan(600);
    // Tolerance: 4 reported SEs per parameter (6 checks; a false alarm has probability < 0.04%);
    // the SEs themselves must be those of a few hundred responses.
    expect(Math.abs(item.estimate!.a - truth.a!)).toBeLessThan(4 * item.se!.a);
    expect(Math.abs(item.estimate!.b - truth.b!)).toBeLessThan(4 * item.se!.b);
    expect(item.se!.b).toBeLessThan(0.3);
    expect(item.provisional).toMatchObject({ a: document.parameters.a, b: document.parameters.b });
    expect(item.fit!.infit).toBeGreaterThan(0.7);
    expect(item.fit!.infit).toBeLessThan(1.3);
    expect(['A', 'B', 'C']).toContain(item.dif!.classification);
    expect(item.information.estimate).toHaveLength(item.information.provisional.length);
  }
  // Anchors keep their parameters.
  expect(run.outcome.items.filter((i) => i.role === 'anchor').every((i) => i.estimate === null)).toBe(true);
});

test('accept writes a new live version with calibrated parameters; send back returns the item to its author as a draft', async () => {
  const runs = (await api().get(`/api/calibration/runs?moduleId=${MODULE}`).set('Cookie', manager).expect(200)).body.runs;
  const runId = runs.find((r: { options: { minResponses: number } }) => r.options.minResponses === 300)._id;
  const run = (await api().get(`/api/calibration/runs/${runId}`).set('Cookie', manager).expect(200)).body.run as RunBody;
  const estimated = run.outcome.items.find((i) => i.itemId === 'fdp-pretest-1')!;

  const accepted = await post(`/api/calibration/runs/${runId}/items/fdp-pretest-1/decision`).send({ action: 'accept' }).expect(201);
  expect(accepted.body.decision).toMatchObject({ action: 'accepted', version: 1, newVersion: 2, byName: standards.name });
  const v2 = (await ItemVersion.findOne({ itemId: 'fdp-pretest-1', version: 2 }).lean())!;
  expect(v2.status).toBe('live');
  expect(v2.document.parameters).toMatchObject({
    model: '2PL', a: estimated.estimate!.a, b: estimated.estimate!.b,
    source: { kind: 'calibrated', sampleSize: estimated.responses, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
  });
  expect(validateItemDocument(v2.document)).toEqual([]);
  const trail = await BankAudit.find({ itemId: 'fdp-pretest-1' }).lean();
  expect(trail.map((e) => [e.version, e.action, e.toStatus])).toEqual(expect.arrayContaining([[2, 'calibrate', 'live'], [1, 'retire', 'retired']]));
  expect((await ItemVersion.findOne({ itemId: 'fdp-pretest-1', version: 1 }).lean())!.status).toBe('retired');
  await post(`/api/calibration/runs/${runId}/items/fdp-pretest-1/decision`).send({ action: 'accept' }).expect(409);
  // Calibrated and tagged to the module, it now counts towards grades: it joins the item map.
  const view = (await api().get(`/api/standards/modules/${MODULE}/standard-setting`).set('Cookie', manager).expect(200)).body;
  expect(view.itemMap).toContainEqual(expect.objectContaining({ itemId: 'fdp-pretest-1', source: 'calibrated' }));
  expect(view.itemMap.map((m: { itemId: string }) => m.itemId)).not.toContain('fdp-pretest-3');

  const noComment = await post(`/api/calibration/runs/${runId}/items/fdp-pretest-2/decision`).send({ action: 'send-back' }).expect(400);
  expect(noComment.body.error.details[0].path).toMatch(/comment/);
  const sent = await post(`/api/calibration/runs/${runId}/items/fdp-pretest-2/decision`)
    .send({ action: 'send-back', comment: 'Discrimination is low for a one-step percentage question: check distractors.' }).expect(201);
  expect(sent.body.decision).toMatchObject({ action: 'sent-back', newVersion: 2, comment: expect.stringContaining('Discrimination') });
  const draft = (await ItemVersion.findOne({ itemId: 'fdp-pretest-2', version: 2 }).lean())!;
  expect(draft.status).toBe('draft');
  expect(draft.document.parameters.source.kind).toBe('provisional');
  expect((await ItemVersion.findOne({ itemId: 'fdp-pretest-2', version: 1 }).lean())!.status).toBe('retired');
  // Anchors are not offered for acceptance.
  await post(`/api/calibration/runs/${runId}/items/${driftItems[0]}/decision`).send({ action: 'accept' }).expect(404);
  const listed = (await api().get(`/api/calibration/runs/${runId}`).set('Cookie', manager).expect(200)).body.run;
  expect(listed.decisions.map((d: { itemId: string }) => d.itemId).sort()).toEqual(['fdp-pretest-1', 'fdp-pretest-2']);
});

test('drift on recent data flags the item whose difficulty moved, not the stable ones', async () => {
  const shifted = driftItems[3];
  const stored = (await ItemVersion.findOne({ itemId: shifted, status: 'live' }).sort({ version: -1 }).lean())!;
  await seedSimulatedSittings({
    moduleId: MODULE, pupils: 900, itemsPerPupil: 12, pretestShare: 0.5, seed: 7, answeredAt: new Date('2026-10-01T10:00:00Z'), schoolCode: 'SIMB',
    shifts: { [shifted]: { b: stored.document.parameters.b + SHIFTED_BY } },
  });
  const run = await runToEnd({ kind: 'drift', moduleId: MODULE, from: '2026-09-01', itemIds: driftItems, minResponses: 100 });
  expect(run.error).toBeNull();
  const checked = run.outcome.items.filter((i) => i.drift);
  expect(checked.map((i) => i.itemId).sort()).toEqual([...driftItems].sort());
  expect(checked.filter((i) => i.drift!.drifted).map((i) => i.itemId)).toEqual([shifted]);
  const b = run.outcome.items.find((i) => i.itemId === shifted)!.drift!.checks.find((c) => c.parameter === 'b')!;
  expect(b.current - b.previous).toBeGreaterThan(SHIFTED_BY / 2);
  // Only the recent answers were used (the June sittings are outside the range).
  expect(run.outcome.persons).toBe(900);
});
