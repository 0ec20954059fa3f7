import { compileBank } from '../../../../server/irt/bank';
import { itemInformation, testInformation, warmBiasTerm } from '../../../../server/irt/information';
import { categoryProbabilities, logCategoryProbability } from '../../../../server/irt/models';
import { firstDifference, mixedBank, secondDifference } from './fixtures';

const prob = new Float64Array(16);

/** Fisher information from first principles: −E[∂² log P/∂θ²], by finite differences. */
function numericInformation(item: number, theta: number): { fromCurvature: number; fromScoreVariance: number } {
  categoryProbabilities(mixedBank, item, theta, prob);
  let fromCurvature = 0;
  let fromScoreVariance = 0;
  for (let k = 0; k < mixedBank.categories[item]; k++) {
    const f = (t: number): number => logCategoryProbability(mixedBank, item, t, k);
    fromCurvature -= prob[k] * secondDifference(f, theta);
    fromScoreVariance += prob[k] * firstDifference(f, theta) ** 2;
  }
  return { fromCurvature, fromScoreVariance };
}

describe('itemInformation', () => {
  it('equals −E[∂² log P/∂θ²] and Var(∂ log P/∂θ) by numerical differentiation, for every model', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      for (const theta of [-4, -1.5, -0.2, 0, 0.6, 2.2, 5]) {
        const info = itemInformation(mixedBank, item, theta);
        const numeric = numericInformation(item, theta);
        // Second difference with h = 1e-4: truncation O(h²) ≈ 1e-8, round-off ε/h² ≈ 2e-8;
        // 1e-6 absolute leaves a wide margin yet catches any formula error (≥ 1e-3 here).
        expect(Math.abs(info - numeric.fromCurvature)).toBeLessThan(1e-6);
        expect(Math.abs(info - numeric.fromScoreVariance)).toBeLessThan(1e-6);
      }
    }
  });

  it('reproduces the textbook values: 2PL a²/4 at θ = b, 3PL maximum location (Lord 1980, eq. 10-4)', () => {
    const bank = compileBank([
      { id: 'two', model: '2PL', a: 1.5, b: 0.3 },
      { id: 'three', model: '3PL', a: 1.5, b: 0.3, c: 0.2 },
    ]);
    expect(itemInformation(bank, 0, 0.3)).toBeCloseTo(1.5 ** 2 / 4, 14);
    // Lord: the 3PL information peaks at θ = b + ln((1 + √(1 + 8c))/2)/(D·a).
    const peak = 0.3 + Math.log((1 + Math.sqrt(1 + 8 * 0.2)) / 2) / 1.5;
    const h = 1e-4;
    expect(itemInformation(bank, 1, peak)).toBeGreaterThan(itemInformation(bank, 1, peak - h));
    expect(itemInformation(bank, 1, peak)).toBeGreaterThan(itemInformation(bank, 1, peak + h));
  });

  it('is finite, non-negative and not NaN at θ = ±6 and ±40', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      for (const theta of [-40, -6, 6, 40]) {
        const info = itemInformation(mixedBank, item, theta);
        expect(Number.isFinite(info)).toBe(true);
        expect(info).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('testInformation sums item information', () => {
    const items = [0, 3, 6, 8];
    const sum = items.reduce((s, i) => s + itemInformation(mixedBank, i, 0.4), 0);
    expect(testInformation(mixedBank, items, 0.4)).toBeCloseTo(sum, 14);
  });
});

describe('warmBiasTerm', () => {
  it('equals Σ_k P′_k P″_k / P_k computed by numerical differentiation of P_k (Warm 1989, eq. 11)', () => {
    for (let item = 0; item < mixedBank.size; item++) {
      for (const theta of [-2, 0, 0.5, 2.5]) {
        categoryProbabilities(mixedBank, item, theta, prob);
        let J = 0;
        for (let k = 0; k < mixedBank.categories[item]; k++) {
          const p = (t: number): number => Math.exp(logCategoryProbability(mixedBank, item, t, k));
          J += (firstDifference(p, theta) * secondDifference(p, theta)) / prob[k];
        }
        expect(Math.abs(warmBiasTerm(mixedBank, item, theta) - J)).toBeLessThan(1e-6);
      }
    }
  });
});
