/**
 * The calibration run's pure analysis on simulated data with known generating parameters:
 * fixed-anchor calibration recovers the pretest items on the anchors' scale, DIF needs two big
 * enough groups, and the drift check flags a deliberately shifted item and not the stable ones.
 */
import { analyseRun, type RunColumn, type RunPerson } from '../../../server/calibrationRuns/calibrationAnalysis';
import { compileBank } from '../../../server/irt/bank';
import { simulateResponses } from '../../../server/irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../../../server/irt/random';
import type { Item } from '../../../server/irt/types';

type TwoParameterItem = Item & { model: '2PL'; a: number; b: number };

const provisional = { kind: 'provisional' as const };

function anchors(n: number): TwoParameterItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `anchor-${i}`, model: '2PL' as const, a: 0.8 + (i % 5) * 0.2, b: -2 + (4 * i) / (n - 1) }));
}

/** Persons (θ ~ N(0.3, 1.1²): the anchors must carry the scale) answering `perPerson` of the items at random. */
function simulate(truth: readonly Item[], persons: number, perPerson: number, seed: number): RunPerson[] {
  const random = seededRandom(seed);
  const thetas = Array.from({ length: persons }, () => 0.3 + 1.1 * normalDeviate(random));
  const rows = simulateResponses(compileBank(truth), { thetas, itemsPerPerson: perPerson }, random);
  return rows.map((row, p) => ({
    answers: row.flatMap((x, j) => (x === null ? [] : [[j, x] as const])),
    group: p % 3 === 0 ? 'focal' as const : 'reference' as const,
  }));
}

test('fixed-anchor calibration recovers pretest items within 4 SE, on the anchors’ scale', () => {
  const base = anchors(24);
  const pretest: TwoParameterItem[] = [
    { id: 'new-1', model: '2PL', a: 1.4, b: -0.6 },
    { id: 'new-2', model: '2PL', a: 0.9, b: 0.8 },
    { id: 'new-3', model: '2PL', a: 1.2, b: 1.5 },
  ];
  const truth = [...base, ...pretest];
  const persons = simulate(truth, 2000, 12, 20261123);
  const columns: RunColumn[] = truth.map((item, j) => ({
    itemId: item.id, version: 1, role: j < base.length ? 'anchor' : 'free',
    // Provisional guesses for the pretest items are deliberately off.
    parameters: j < base.length ? { model: '2PL', a: item.a, b: item.b, source: provisional } : { model: '2PL', a: 1, b: 0, source: provisional },
  }));
  const outcome = analyseRun({ kind: 'calibration', columns, persons, minGroupSize: 100 });
  expect(outcome.converged).toBe(true);
  // The anchors fix the scale, so the sample's mean and SD are estimated near the generating 0.3 and 1.1.
  expect(outcome.ability!.mean).toBeCloseTo(0.3, 0);
  expect(Math.abs(outcome.ability!.sd - 1.1)).toBeLessThan(0.15);
  for (const [k, item] of pretest.entries()) {
    const got = outcome.items[base.length + k];
    expect(got.estimate).not.toBeNull();
    // Tolerance: 4 reported standard errors (six parameters checked: a false alarm has probability < 0.04%).
    expect(Math.abs(got.estimate!.a! - item.a!)).toBeLessThan(4 * got.se!.a!);
    expect(Math.abs(got.estimate!.b! - item.b!)).toBeLessThan(4 * got.se!.b!);
    expect(got.se!.b!).toBeGreaterThan(0.02);
    expect(got.se!.b!).toBeLessThan(0.3);
    expect(got.fit!.infit).toBeGreaterThan(0.7);
    expect(got.fit!.infit).toBeLessThan(1.3);
    // The item information curve peaks near b (2PL: at θ = b exactly).
    const curve = got.information.estimate!;
    const peak = outcome.informationGrid[curve.indexOf(Math.max(...curve))];
    expect(Math.abs(peak - got.estimate!.b!)).toBeLessThanOrEqual(0.125 + 1e-9);
  }
  // Anchors keep their parameters: nothing estimated.
  expect(outcome.items[0].estimate).toBeNull();
  // Both groups are large: DIF is classified, and model-generated items show no C-level DIF.
  expect(outcome.groups.enough).toBe(true);
  expect(outcome.items.filter((i) => i.dif?.classification === 'C')).toEqual([]);
});

test('DIF is reported as not computed when a group is too small', () => {
  const truth: TwoParameterItem[] = [...anchors(10), { id: 'new', model: '2PL', a: 1, b: 0 }];
  const persons = simulate(truth, 300, 8, 7).map((p, i) => ({ ...p, group: i < 20 ? 'focal' as const : 'reference' as const }));
  const columns: RunColumn[] = truth.map((item, j) => ({
    itemId: item.id, version: 1, role: j < 10 ? 'anchor' : 'free', parameters: { model: '2PL', a: item.a, b: item.b, source: provisional },
  }));
  const outcome = analyseRun({ kind: 'calibration', columns, persons, minGroupSize: 50 });
  expect(outcome.groups).toMatchObject({ enough: false, focal: 20, reference: 280 });
  expect(outcome.groups.message).toMatch(/at least 50/);
  expect(outcome.items.every((i) => i.dif === null)).toBe(true);
});

test('an item with an unobserved category is not estimated and says why', () => {
  const truth = [...anchors(8)];
  const persons = simulate(truth, 200, 8, 3);
  // A pretest item everybody got right.
  for (const p of persons.slice(0, 50)) (p.answers as [number, number][]).push([8, 1]);
  const columns: RunColumn[] = [...truth.map((item) => ({ itemId: item.id, version: 1, role: 'anchor' as const, parameters: { model: '2PL' as const, a: item.a, b: item.b, source: provisional } })),
    { itemId: 'easy', version: 1, role: 'free', parameters: { model: '2PL', a: 1, b: -1, source: provisional } }];
  const outcome = analyseRun({ kind: 'calibration', columns, persons, minGroupSize: 50 });
  expect(outcome.items[8].estimate).toBeNull();
  expect(outcome.items[8].problem).toMatch(/category/);
});

test('drift flags the item whose difficulty moved (by one logit) and none of the 11 stable ones', () => {
  const published = anchors(12);
  // On recent data item 5 has become one logit harder (e.g. its topic left the curriculum).
  const recent = published.map((item, j) => (j === 5 ? { ...item, b: item.b! + 1 } : item));
  const persons = simulate(recent, 1000, 8, 1);
  const columns: RunColumn[] = published.map((item) => ({
    itemId: item.id, version: 1, role: 'free', parameters: { model: '2PL', a: item.a, b: item.b, source: { kind: 'calibrated', date: '2025-06-01', sampleSize: 1500 } },
    previousSe: { a: 0.08, b: 0.07 },
  }));
  const outcome = analyseRun({ kind: 'drift', columns, persons, minGroupSize: 100 });
  const flagged = outcome.items.filter((i) => i.drift?.drifted).map((i) => i.itemId);
  expect(flagged).toEqual(['anchor-5']);
  const moved = outcome.items[5].drift!.checks.find((c) => c.parameter === 'b')!;
  expect(moved.current - moved.previous).toBeGreaterThan(0.6);
  // Bonferroni over 24 parameters at family-wise 5%: z ≈ 3.08.
  expect(outcome.items[5].drift!.critical).toBeGreaterThan(3);
});
