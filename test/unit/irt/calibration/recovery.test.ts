/**
 * Parameter recovery by simulation for every model: data drawn from known parameters with a
 * fixed seed, calibrated, and the bias/RMSE of the estimates compared with the standard errors
 * the calibration reports. A correct estimator with correct SEs has RMSE ≈ RMS(SE); we accept
 * RMSE ≤ 2·RMS(SE) (the RMSE over 8–12 items itself varies by ≈ ±25%) and |bias| ≤ RMS(SE).
 */
import { compileBank } from '../../../../server/irt/bank';
import { calibrate, type CalibratedItem } from '../../../../server/irt/calibration/calibrate';
import type { CalibrationModel } from '../../../../server/irt/calibration/itemParameters';
import { simulateResponses } from '../../../../server/irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../../../../server/irt/random';
import type { Item } from '../../../../server/irt/types';

function thetas(n: number, seed: number, mean = 0, sd = 1): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => mean + sd * normalDeviate(random));
}

interface Recovery {
  bias: number;
  rmse: number;
  rmsSe: number;
}

function recovery(truth: number[], estimates: number[], ses: (number | null | undefined)[]): Recovery {
  const n = truth.length;
  let bias = 0;
  let squared = 0;
  let seSquared = 0;
  for (let i = 0; i < n; i++) {
    bias += (estimates[i] - truth[i]) / n;
    squared += (estimates[i] - truth[i]) ** 2 / n;
    seSquared += (ses[i] ?? Number.NaN) ** 2 / n;
  }
  return { bias, rmse: Math.sqrt(squared), rmsSe: Math.sqrt(seSquared) };
}

function expectRecovered(label: string, r: Recovery): void {
  // Printed so the figures are on record in the test log.
  console.log(`${label}: bias ${r.bias.toFixed(4)}, RMSE ${r.rmse.toFixed(4)}, RMS(SE) ${r.rmsSe.toFixed(4)}`);
  expect(Number.isFinite(r.rmsSe)).toBe(true);
  expect(r.rmse).toBeLessThanOrEqual(2 * r.rmsSe);
  expect(Math.abs(r.bias)).toBeLessThanOrEqual(r.rmsSe);
}

/**
 * Observed-information SEs for the dichotomous fits, cross-product SEs for the polytomous and
 * sparse ones (both methods are checked against the RMSE; cross-product is the cheap one).
 */
function run(model: CalibrationModel, items: Item[], persons: number, seed: number, itemsPerPerson?: number, standardErrors: 'observed' | 'crossproduct' = 'observed') {
  const bank = compileBank(items);
  const responses = simulateResponses(bank, { thetas: thetas(persons, seed), itemsPerPerson }, seededRandom(seed + 1));
  const result = calibrate({ model, responses, standardErrors });
  expect(result.converged).toBe(true);
  return result;
}

const pick = (items: CalibratedItem[], key: 'a' | 'b' | 'c') => items.map((i) => i[key] as number);
const pickSe = (items: CalibratedItem[], key: 'a' | 'b' | 'c') => items.map((i) => i.se[key]);

// Generous timeout: the machine is shared; these are not timing assertions.
jest.setTimeout(180_000);

describe('parameter recovery', () => {
  it('2PL: 12 items, 2,000 examinees', () => {
    const random = seededRandom(11);
    const items: Item[] = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, model: '2PL', a: 1 + 0.25 * normalDeviate(random), b: -1.8 + (3.6 * i) / 11 }));
    const result = run('2PL', items, 2000, 100);
    expectRecovered('2PL a', recovery(items.map((i) => (i as { a: number }).a), pick(result.items, 'a'), pickSe(result.items, 'a')));
    expectRecovered('2PL b', recovery(items.map((i) => (i as { b: number }).b), pick(result.items, 'b'), pickSe(result.items, 'b')));
  });

  it('Rasch with free ability SD: 10 items, 1,500 examinees, true SD 1 recovered', () => {
    const items: Item[] = Array.from({ length: 10 }, (_, i) => ({ id: `q${i}`, model: 'Rasch', b: -2 + (4 * i) / 9 }));
    const result = run('Rasch', items, 1500, 200);
    expectRecovered('Rasch b', recovery(items.map((i) => (i as { b: number }).b), pick(result.items, 'b'), pickSe(result.items, 'b')));
    expect(Math.abs(result.ability.sd - 1)).toBeLessThanOrEqual(3 * result.ability.se.sd!);
  });

  it('1PL common slope: 10 items, 1,500 examinees', () => {
    const items: Item[] = Array.from({ length: 10 }, (_, i) => ({ id: `q${i}`, model: '1PL', a: 1.4, b: -2 + (4 * i) / 9 }));
    const result = run('1PL', items, 1500, 300);
    expectRecovered('1PL b', recovery(items.map((i) => (i as { b: number }).b), pick(result.items, 'b'), pickSe(result.items, 'b')));
    expect(Math.abs(result.items[0].a! - 1.4)).toBeLessThanOrEqual(3 * result.items[0].se.a!);
  });

  it('3PL with Beta(5, 17) prior on c: 10 items, 3,000 examinees', () => {
    const random = seededRandom(33);
    const items: Item[] = Array.from({ length: 10 }, (_, i) => ({
      id: `q${i}`,
      model: '3PL',
      a: 1.3 + 0.2 * normalDeviate(random),
      b: -1.2 + (2.7 * i) / 9,
      c: 0.15 + 0.1 * random(),
    }));
    const result = run('3PL', items, 3000, 400);
    expectRecovered('3PL a', recovery(items.map((i) => (i as { a: number }).a), pick(result.items, 'a'), pickSe(result.items, 'a')));
    expectRecovered('3PL b', recovery(items.map((i) => (i as { b: number }).b), pick(result.items, 'b'), pickSe(result.items, 'b')));
    expectRecovered('3PL c', recovery(items.map((i) => (i as { c: number }).c), pick(result.items, 'c'), pickSe(result.items, 'c')));
  });

  it('GRM: 8 four-category items, 1,500 examinees', () => {
    const items: Item[] = Array.from({ length: 8 }, (_, i) => ({ id: `q${i}`, model: 'GRM', a: 0.9 + 0.1 * i, thresholds: [-1.5, 0, 1.4].map((t) => t + 0.15 * (i - 3.5)) }));
    const result = run('GRM', items, 1500, 500, undefined, 'crossproduct');
    expectRecovered('GRM a', recovery(items.map((i) => (i as { a: number }).a), pick(result.items, 'a'), pickSe(result.items, 'a')));
    const truth = items.flatMap((i) => (i as { thresholds: number[] }).thresholds);
    expectRecovered('GRM thresholds', recovery(truth, result.items.flatMap((i) => i.thresholds!), result.items.flatMap((i) => i.se.thresholds!)));
  });

  it('GPCM: 8 three-category items, 1,500 examinees', () => {
    const items: Item[] = Array.from({ length: 8 }, (_, i) => ({ id: `q${i}`, model: 'GPCM', a: 0.8 + 0.1 * i, steps: [-0.8, 0.6].map((t) => t + 0.2 * (i - 3.5)) }));
    const result = run('GPCM', items, 1500, 600, undefined, 'crossproduct');
    expectRecovered('GPCM a', recovery(items.map((i) => (i as { a: number }).a), pick(result.items, 'a'), pickSe(result.items, 'a')));
    const truth = items.flatMap((i) => (i as { steps: number[] }).steps);
    expectRecovered('GPCM steps', recovery(truth, result.items.flatMap((i) => i.steps!), result.items.flatMap((i) => i.se.steps!)));
  });

  it('sparse 2PL: 30 items, 3,000 examinees answering 10 each (null = not presented)', () => {
    const random = seededRandom(77);
    const items: Item[] = Array.from({ length: 30 }, (_, i) => ({ id: `q${i}`, model: '2PL', a: 1 + 0.2 * normalDeviate(random), b: normalDeviate(random) }));
    const result = run('2PL', items, 3000, 700, 10, 'crossproduct');
    expectRecovered('sparse 2PL a', recovery(items.map((i) => (i as { a: number }).a), pick(result.items, 'a'), pickSe(result.items, 'a')));
    expectRecovered('sparse 2PL b', recovery(items.map((i) => (i as { b: number }).b), pick(result.items, 'b'), pickSe(result.items, 'b')));
    for (const item of result.items) expect(item.n).toBeGreaterThan(700);
  });
});
