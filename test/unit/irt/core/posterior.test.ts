import { compileBank } from '../../../../server/irt/bank';
import { logLikelihood } from '../../../../server/irt/likelihood';
import {
  addResponse,
  bandProbabilities,
  clonePosterior,
  createPosterior,
  expectedAPosteriori,
  posteriorWeights,
} from '../../../../server/irt/posterior';
import { normalLogDensity, quadratureGrid } from '../../../../server/irt/quadrature';
import { estimateAbility } from '../../../../server/irt/estimation';
import { mixedBank } from './fixtures';

const items = [0, 2, 3, 6, 8, 4, 9, 1];
const responses = [1, 1, 0, 3, 2, 1, 1, 0];

function fold(grid: Float64Array, count = items.length) {
  const posterior = createPosterior(grid, { mean: 0, sd: 1 });
  for (let j = 0; j < count; j++) addResponse(posterior, mixedBank, items[j], responses[j]);
  return posterior;
}

/** Trapezoid rule over [−6, 6] with n points of the unnormalised posterior: moments. */
function bruteForce(n: number, prior = { mean: 0, sd: 1 }, lo = -6, hi = 6) {
  const h = (hi - lo) / (n - 1);
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const theta = lo + i * h;
    const weight = (i === 0 || i === n - 1 ? 0.5 : 1) * Math.exp(normalLogDensity(theta, prior) + logLikelihood(mixedBank, items, responses, theta));
    z += weight;
    m1 += weight * theta;
    m2 += weight * theta * theta;
  }
  const mean = m1 / z;
  return { mean, sd: Math.sqrt(m2 / z - mean * mean) };
}

describe('posterior', () => {
  it('incremental updates equal the batch log posterior (log prior + log-likelihood) exactly up to rounding', () => {
    const grid = quadratureGrid();
    const posterior = fold(grid);
    for (let i = 0; i < grid.length; i++) {
      const batch = normalLogDensity(grid[i], { mean: 0, sd: 1 }) + logLikelihood(mixedBank, items, responses, grid[i]);
      // Same terms summed in the same order: equal to 1e-12 relative.
      expect(Math.abs(posterior.logDensity[i] - batch)).toBeLessThan(1e-12 * Math.max(1, Math.abs(batch)));
    }
    expect(posterior.responses).toBe(items.length);
    expect(posterior.maxLogDensity).toBe(Math.max(...posterior.logDensity));
  });

  it('weights are normalised and stay finite after many extreme responses (no underflow to 0/0)', () => {
    const bank = compileBank(Array.from({ length: 400 }, (_, i) => ({ id: `q${i}`, model: '2PL' as const, a: 3, b: -5 })));
    const posterior = createPosterior(quadratureGrid(), { mean: 0, sd: 1 });
    for (let i = 0; i < 400; i++) addResponse(posterior, bank, i, 0);
    const w = posteriorWeights(posterior, new Float64Array(61));
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    const estimate = expectedAPosteriori(posterior);
    expect(Number.isFinite(estimate.theta)).toBe(true);
    expect(Number.isFinite(estimate.se)).toBe(true);
    expect(estimate.theta).toBeLessThan(-5.5);
  });

  it('EAP on a fine grid matches a 20,001-point trapezoid integration of the posterior', () => {
    const exact = bruteForce(20_001);
    const fine = expectedAPosteriori(fold(quadratureGrid({ points: 2001 })));
    // The rectangle and trapezoid rules coincide on a grid whose end weights are negligible;
    // at spacing 0.006 vs 0.0006 both are converged far beyond 1e-9.
    expect(Math.abs(fine.theta - exact.mean)).toBeLessThan(1e-9);
    expect(Math.abs(fine.se - exact.sd)).toBeLessThan(1e-9);
  });

  it('EAP on the default 61-point grid is within 1e-4 of the brute-force integral', () => {
    const exact = bruteForce(20_001);
    const eap = expectedAPosteriori(fold(quadratureGrid()));
    // The rectangle rule at spacing 0.2 converges geometrically for a smooth posterior of width
    // ≈ 0.6; 1e-4 is what that spacing guarantees for posteriors at least this wide.
    expect(Math.abs(eap.theta - exact.mean)).toBeLessThan(1e-4);
    expect(Math.abs(eap.se - exact.sd)).toBeLessThan(1e-4);
  });

  it('estimateAbility EAP (batch) equals the incremental posterior EAP and honours prior and grid', () => {
    const incremental = expectedAPosteriori(fold(quadratureGrid()));
    const batch = estimateAbility(mixedBank, items, responses, { method: 'EAP' });
    expect(batch.theta).toBeCloseTo(incremental.theta, 13);
    expect(batch.se).toBeCloseTo(incremental.se, 13);
    const shifted = estimateAbility(mixedBank, items, responses, { method: 'EAP', prior: { mean: 1, sd: 0.5 }, quadrature: { points: 121 } });
    const exact = bruteForce(20_001, { mean: 1, sd: 0.5 });
    expect(Math.abs(shifted.theta - exact.mean)).toBeLessThan(1e-6);
  });

  it('EAP with no responses is the prior mean and SD', () => {
    const estimate = expectedAPosteriori(createPosterior(quadratureGrid({ points: 241 }), { mean: 0.5, sd: 0.8 }));
    expect(estimate.theta).toBeCloseTo(0.5, 10);
    expect(estimate.se).toBeCloseTo(0.8, 6);
  });

  it('clonePosterior is independent of the original', () => {
    const original = fold(quadratureGrid(), 3);
    const copy = clonePosterior(original);
    addResponse(copy, mixedBank, items[3], responses[3]);
    expect(original.responses).toBe(3);
    expect(copy.responses).toBe(4);
    expect(expectedAPosteriori(copy).theta).not.toBe(expectedAPosteriori(original).theta);
    expect(expectedAPosteriori(copy).theta).toBeCloseTo(expectedAPosteriori(fold(quadratureGrid(), 4)).theta, 14);
  });
});

describe('bandProbabilities', () => {
  const posterior = fold(quadratureGrid());

  it('returns cuts.length + 1 probabilities summing to 1', () => {
    const bands = bandProbabilities(posterior, [-1, 0, 0.75, 2]);
    expect(bands.length).toBe(5);
    expect(bands.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    for (const p of bands) expect(p).toBeGreaterThanOrEqual(0);
  });

  it('matches the brute-force posterior probability below a cut to the grid resolution', () => {
    // Exact P(θ < cut) by a 20,001-point trapezoid rule; the cell-interpolated grid value
    // differs by O(h²·density′) ≈ 1e-3 at spacing 0.2.
    const cut = 0.37;
    const n = 20_001;
    const h = 12 / (n - 1);
    let below = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const theta = -6 + i * h;
      const w = (i === 0 || i === n - 1 ? 0.5 : 1) * Math.exp(normalLogDensity(theta, { mean: 0, sd: 1 }) + logLikelihood(mixedBank, items, responses, theta));
      total += w;
      if (theta < cut) below += w;
    }
    const [lower] = bandProbabilities(posterior, [cut]);
    expect(Math.abs(lower - below / total)).toBeLessThan(5e-3);
  });

  it('moves continuously and monotonically as a cut moves inside a grid cell', () => {
    let previous = -1;
    for (let cut = -0.5; cut <= 0.5; cut += 0.01) {
      const [lower] = bandProbabilities(posterior, [cut]);
      expect(lower).toBeGreaterThanOrEqual(previous);
      if (previous >= 0) expect(lower - previous).toBeLessThan(0.02);
      previous = lower;
    }
  });

  it('handles cuts outside the grid and equal cuts, and rejects unsorted cuts', () => {
    expect(bandProbabilities(posterior, [-10])[0]).toBe(0);
    expect(bandProbabilities(posterior, [10])[1]).toBe(0);
    const bands = bandProbabilities(posterior, [0.2, 0.2]);
    expect(bands[1]).toBe(0);
    expect(bands[0] + bands[2]).toBeCloseTo(1, 14);
    expect(bandProbabilities(posterior, []).length).toBe(1);
    expect(() => bandProbabilities(posterior, [1, 0])).toThrow(RangeError);
  });
});
