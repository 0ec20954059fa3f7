import { compileBank } from '../../../../server/irt/bank';
import { calibrate } from '../../../../server/irt/calibration/calibrate';
import { meanSigmaLinking, stockingLordLinking, transformItem } from '../../../../server/irt/calibration/linking';
import { simulateResponses } from '../../../../server/irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../../../../server/irt/random';
import type { Item } from '../../../../server/irt/types';

jest.setTimeout(180_000);

const random = seededRandom(2024);
const target: Item[] = [
  ...Array.from({ length: 8 }, (_, i): Item => ({ id: `d${i}`, model: '2PL', a: 0.8 + 0.1 * i, b: -1.5 + 0.4 * i })),
  { id: 'g', model: 'GRM', a: 1.2, thresholds: [-1, 0.2, 1.1] },
  { id: 't', model: '3PL', a: 1.4, b: 0.5, c: 0.2 },
];
const truth = { A: 1.3, B: -0.4 };
// Source-scale versions: θ_s = (θ_t − B)/A, so apply the inverse transformation.
const source = target.map((item) => transformItem(item, { A: 1 / truth.A, B: -truth.B / truth.A }));

describe('linking', () => {
  it('transformItem leaves response probabilities invariant (same person, both scales)', () => {
    const targetBank = compileBank(target);
    const sourceBank = compileBank(source);
    const out1 = new Float64Array(8);
    const out2 = new Float64Array(8);
    const { categoryProbabilities } = jest.requireActual('../../../../server/irt/models');
    for (const thetaSource of [-2, 0.3, 1.7]) {
      const thetaTarget = truth.A * thetaSource + truth.B;
      for (let i = 0; i < target.length; i++) {
        categoryProbabilities(targetBank, i, thetaTarget, out1);
        categoryProbabilities(sourceBank, i, thetaSource, out2);
        for (let k = 0; k < targetBank.categories[i]; k++) expect(out2[k]).toBeCloseTo(out1[k], 12);
      }
    }
  });

  it('mean/sigma and Stocking–Lord recover A and B exactly from error-free parameters', () => {
    for (const link of [meanSigmaLinking, stockingLordLinking]) {
      const { A, B } = link(source, target);
      // Error-free parameters: both criteria are exactly satisfied at the truth; 1e-6 is the
      // Newton stopping precision for Stocking–Lord.
      expect(A).toBeCloseTo(truth.A, 6);
      expect(B).toBeCloseTo(truth.B, 6);
    }
  });

  it('with estimation error in the source parameters both land near the truth, Stocking–Lord closer in A', () => {
    const noisy = source.map((item) => {
      if (item.model === '2PL') return { ...item, a: item.a! * (1 + 0.05 * normalDeviate(random)), b: item.b + 0.08 * normalDeviate(random) };
      return item;
    });
    const ms = meanSigmaLinking(noisy, target);
    const sl = stockingLordLinking(noisy, target);
    // Noise of SD 0.08 in 8 b's moves the mean by ≈ 0.03 and the SD ratio by ≈ 3%; 0.15 is 5 SE.
    for (const { A, B } of [ms, sl]) {
      expect(Math.abs(A - truth.A)).toBeLessThan(0.15);
      expect(Math.abs(B - truth.B)).toBeLessThan(0.15);
    }
  });

  it('rejects mismatched common-item lists', () => {
    expect(() => meanSigmaLinking(source.slice(0, 3), target.slice(0, 4))).toThrow(RangeError);
    expect(() => stockingLordLinking(source.slice(0, 1), target.slice(0, 1))).toThrow(RangeError);
  });
});

describe('fixed-anchor calibration', () => {
  it('anchors keep their parameters, new items land on the anchors’ scale, ability mean and SD are estimated', () => {
    const items: Item[] = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, model: '2PL', a: 0.9 + 0.05 * i, b: -1.6 + 0.3 * i }));
    const bank = compileBank(items);
    const thetas = Array.from({ length: 2500 }, () => 0.5 + 1.2 * normalDeviate(random));
    const responses = simulateResponses(bank, { thetas }, seededRandom(9));
    const anchors: Record<string, Item> = {};
    for (let j = 0; j < 12; j += 2) anchors[String(j)] = items[j];
    const result = calibrate({ model: '2PL', responses, anchors });
    expect(result.converged).toBe(true);
    // 3 SE: a pass for a correct estimator with probability > 0.99 per quantity.
    expect(Math.abs(result.ability.mean - 0.5)).toBeLessThan(3 * result.ability.se.mean!);
    expect(Math.abs(result.ability.sd - 1.2)).toBeLessThan(3 * result.ability.se.sd!);
    for (let j = 0; j < 12; j++) {
      const estimate = result.items[j];
      const item = items[j] as { a: number; b: number };
      if (j % 2 === 0) {
        expect(estimate.anchor).toBe(true);
        expect(estimate.a).toBe(item.a);
        expect(estimate.b).toBe(item.b);
      } else {
        expect(Math.abs(estimate.b! - item.b)).toBeLessThan(3.5 * estimate.se.b!);
        expect(Math.abs(estimate.a! - item.a)).toBeLessThan(3.5 * estimate.se.a!);
      }
    }
  });
});
