/**
 * The sampling demo seed and the trend: a past cycle closed with published results, an open
 * cycle carrying trend blocks; closing the open cycle gives the change since the past cycle with
 * the link error in its SE and a Bonferroni threshold.
 */
import request from 'supertest';
import { SamplingCycle } from '../../../server/db/models';
import { SamplingCycles, type FormsDesign, type StoredResults } from '../../../server/samplingService/samplingCycles';
import { demoFrameCsv, seedSamplingDemo, simulateSittings } from '../../../server/samplingService/samplingDemo';
import { parseSamplingFrame } from '../../../server/sampling/frame';
import { resolveSamplingKey } from '../../../server/samplingService/samplingKey';
import { useTestDatabase } from '../../support/database';
import { testConfig } from '../../support/config';
import { loginTeacher, startApp, type RunningApp } from '../http/appHarness';
import { CSRF } from './samplingHarness';

jest.setTimeout(240_000);
useTestDatabase();

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ seedDemo: true });
});
afterAll(() => running.close());

test('the demo has a closed cycle with national results and an open one with trend blocks; closing it gives the trend', async () => {
  const cycles = new SamplingCycles(resolveSamplingKey(null, testConfig().dataDir));
  const demo = await seedSamplingDemo(cycles, 'test', { schoolsPerStratum: 6, schools: 16, pupilsPerSchool: 6 });
  expect(demo.simulatedPast).toBeGreaterThan(62);
  const past = await SamplingCycle.findById(demo.pastCycleId).lean();
  const open = await SamplingCycle.findById(demo.openCycleId).lean();
  expect(past?.status).toBe('closed');
  expect(open?.status).toBe('open');
  const pastResults = past!.results as StoredResults;
  const pastNation = pastResults.estimates.find((e) => e.domain.kind === 'nation')!;
  expect(pastNation.suppressed).toBe(false);
  // The simulated population's mean is known: Σ_h (E_h/E)·μ_h on θ (the demo's 2025 stratum means),
  // 100 + 15θ on the module's scale. Recovered within 3.5 SE (SE = sampling + measurement by
  // Rubin's rules): a false alarm about once in 2,000 runs.
  const frame = parseSamplingFrame(demoFrameCsv({ schoolsPerStratum: 6, strata: ['North', 'Midlands', 'South', 'London'], seed: 2025 }));
  if (!frame.ok) throw new Error('demo frame invalid');
  const means: Record<string, number> = { North: -0.2, Midlands: -0.1, South: 0.1, London: 0.15 };
  const eligible = frame.frame.schools.reduce((sum, school) => sum + school.eligiblePupils, 0);
  const trueTheta = frame.frame.schools.reduce((sum, school) => sum + (school.eligiblePupils / eligible) * means[school.stratum], 0);
  expect(Math.abs(pastNation.mean!.estimate - (100 + 15 * trueTheta))).toBeLessThan(3.5 * pastNation.mean!.se);
  // Trend blocks are carried intact (same items, same order) from the past cycle.
  const pastBlocks = (past!.forms as FormsDesign).blocks;
  const openBlocks = (open!.forms as FormsDesign).blocks;
  expect(openBlocks.slice(0, 2)).toEqual(pastBlocks.slice(0, 2).map((b) => ({ ...b, trend: true })));

  // The demo school's pupils are left to sit for real; here they are simulated too, then the cycle closes.
  await simulateSittings(demo.openCycleId, { share: 1, stratumMeans: {}, seed: 3 });
  const admin = { email: 'sampling@demo.waymark.test', password: 'waymark-demo' };
  const cookie = await loginTeacher(running.baseUrl, admin.email, admin.password);
  const closed = await request(running.baseUrl).post(`/api/sampling/admin/cycles/${demo.openCycleId}/close`).set(CSRF).set('Cookie', cookie).send({}).expect(200);
  const { trend, series, estimates } = closed.body.estimates;
  const nation = estimates.find((e: { domain: { kind: string } }) => e.domain.kind === 'nation');
  expect(series.map((s: { cycle: string }) => s.cycle)).toEqual(['National sample 2025', 'National sample 2026']);
  expect(trend).toHaveLength(1);
  const linkError = 0.5;
  // SE(Δ) = √(SE_now² + SE_then² + LE²) (docs/sampling-statistics.md §14); Bonferroni over one comparison: α.
  expect(trend[0].se).toBeCloseTo(Math.sqrt(nation.mean.se ** 2 + pastNation.mean!.se ** 2 + linkError ** 2), 10);
  expect(trend[0].change).toBeCloseTo(nation.mean.estimate - pastNation.mean!.estimate, 10);
  expect(trend[0].threshold).toBe(0.05);
});
