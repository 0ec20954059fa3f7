import { compileBank } from '../../../../server/irt/bank';
import { categoryProbabilities, expectedScore, logCategoryProbability, logProbabilityDerivative } from '../../../../server/irt/models';
import { firstDifference, mixedBank } from './fixtures';

const out = new Float64Array(16);
const thetas = [-40, -6, -2.5, -0.3, 0, 0.7, 3.1, 6, 40];

describe('categoryProbabilities and logCategoryProbability', () => {
  it('sum to 1 and stay finite and in [0, 1] for every model at θ in {±40, ±6, …}', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      const K = mixedBank.categories[item];
      for (const theta of thetas) {
        categoryProbabilities(mixedBank, item, theta, out);
        let sum = 0;
        for (let k = 0; k < K; k++) {
          expect(Number.isFinite(out[k])).toBe(true);
          expect(out[k]).toBeGreaterThanOrEqual(0);
          expect(out[k]).toBeLessThanOrEqual(1);
          sum += out[k];
          const log = logCategoryProbability(mixedBank, item, theta, k);
          expect(Number.isNaN(log)).toBe(false);
          expect(log).toBeLessThanOrEqual(1e-15);
        }
        // 1e-14: a handful of roundings in a sum of ≤ 5 terms.
        expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
      }
    }
  });

  it('log probabilities are finite (no −Infinity) for the logistic models even at θ = ±40', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      for (const theta of [-40, 40]) {
        for (let k = 0; k < mixedBank.categories[item]; k++) {
          expect(Number.isFinite(logCategoryProbability(mixedBank, item, theta, k))).toBe(true);
        }
      }
    }
  });

  it('exp(log P) equals P to 1e-13 relative wherever P is not tiny', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      for (const theta of thetas) {
        categoryProbabilities(mixedBank, item, theta, out);
        for (let k = 0; k < mixedBank.categories[item]; k++) {
          if (out[k] < 1e-300) continue;
          const fromLog = Math.exp(logCategoryProbability(mixedBank, item, theta, k));
          expect(Math.abs(fromLog - out[k])).toBeLessThanOrEqual(1e-13 * out[k]);
        }
      }
    }
  });

  it('matches the closed forms of the 4PL, GRM and GPCM at a few points', () => {
    const bank = compileBank([
      { id: 'q4', model: '4PL', a: 1.3, b: 0.2, c: 0.1, d: 0.95, D: 1.702 },
      { id: 'g', model: 'GRM', a: 1.2, thresholds: [-0.5, 0.8] },
      { id: 'p', model: 'GPCM', a: 0.9, steps: [0.3, -0.4] },
    ]);
    const theta = 0.45;
    categoryProbabilities(bank, 0, theta, out);
    expect(out[1]).toBeCloseTo(0.1 + 0.85 / (1 + Math.exp(-1.702 * 1.3 * (theta - 0.2))), 14);
    categoryProbabilities(bank, 1, theta, out);
    const s1 = 1 / (1 + Math.exp(-1.2 * (theta + 0.5)));
    const s2 = 1 / (1 + Math.exp(-1.2 * (theta - 0.8)));
    expect(out[0]).toBeCloseTo(1 - s1, 14);
    expect(out[1]).toBeCloseTo(s1 - s2, 14);
    expect(out[2]).toBeCloseTo(s2, 14);
    categoryProbabilities(bank, 2, theta, out);
    const z = [0, 0.9 * (theta - 0.3), 0.9 * (theta - 0.3) + 0.9 * (theta + 0.4)];
    const denominator = z.reduce((s, v) => s + Math.exp(v), 0);
    for (let k = 0; k < 3; k++) expect(out[k]).toBeCloseTo(Math.exp(z[k]) / denominator, 14);
  });

  it('a 2-category GRM and a 1-step GPCM are the 2PL; PCM is GPCM with a = 1', () => {
    const bank = compileBank([
      { id: 'two', model: '2PL', a: 1.3, b: 0.4 },
      { id: 'grm', model: 'GRM', a: 1.3, thresholds: [0.4] },
      { id: 'gpcm', model: 'GPCM', a: 1.3, steps: [0.4] },
      { id: 'pcm', model: 'PCM', steps: [0.1, 0.9] },
      { id: 'gpcm1', model: 'GPCM', a: 1, steps: [0.1, 0.9] },
    ]);
    for (const theta of [-3, 0, 1.5]) {
      for (const k of [0, 1]) {
        expect(logCategoryProbability(bank, 1, theta, k)).toBeCloseTo(logCategoryProbability(bank, 0, theta, k), 13);
        expect(logCategoryProbability(bank, 2, theta, k)).toBeCloseTo(logCategoryProbability(bank, 0, theta, k), 13);
      }
      for (const k of [0, 1, 2]) expect(logCategoryProbability(bank, 3, theta, k)).toBeCloseTo(logCategoryProbability(bank, 4, theta, k), 14);
    }
  });

  it('the log of a tiny middle GRM category is accurate where the naive difference underflows', () => {
    // At θ = 40, P(X = 1) = σ(z1) − σ(z2) is ~e^{-40·…}: the subtraction gives 0, the product form does not.
    const bank = compileBank([{ id: 'g', model: 'GRM', a: 1, thresholds: [0, 1] }]);
    const exact = Math.log(1 / (1 + Math.exp(-40))) - Math.log(1 + Math.exp(39)) + Math.log(1 - Math.exp(-1));
    expect(logCategoryProbability(bank, 0, 40, 1)).toBeCloseTo(exact, 10);
  });
});

describe('expectedScore and logProbabilityDerivative', () => {
  it('expectedScore = Σ k·P_k', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      for (const theta of thetas) {
        categoryProbabilities(mixedBank, item, theta, out);
        let mean = 0;
        for (let k = 0; k < mixedBank.categories[item]; k++) mean += k * out[k];
        expect(expectedScore(mixedBank, item, theta)).toBeCloseTo(mean, 13);
      }
    }
  });

  it('the analytic ∂ log P/∂θ matches a central difference (tolerance 1e-6: O(h²) with h = 1e-5 plus round-off/h)', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      for (const theta of [-5, -1.2, 0, 0.8, 4]) {
        for (let k = 0; k < mixedBank.categories[item]; k++) {
          const numeric = firstDifference((t) => logCategoryProbability(mixedBank, item, t, k), theta);
          expect(Math.abs(logProbabilityDerivative(mixedBank, item, theta, k) - numeric)).toBeLessThan(1e-6);
        }
      }
    }
  });
});
