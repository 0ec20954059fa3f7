/**
 * Plausible values: random draws from each pupil's posterior distribution of θ, so population
 * statistics computed from them carry the measurement uncertainty of short tests (Mislevy 1991,
 * "Randomization-based inference about latent variables from complex samples", Psychometrika
 * 56:177–196; Mislevy, Beaton, Kaplan & Sheehan 1992, J. Educ. Measurement 29:133–161).
 * They are never a pupil's score.
 *
 * The posterior is the engine's grid posterior (server/irt/posterior). Drawn from the engine's
 * own N(0, 1) prior, plausible values shrink toward that prior; so the population model is
 * fitted first — a normal distribution per conditioning group (e.g. stratum × reporting group)
 * with a common SD, by marginal maximum likelihood (EM; Bock & Aitkin 1981, Mislevy 1984) —
 * and values are drawn from L(x | θ)·φ(θ; μ_g, σ). This is NAEP's latent regression with
 * group-indicator conditioning variables only: group contrasts and spreads are unbiased for the
 * groups conditioned on; estimates for variables left out of the conditioning are attenuated.
 */
import type { Posterior } from '../irt/posterior';
import { normalLogDensity } from '../irt/quadrature';
import type { RandomSource } from '../irt/types';
import { rejectInput } from './samplingInputError';

export const DEFAULT_PLAUSIBLE_VALUES = 5;

/**
 * One draw from a grid distribution, each node's mass spread uniformly over its cell (edges at
 * the midpoints between nodes; the end cells extend half a spacing beyond the grid) — the same
 * reading of a grid posterior as the engine's band probabilities.
 */
export function drawFromGrid(grid: ArrayLike<number>, weights: ArrayLike<number>, random: RandomSource): number {
  const n = grid.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  let u = random() * total;
  let cell = 0;
  while (cell < n - 1 && u >= weights[cell]) {
    u -= weights[cell];
    cell++;
  }
  const lower = cell === 0 ? grid[0] - 0.5 * (grid[1] - grid[0]) : 0.5 * (grid[cell - 1] + grid[cell]);
  const upper = cell === n - 1 ? grid[n - 1] + 0.5 * (grid[n - 1] - grid[n - 2]) : 0.5 * (grid[cell] + grid[cell + 1]);
  const fraction = weights[cell] > 0 ? Math.min(1, u / weights[cell]) : random();
  return lower + fraction * (upper - lower);
}

/** The log-likelihood on the grid: the engine's log posterior minus its log prior. */
export function logLikelihoodOnGrid(posterior: Posterior): Float64Array {
  return Float64Array.from(posterior.logDensity, (value, i) => value - normalLogDensity(posterior.grid[i], posterior.prior));
}

/** Normalised L(θ)·φ(θ; mean, sd) on the grid. */
export function conditionedPosterior(grid: ArrayLike<number>, logLikelihood: ArrayLike<number>, mean: number, sd: number): Float64Array {
  const out = new Float64Array(grid.length);
  let max = -Infinity;
  for (let i = 0; i < grid.length; i++) {
    out[i] = logLikelihood[i] + normalLogDensity(grid[i], { mean, sd });
    if (out[i] > max) max = out[i];
  }
  let sum = 0;
  for (let i = 0; i < grid.length; i++) {
    out[i] = Math.exp(out[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < grid.length; i++) out[i] /= sum;
  return out;
}

export interface PopulationPupil {
  logLikelihood: ArrayLike<number>;
  /** Survey weight. */
  weight: number;
  /** Conditioning group. */
  group: string;
}

export interface PopulationModel {
  means: Record<string, number>;
  sd: number;
  iterations: number;
  converged: boolean;
}

/**
 * EM for group means μ_g and a common σ: E-step posterior moments under the current model,
 * M-step μ_g = Σ w E[θ] / Σ w within g, σ² = Σ w (E[θ²] − 2μ_g E[θ] + μ_g²) / Σ w.
 */
export function fitPopulationModel(
  grid: ArrayLike<number>,
  pupils: readonly PopulationPupil[],
  options: { maxIterations?: number; tolerance?: number } = {},
): PopulationModel {
  if (pupils.length === 0) rejectInput('pupils', 'no pupils to fit the population model to');
  const groups = [...new Set(pupils.map((p) => p.group))];
  const means: Record<string, number> = Object.fromEntries(groups.map((g) => [g, 0]));
  let sd = 1;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-7;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const sumW: Record<string, number> = Object.fromEntries(groups.map((g) => [g, 0]));
    const sumWT: Record<string, number> = { ...sumW };
    const moments = pupils.map((p) => {
      const w = conditionedPosterior(grid, p.logLikelihood, means[p.group], sd);
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < grid.length; i++) {
        m1 += w[i] * grid[i];
        m2 += w[i] * grid[i] * grid[i];
      }
      sumW[p.group] += p.weight;
      sumWT[p.group] += p.weight * m1;
      return { m1, m2 };
    });
    const next: Record<string, number> = Object.fromEntries(groups.map((g) => [g, sumWT[g] / sumW[g]]));
    let ss = 0;
    let total = 0;
    pupils.forEach((p, k) => {
      const mu = next[p.group];
      ss += p.weight * (moments[k].m2 - 2 * mu * moments[k].m1 + mu * mu);
      total += p.weight;
    });
    const nextSd = Math.sqrt(ss / total);
    const change = Math.max(Math.abs(nextSd - sd), ...groups.map((g) => Math.abs(next[g] - means[g])));
    Object.assign(means, next);
    sd = nextSd;
    if (change < tolerance) return { means, sd, iterations: iteration, converged: true };
  }
  return { means, sd, iterations: maxIterations, converged: false };
}

/** `count` (≥ 5 by default, the NAEP/TIMSS practice) independent draws from one posterior. */
export function drawPlausibleValues(grid: ArrayLike<number>, weights: ArrayLike<number>, random: RandomSource, count = DEFAULT_PLAUSIBLE_VALUES): number[] {
  if (!Number.isInteger(count) || count < 1) rejectInput('plausibleValues', `count must be a whole number ≥ 1, got ${count}`);
  return Array.from({ length: count }, () => drawFromGrid(grid, weights, random));
}

export interface PupilPosterior {
  posterior: Posterior;
  /** Survey weight (full sample). */
  weight: number;
  /** Conditioning group, e.g. `${stratum}|${disadvantaged}`: condition on every reporting variable. */
  group: string;
}

/**
 * The whole step: fit the population model to the pupils' likelihoods, then draw `count`
 * plausible values per pupil from L(x | θ)·φ(θ; μ_g, σ). The pupils must share one grid.
 */
export function plausibleValuesForPupils(
  pupils: readonly PupilPosterior[],
  random: RandomSource,
  count = DEFAULT_PLAUSIBLE_VALUES,
): { model: PopulationModel; plausibleValues: number[][] } {
  if (count < DEFAULT_PLAUSIBLE_VALUES) rejectInput('plausibleValues', `at least ${DEFAULT_PLAUSIBLE_VALUES} plausible values per pupil are drawn, got ${count}`);
  if (pupils.length === 0) rejectInput('pupils', 'no pupils to draw plausible values for');
  const grid = pupils[0].posterior.grid;
  pupils.forEach((p, i) => {
    if (p.posterior.grid.length !== grid.length || p.posterior.grid.some((x, j) => x !== grid[j])) {
      rejectInput(`pupils/${i}/posterior`, 'every posterior must use the same grid');
    }
  });
  const logLikelihoods = pupils.map((p) => logLikelihoodOnGrid(p.posterior));
  const model = fitPopulationModel(
    grid,
    pupils.map((p, i) => ({ logLikelihood: logLikelihoods[i], weight: p.weight, group: p.group })),
  );
  const plausibleValues = pupils.map((p, i) =>
    drawPlausibleValues(grid, conditionedPosterior(grid, logLikelihoods[i], model.means[p.group], model.sd), random, count),
  );
  return { model, plausibleValues };
}
