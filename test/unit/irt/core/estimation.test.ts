import { compileBank } from '../../../../server/irt/bank';
import {
  estimateAbility,
  maximumAPosteriori,
  maximumLikelihood,
  weightedLikelihood,
} from '../../../../server/irt/estimation';
import { testInformation, warmBiasTerm } from '../../../../server/irt/information';
import { logLikelihood, logLikelihoodDerivative } from '../../../../server/irt/likelihood';
import { firstDifference, mixedBank } from './fixtures';

const items = [0, 2, 3, 6, 8, 4, 9, 1, 5, 7];
const patterns = [
  [1, 1, 0, 3, 2, 1, 1, 0, 1, 0],
  [0, 1, 0, 1, 0, 0, 2, 1, 0, 1],
  [1, 0, 1, 2, 3, 1, 0, 1, 1, 1],
];

function warmFunction(responses: number[], theta: number): number {
  const J = items.reduce((s, i) => s + warmBiasTerm(mixedBank, i, theta), 0);
  return logLikelihoodDerivative(mixedBank, items, responses, theta) + J / (2 * testInformation(mixedBank, items, theta));
}

describe('maximumLikelihood', () => {
  it.each(patterns.map((p, i) => [i, p]))('pattern %i: the score function is 0 at the estimate and log L is maximal there', (_i, responses) => {
    const estimate = maximumLikelihood(mixedBank, items, responses as number[]);
    expect(estimate.extreme).toBeUndefined();
    // Score at the root: the iteration stops at |Δθ| < 1e-10, so |score| ≲ I·1e-10.
    expect(Math.abs(logLikelihoodDerivative(mixedBank, items, responses as number[], estimate.theta))).toBeLessThan(1e-8);
    const at = logLikelihood(mixedBank, items, responses as number[], estimate.theta);
    for (const delta of [-0.05, 0.05]) expect(logLikelihood(mixedBank, items, responses as number[], estimate.theta + delta)).toBeLessThan(at);
    expect(estimate.se).toBeCloseTo(1 / Math.sqrt(testInformation(mixedBank, items, estimate.theta)), 12);
  });

  it('all-correct and all-wrong patterns return the bound, flagged extreme, with a finite SE', () => {
    const top = items.map((i) => mixedBank.categories[i] - 1);
    const bottom = items.map(() => 0);
    const high = maximumLikelihood(mixedBank, items, top);
    const low = maximumLikelihood(mixedBank, items, bottom);
    expect(high).toEqual({ theta: 6, se: expect.any(Number), extreme: true });
    expect(low).toEqual({ theta: -6, se: expect.any(Number), extreme: true });
    expect(Number.isFinite(high.se)).toBe(true);
    expect(Number.isFinite(low.se)).toBe(true);
    const custom = maximumLikelihood(mixedBank, items, top, [-4, 4]);
    expect(custom.theta).toBe(4);
    expect(custom.extreme).toBe(true);
  });

  it('a single 2PL item pattern of one correct answer is extreme; one right one wrong has the closed-form root', () => {
    // Two Rasch-type items with equal slope, b = ±1, one right one wrong: symmetric ⇒ θ̂ = 0.
    const bank = compileBank([
      { id: 'x', model: '2PL', a: 1.2, b: -1 },
      { id: 'y', model: '2PL', a: 1.2, b: 1 },
    ]);
    expect(maximumLikelihood(bank, [0, 1], [1, 0]).theta).toBeCloseTo(0, 9);
    // Same item twice, once right once wrong: P(θ̂) = 1/2 ⇒ θ̂ = b.
    expect(maximumLikelihood(bank, [1, 1], [1, 0]).theta).toBeCloseTo(1, 9);
  });
});

describe('weightedLikelihood (Warm 1989)', () => {
  it.each(patterns.map((p, i) => [i, p]))('pattern %i satisfies Warm’s equation score + J/(2I) = 0', (_i, responses) => {
    const estimate = weightedLikelihood(mixedBank, items, responses as number[]);
    expect(estimate.extreme).toBeUndefined();
    expect(Math.abs(warmFunction(responses as number[], estimate.theta))).toBeLessThan(1e-8);
    const mle = maximumLikelihood(mixedBank, items, responses as number[]);
    // WLE shrinks the MLE toward the information peak (first-order bias correction); never far.
    expect(Math.abs(estimate.theta - mle.theta)).toBeLessThan(0.5);
  });

  it('for the 2PL, WLE maximises L·√I (Warm’s weighted likelihood): the derivative of log L + ½ log I is 0', () => {
    const bank = compileBank([
      { id: 'a', model: '2PL', a: 1.1, b: -0.5 },
      { id: 'b', model: '2PL', a: 0.8, b: 0.4 },
      { id: 'c', model: '2PL', a: 1.6, b: 1.2 },
    ]);
    const responses = [1, 0, 1];
    const positions = [0, 1, 2];
    const estimate = weightedLikelihood(bank, positions, responses);
    const objective = (t: number): number => logLikelihood(bank, positions, responses, t) + 0.5 * Math.log(testInformation(bank, positions, t));
    expect(Math.abs(firstDifference(objective, estimate.theta))).toBeLessThan(1e-7);
  });

  it('an all-correct 2PL pattern has a finite WLE inside the bounds (not extreme)', () => {
    const bank = compileBank([
      { id: 'a', model: '2PL', a: 1, b: -1 },
      { id: 'b', model: '2PL', a: 1.2, b: 0 },
      { id: 'c', model: '2PL', a: 0.9, b: 0.5 },
    ]);
    const estimate = weightedLikelihood(bank, [0, 1, 2], [1, 1, 1]);
    expect(estimate.extreme).toBeUndefined();
    expect(estimate.theta).toBeGreaterThan(1);
    expect(estimate.theta).toBeLessThan(6);
    const J = [0, 1, 2].reduce((s, i) => s + warmBiasTerm(bank, i, estimate.theta), 0);
    const warm = logLikelihoodDerivative(bank, [0, 1, 2], [1, 1, 1], estimate.theta) + J / (2 * testInformation(bank, [0, 1, 2], estimate.theta));
    expect(Math.abs(warm)).toBeLessThan(1e-8);
  });

  it('returns the bound, flagged extreme, when Warm’s root lies beyond it', () => {
    const bank = compileBank([{ id: 'easy', model: '2PL', a: 1, b: -3 }]);
    const estimate = weightedLikelihood(bank, [0], [1], [-6, -2]);
    expect(estimate).toEqual({ theta: -2, se: expect.any(Number), extreme: true });
    const wrong = weightedLikelihood(mixedBank, items, items.map(() => 0), [-1, 1]);
    expect(wrong.theta).toBe(-1);
    expect(wrong.extreme).toBe(true);
  });
});

describe('maximumAPosteriori', () => {
  it.each(patterns.map((p, i) => [i, p]))('pattern %i: score − (θ − μ)/σ² = 0 and SE = 1/√(I + 1/σ²)', (_i, responses) => {
    const prior = { mean: 0.3, sd: 1.4 };
    const estimate = maximumAPosteriori(mixedBank, items, responses as number[], prior);
    const gradient = logLikelihoodDerivative(mixedBank, items, responses as number[], estimate.theta) - (estimate.theta - prior.mean) / prior.sd ** 2;
    expect(Math.abs(gradient)).toBeLessThan(1e-8);
    expect(estimate.se).toBeCloseTo(1 / Math.sqrt(testInformation(mixedBank, items, estimate.theta) + 1 / prior.sd ** 2), 12);
  });

  it('is finite for all-correct and all-wrong patterns, and equals the prior mean with no responses', () => {
    const top = maximumAPosteriori(mixedBank, items, items.map((i) => mixedBank.categories[i] - 1));
    const bottom = maximumAPosteriori(mixedBank, items, items.map(() => 0));
    expect(top.theta).toBeGreaterThan(0.5);
    expect(top.theta).toBeLessThan(6);
    expect(bottom.theta).toBeLessThan(-0.5);
    expect(bottom.theta).toBeGreaterThan(-6);
    const none = maximumAPosteriori(mixedBank, [], [], { mean: -0.4, sd: 2 });
    expect(none.theta).toBeCloseTo(-0.4, 9);
    expect(none.se).toBeCloseTo(2, 9);
  });
});

describe('estimateAbility', () => {
  it('dispatches every method and never returns NaN or Infinity', () => {
    const top = items.map((i) => mixedBank.categories[i] - 1);
    for (const method of ['EAP', 'MAP', 'MLE', 'WLE'] as const) {
      for (const responses of [...patterns, top, items.map(() => 0)]) {
        const estimate = estimateAbility(mixedBank, items, responses, { method });
        expect(Number.isFinite(estimate.theta)).toBe(true);
        expect(Number.isFinite(estimate.se)).toBe(true);
        expect(estimate.se).toBeGreaterThan(0);
      }
    }
    expect(estimateAbility(mixedBank, items, patterns[0], { method: 'MLE' })).toEqual(maximumLikelihood(mixedBank, items, patterns[0]));
  });

  it('rejects malformed patterns and options with RangeError', () => {
    expect(() => estimateAbility(mixedBank, [0, 1], [1], { method: 'MLE' })).toThrow(RangeError);
    expect(() => estimateAbility(mixedBank, [0], [2], { method: 'MLE' })).toThrow(/not a category/);
    expect(() => estimateAbility(mixedBank, [99], [0], { method: 'EAP' })).toThrow(/not a bank position/);
    expect(() => estimateAbility(mixedBank, [0], [0.5], { method: 'WLE' })).toThrow(RangeError);
    expect(() => estimateAbility(mixedBank, [0], [1], { method: 'MLE', bounds: [2, 1] })).toThrow(RangeError);
    expect(() => estimateAbility(mixedBank, [0], [1], { method: 'MAP', prior: { mean: 0, sd: 0 } })).toThrow(RangeError);
    expect(() => estimateAbility(mixedBank, [0], [1], { method: 'XYZ' as never })).toThrow(RangeError);
  });

  it('MLE is consistent: on a long 2PL test simulated at θ = 0.8 it lands within 3 SE', () => {
    // Deterministic "responses" at their expected value would not be a pattern; instead use
    // a fixed pattern whose proportion correct matches P at θ = 0.8 for equal items: then the
    // MLE solves P(θ) = proportion exactly.
    const bank = compileBank(Array.from({ length: 50 }, (_, i) => ({ id: `q${i}`, model: '2PL' as const, a: 1.3, b: 0.2 })));
    const positions = Array.from({ length: 50 }, (_, i) => i);
    const responses = positions.map((i) => (i < 34 ? 1 : 0)); // 34/50 = 0.68
    const estimate = maximumLikelihood(bank, positions, responses);
    expect(estimate.theta).toBeCloseTo(0.2 + Math.log(0.68 / 0.32) / 1.3, 9);
  });
});

describe('no responses', () => {
  it('MLE and WLE return the middle of the bounds, flagged extreme (flat likelihood), with a finite SE', () => {
    for (const estimate of [maximumLikelihood(mixedBank, [], []), weightedLikelihood(mixedBank, [], [], [-2, 4])]) {
      expect(estimate.extreme).toBe(true);
      expect(Number.isFinite(estimate.se)).toBe(true);
    }
    expect(maximumLikelihood(mixedBank, [], []).theta).toBe(0);
    expect(weightedLikelihood(mixedBank, [], [], [-2, 4]).theta).toBe(1);
  });
});
