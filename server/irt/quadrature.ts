/**
 * Quadrature on the θ scale: the equally spaced grid used for EAP and calibration, the normal
 * log density, and Gauss–Hermite rules for the standard normal (used to match published MML runs).
 */
import { DEFAULT_QUADRATURE, type NormalPrior, type QuadratureSpec } from './types';

export function quadratureGrid(spec: Partial<QuadratureSpec> = {}): Float64Array {
  const points = spec.points ?? DEFAULT_QUADRATURE.points;
  const min = spec.min ?? DEFAULT_QUADRATURE.min;
  const max = spec.max ?? DEFAULT_QUADRATURE.max;
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`quadrature points must be an integer ≥ 2, got ${points}`);
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new RangeError(`quadrature range must be finite with min < max, got [${min}, ${max}]`);
  }
  const grid = new Float64Array(points);
  const step = (max - min) / (points - 1);
  for (let i = 0; i < points; i++) grid[i] = min + i * step;
  grid[points - 1] = max;
  return grid;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function normalLogDensity(theta: number, prior: NormalPrior): number {
  const z = (theta - prior.mean) / prior.sd;
  return -0.5 * z * z - Math.log(prior.sd) - LOG_SQRT_2PI;
}

/** Nodes and weights of a quadrature rule; weights sum to 1 for a probability rule. */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Normalised rectangular weights for a N(mean, sd) prior on a grid: w_i ∝ φ(θ_i), Σ w_i = 1.
 * This is how the engine's EAP and calibration integrate over θ.
 */
export function normalGridRule(grid: Float64Array, prior: NormalPrior): QuadratureRule {
  const weights = new Float64Array(grid.length);
  let max = -Infinity;
  for (let i = 0; i < grid.length; i++) {
    weights[i] = normalLogDensity(grid[i], prior);
    if (weights[i] > max) max = weights[i];
  }
  let sum = 0;
  for (let i = 0; i < grid.length; i++) {
    weights[i] = Math.exp(weights[i] - max);
    sum += weights[i];
  }
  for (let i = 0; i < grid.length; i++) weights[i] /= sum;
  return { nodes: grid, weights };
}

/**
 * Gauss–Hermite rule for the standard normal density (probabilists' Hermite polynomials):
 * ∫ f(x) φ(x) dx ≈ Σ w_i f(x_i), exact for polynomials of degree ≤ 2n − 1.
 * Golub & Welsch (1969): the nodes are the eigenvalues of the Jacobi matrix of the
 * three-term recurrence He_{k+1} = x He_k − k He_{k−1} (zero diagonal, off-diagonal √k), and
 * each weight is μ₀ = 1 times the squared first component of its unit eigenvector.
 * Eigenvalues by the implicit QL algorithm with Wilkinson shifts (tqli, Numerical Recipes §11.3),
 * carrying only the first row of the eigenvector matrix.
 */
export function gaussHermiteNormal(points: number): QuadratureRule {
  if (!Number.isInteger(points) || points < 1 || points > 200) {
    throw new RangeError(`Gauss–Hermite points must be an integer in 1..200, got ${points}`);
  }
  const n = points;
  const diag = new Float64Array(n);
  const off = new Float64Array(n);
  for (let k = 1; k < n; k++) off[k - 1] = Math.sqrt(k);
  const first = new Float64Array(n);
  first[0] = 1;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(diag[m]) + Math.abs(diag[m + 1]);
        if (Math.abs(off[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iterations > 60) throw new Error('Gauss–Hermite: QL iteration did not converge');
      let g = (diag[l + 1] - diag[l]) / (2 * off[l]);
      let r = Math.hypot(g, 1);
      g = diag[m] - diag[l] + off[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        let f = s * off[i];
        const b = c * off[i];
        r = Math.hypot(f, g);
        off[i + 1] = r;
        if (r === 0) {
          diag[i + 1] -= p;
          off[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = diag[i + 1] - p;
        r = (diag[i] - g) * s + 2 * c * b;
        p = s * r;
        diag[i + 1] = g + p;
        g = c * r - b;
        f = first[i + 1];
        first[i + 1] = s * first[i] + c * f;
        first[i] = c * first[i] - s * f;
      }
      if (underflow) continue;
      diag[l] -= p;
      off[l] = g;
      off[m] = 0;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => diag[x] - diag[y]);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  let sum = 0;
  order.forEach((source, target) => {
    // Polish each eigenvalue by Newton on the orthonormal Hermite polynomial and take the
    // weight as the Christoffel number 1 / Σ_{k<n} p_k(x)², which is accurate to full relative
    // precision even for the tiny outer weights (the squared eigenvector component is not).
    let x = diag[source];
    for (let step = 0; step < 3; step++) {
      const { value, previous } = orthonormalHermite(n, x);
      const derivative = Math.sqrt(n) * previous;
      if (derivative === 0) break;
      x -= value / derivative;
    }
    nodes[target] = x;
    weights[target] = 1 / orthonormalHermite(n, x).sumOfSquares;
    sum += weights[target];
  });
  // Σ w = μ₀ = 1 exactly in theory; renormalise away rounding.
  for (let i = 0; i < n; i++) weights[i] /= sum;
  return { nodes, weights };
}

/**
 * Orthonormal probabilists' Hermite polynomials p_k = He_k/√(k!) at x by the recurrence
 * p_{k+1} = (x·p_k − √k·p_{k−1}) / √(k+1): p_n, p_{n−1} and Σ_{k<n} p_k².
 */
function orthonormalHermite(n: number, x: number): { value: number; previous: number; sumOfSquares: number } {
  let previous = 0;
  let current = 1;
  let sumOfSquares = 0;
  for (let k = 0; k < n; k++) {
    sumOfSquares += current * current;
    const next = (x * current - Math.sqrt(k) * previous) / Math.sqrt(k + 1);
    previous = current;
    current = next;
  }
  return { value: current, previous, sumOfSquares };
}
