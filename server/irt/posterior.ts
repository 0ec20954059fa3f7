/**
 * A session's posterior over θ on a quadrature grid, kept in log space and updated in place:
 * adding a response costs O(grid) (one log-probability per grid point), never a pass over the
 * earlier responses. The running maximum of the log density is cached so normalising is one
 * pass of exp(l − max) (no overflow or underflow of the whole vector).
 */
import type { CompiledBank } from './bank';
import { logCategoryProbability } from './models';
import { normalLogDensity } from './quadrature';
import type { AbilityEstimate, NormalPrior } from './types';

export interface Posterior {
  readonly grid: Float64Array;
  /** Unnormalised log posterior at each grid point: log prior + Σ log P(x | θ). */
  readonly logDensity: Float64Array;
  readonly prior: NormalPrior;
  /** max_i logDensity[i] (kept current by addResponse). */
  maxLogDensity: number;
  /** Number of responses folded in. */
  responses: number;
  /** Scratch for normalised weights (so estimates do not allocate). */
  readonly weights: Float64Array;
}

export function createPosterior(grid: Float64Array, prior: NormalPrior): Posterior {
  if (grid.length < 2) throw new RangeError('a posterior grid needs at least 2 points');
  if (!(prior.sd > 0) || !Number.isFinite(prior.sd) || !Number.isFinite(prior.mean)) {
    throw new RangeError(`prior must have a finite mean and sd > 0, got N(${prior.mean}, ${prior.sd})`);
  }
  const logDensity = new Float64Array(grid.length);
  let max = -Infinity;
  for (let i = 0; i < grid.length; i++) {
    logDensity[i] = normalLogDensity(grid[i], prior);
    if (logDensity[i] > max) max = logDensity[i];
  }
  return { grid, logDensity, prior: { mean: prior.mean, sd: prior.sd }, maxLogDensity: max, responses: 0, weights: new Float64Array(grid.length) };
}

export function addResponse(posterior: Posterior, bank: CompiledBank, item: number, category: number): void {
  const { grid, logDensity } = posterior;
  let max = -Infinity;
  for (let i = 0; i < grid.length; i++) {
    const value = logDensity[i] + logCategoryProbability(bank, item, grid[i], category);
    logDensity[i] = value;
    if (value > max) max = value;
  }
  posterior.maxLogDensity = max;
  posterior.responses += 1;
}

/** Normalised posterior weights w_i (Σ w_i = 1) written into `out` and returned. */
export function posteriorWeights(posterior: Posterior, out: Float64Array): Float64Array {
  const { logDensity } = posterior;
  const max = posterior.maxLogDensity;
  let sum = 0;
  for (let i = 0; i < logDensity.length; i++) {
    const w = Math.exp(logDensity[i] - max);
    out[i] = w;
    sum += w;
  }
  const inverse = 1 / sum;
  for (let i = 0; i < logDensity.length; i++) out[i] *= inverse;
  return out;
}

/** EAP: θ̂ = posterior mean, SE = posterior SD (Bock & Mislevy 1982), by quadrature on the grid. */
export function expectedAPosteriori(posterior: Posterior): AbilityEstimate {
  const w = posteriorWeights(posterior, posterior.weights);
  const grid = posterior.grid;
  let mean = 0;
  for (let i = 0; i < grid.length; i++) mean += w[i] * grid[i];
  let variance = 0;
  for (let i = 0; i < grid.length; i++) {
    const dev = grid[i] - mean;
    variance += w[i] * dev * dev;
  }
  return { theta: mean, se: Math.sqrt(variance) };
}

/**
 * P(θ in each band) for sorted cut scores: bands (−∞, c_1), [c_1, c_2), …, [c_m, ∞), so the
 * result has cuts.length + 1 entries summing to 1. Each grid point's mass is spread uniformly
 * over its cell (midpoints between neighbouring nodes), so a cut inside a cell takes the
 * proportional share: the band probabilities move continuously as a cut moves.
 */
export function bandProbabilities(posterior: Posterior, cuts: readonly number[]): number[] {
  for (let j = 0; j < cuts.length; j++) {
    if (!Number.isFinite(cuts[j])) throw new RangeError(`cut ${j} is not a finite number`);
    if (j > 0 && cuts[j] < cuts[j - 1]) throw new RangeError('cuts must be sorted ascending');
  }
  const w = posteriorWeights(posterior, posterior.weights);
  const grid = posterior.grid;
  const n = grid.length;
  const result = new Array<number>(cuts.length + 1).fill(0);
  let previous = 0;
  let cell = 0;
  let below = 0; // Σ w over cells entirely left of the current cell
  for (let j = 0; j < cuts.length; j++) {
    const cut = cuts[j];
    for (;;) {
      const upperEdge = cell === n - 1 ? Infinity : 0.5 * (grid[cell] + grid[cell + 1]);
      if (cut < upperEdge) break;
      below += w[cell];
      cell += 1;
    }
    // A cell's lower edge is the midpoint to its left neighbour; the end cells extend half a
    // spacing beyond the grid so every cell has a width.
    const lowerEdge = cell === 0 ? grid[0] - 0.5 * (grid[1] - grid[0]) : 0.5 * (grid[cell - 1] + grid[cell]);
    const upperEdge = cell === n - 1 ? grid[n - 1] + 0.5 * (grid[n - 1] - grid[n - 2]) : 0.5 * (grid[cell] + grid[cell + 1]);
    const fraction = Math.min(1, Math.max(0, (cut - lowerEdge) / (upperEdge - lowerEdge)));
    // Past the last cell the whole mass lies below, exactly (no rounding residue).
    let cdf = cell === n - 1 && fraction === 1 ? 1 : below + fraction * w[cell];
    cdf = Math.min(1, Math.max(previous, cdf));
    result[j] = cdf - previous;
    previous = cdf;
  }
  result[cuts.length] = Math.max(0, 1 - previous);
  return result;
}

export function clonePosterior(p: Posterior): Posterior {
  return {
    grid: p.grid,
    logDensity: Float64Array.from(p.logDensity),
    prior: { ...p.prior },
    maxLogDensity: p.maxLogDensity,
    responses: p.responses,
    weights: new Float64Array(p.grid.length),
  };
}
