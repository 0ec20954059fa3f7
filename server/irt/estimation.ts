/**
 * Ability estimation from a response pattern: MLE, WLE (Warm 1989), MAP and EAP, each with a
 * standard error, bounded to θ ∈ [−6, 6] unless options say otherwise.
 *
 * MLE and MAP: Newton–Raphson on the score function with the observed information, kept inside
 * a bracket [lo, hi] where the score changes sign from + to −; any step leaving the bracket (or
 * a non-positive curvature, possible under the 3PL) is replaced by bisection, so the iteration
 * always converges to a maximum. WLE: Brent's method on Warm's equation
 * ∂ log L/∂θ + J(θ)/(2I(θ)) = 0 (Warm 1989, eq. 11).
 * If the function has no sign change inside the bounds (all-correct or all-wrong patterns under
 * the MLE, or a WLE root beyond the bounds) the estimate is the bound, flagged `extreme`.
 */
import type { CompiledBank } from './bank';
import { categoryLogDerivatives } from './models';
import { createPosterior, addResponse, expectedAPosteriori } from './posterior';
import { quadratureGrid } from './quadrature';
import { validateResponses } from './likelihood';
import {
  DEFAULT_PRIOR,
  DEFAULT_QUADRATURE,
  THETA_BOUNDS,
  type AbilityEstimate,
  type EstimationMethod,
  type NormalPrior,
  type QuadratureSpec,
} from './types';

export interface EstimationOptions {
  method: EstimationMethod;
  /** MAP and EAP prior; default N(0, 1). */
  prior?: NormalPrior;
  /** EAP grid; default 61 points on [−6, 6]. */
  quadrature?: Partial<QuadratureSpec>;
  /** MLE, WLE and MAP search interval; default [−6, 6]. */
  bounds?: readonly [number, number];
}

/**
 * Floor on test information when turning it into a standard error, so SE stays finite (and
 * JSON-safe) even for a pattern with no informative item; 1e-12 gives SE ≤ 10^6.
 */
const MIN_INFORMATION = 1e-12;
const TOLERANCE = 1e-10;
const MAX_ITERATIONS = 200;

/** Everything the estimators need about a pattern at one θ, from one pass over the items. */
interface PatternDerivatives {
  score: number;
  observedInformation: number;
  fisherInformation: number;
  warmJ: number;
}

const prob = new Float64Array(256);
const first = new Float64Array(256);
const second = new Float64Array(256);
const scratchDerivatives: PatternDerivatives = { score: 0, observedInformation: 0, fisherInformation: 0, warmJ: 0 };

function patternDerivatives(bank: CompiledBank, items: ArrayLike<number>, responses: ArrayLike<number>, theta: number): PatternDerivatives {
  const out = scratchDerivatives;
  out.score = 0;
  out.observedInformation = 0;
  out.fisherInformation = 0;
  out.warmJ = 0;
  for (let j = 0; j < items.length; j++) {
    const K = categoryLogDerivatives(bank, items[j], theta, prob, first, second);
    const x = responses[j];
    out.score += first[x];
    out.observedInformation -= second[x];
    for (let k = 0; k < K; k++) {
      const f = first[k];
      out.fisherInformation += prob[k] * f * f;
      out.warmJ += prob[k] * f * (second[k] + f * f);
    }
  }
  return out;
}

function checkBounds(bounds: readonly [number, number]): void {
  if (!Number.isFinite(bounds[0]) || !Number.isFinite(bounds[1]) || !(bounds[0] < bounds[1])) {
    throw new RangeError(`bounds must be finite with lower < upper, got [${bounds[0]}, ${bounds[1]}]`);
  }
}

/**
 * Find θ in [lo, hi] where `fn` (a decreasing-through-zero gradient) crosses from + to −.
 * Returns NaN when fn has no such crossing on a coarse scan; callers handle bounds first.
 * `curvature` (−f′) enables Newton steps; without it, Brent's method (Brent 1973, zeroin).
 */
function bracketedRoot(
  fn: (theta: number) => number,
  curvature: ((theta: number) => number) | null,
  lo: number,
  hi: number,
  fLo: number,
  fHi: number,
): number {
  if (curvature) {
    let theta = 0.5 * (lo + hi);
    for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      const g = fn(theta);
      if (g === 0) return theta;
      if (g > 0) lo = theta;
      else hi = theta;
      const h = curvature(theta);
      let next = h > 0 ? theta + g / h : NaN;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (Math.abs(next - theta) < TOLERANCE || hi - lo < TOLERANCE) return next;
      theta = next;
    }
    return theta;
  }
  // Brent's method (zeroin): inverse quadratic interpolation / secant with bisection fallback.
  let a = lo;
  let b = hi;
  let fa = fLo;
  let fb = fHi;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * TOLERANCE;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = fn(b);
  }
  return b;
}

/**
 * Locate the maximiser of an objective whose gradient is `fn` on [lo, hi]: interior root where
 * the gradient goes + → −, or a bound. When the gradient is + at lo and − at hi the bracket is
 * immediate; otherwise (possible only for non-monotone gradients, e.g. the 3PL) scan a grid of
 * 0.1 for the best + → − crossing by `objective`, falling back to the better bound.
 */
function maximise(
  fn: (theta: number) => number,
  curvature: ((theta: number) => number) | null,
  objective: (theta: number) => number,
  bounds: readonly [number, number],
): { theta: number; atBound: boolean } {
  const [lo, hi] = bounds;
  const fLo = fn(lo);
  const fHi = fn(hi);
  if (fLo > 0 && fHi < 0) return { theta: bracketedRoot(fn, curvature, lo, hi, fLo, fHi), atBound: false };
  if (fLo === 0) return { theta: lo, atBound: false };
  if (fHi === 0) return { theta: hi, atBound: false };
  const steps = Math.max(2, Math.ceil((hi - lo) / 0.1));
  let bestTheta = objective(lo) >= objective(hi) ? lo : hi;
  let bestValue = objective(bestTheta);
  let atBound = true;
  let previousTheta = lo;
  let previousGradient = fLo;
  for (let s = 1; s <= steps; s++) {
    const theta = s === steps ? hi : lo + ((hi - lo) * s) / steps;
    const gradient = s === steps ? fHi : fn(theta);
    if (previousGradient > 0 && gradient < 0) {
      const root = bracketedRoot(fn, curvature, previousTheta, theta, previousGradient, gradient);
      const value = objective(root);
      if (value > bestValue) {
        bestValue = value;
        bestTheta = root;
        atBound = false;
      }
    }
    previousTheta = theta;
    previousGradient = gradient;
  }
  return { theta: bestTheta, atBound };
}

function logLikelihoodAt(bank: CompiledBank, items: ArrayLike<number>, responses: ArrayLike<number>) {
  return (theta: number): number => {
    // Objective only used to compare candidate maxima; the warm/score functions drive the roots.
    let sum = 0;
    for (let j = 0; j < items.length; j++) {
      categoryLogDerivatives(bank, items[j], theta, prob, first, second);
      sum += Math.log(prob[responses[j]]);
    }
    return sum;
  };
}

/** No responses: the likelihood is flat, so there is no maximum; report the middle of the bounds. */
function noEvidence(bounds: readonly [number, number]): AbilityEstimate {
  return { theta: 0.5 * (bounds[0] + bounds[1]), se: standardError(0), extreme: true };
}

function standardError(information: number): number {
  return 1 / Math.sqrt(Math.max(information, MIN_INFORMATION));
}

/** Maximum likelihood: the root of ∂ log L/∂θ, or the bound (extreme) when there is none. */
export function maximumLikelihood(
  bank: CompiledBank,
  items: ArrayLike<number>,
  responses: ArrayLike<number>,
  bounds: readonly [number, number] = THETA_BOUNDS,
): AbilityEstimate {
  checkBounds(bounds);
  validateResponses(bank, items, responses);
  if (items.length === 0) return noEvidence(bounds);
  const { theta, atBound } = maximise(
    (t) => patternDerivatives(bank, items, responses, t).score,
    (t) => patternDerivatives(bank, items, responses, t).observedInformation,
    logLikelihoodAt(bank, items, responses),
    bounds,
  );
  const se = standardError(patternDerivatives(bank, items, responses, theta).fisherInformation);
  return atBound ? { theta, se, extreme: true } : { theta, se };
}

/**
 * Warm's weighted likelihood estimate: the root of ∂ log L/∂θ + J(θ)/(2I(θ)) = 0
 * (Warm 1989, eq. 11), with J = Σ_i Σ_k P'_ik P''_ik / P_ik. A root exists for all-correct
 * 2PL patterns in principle; when it lies beyond the bounds the bound is returned as extreme.
 * SE = 1/√I(θ̂), the asymptotic SE Warm gives (eq. 24).
 */
export function weightedLikelihood(
  bank: CompiledBank,
  items: ArrayLike<number>,
  responses: ArrayLike<number>,
  bounds: readonly [number, number] = THETA_BOUNDS,
): AbilityEstimate {
  checkBounds(bounds);
  validateResponses(bank, items, responses);
  if (items.length === 0) return noEvidence(bounds);
  const warm = (t: number): number => {
    const p = patternDerivatives(bank, items, responses, t);
    return p.score + p.warmJ / (2 * Math.max(p.fisherInformation, MIN_INFORMATION));
  };
  // Warm's function is the gradient of log L + ½·log I(θ) for the 2PL; use that as the objective
  // for comparing candidate roots (exactly the weighted likelihood L·√I when J = I′/2).
  const logLik = logLikelihoodAt(bank, items, responses);
  const objective = (t: number): number => logLik(t) + 0.5 * Math.log(Math.max(patternDerivatives(bank, items, responses, t).fisherInformation, MIN_INFORMATION));
  const { theta, atBound } = maximise(warm, null, objective, bounds);
  const se = standardError(patternDerivatives(bank, items, responses, theta).fisherInformation);
  return atBound ? { theta, se, extreme: true } : { theta, se };
}

/**
 * Maximum a posteriori with a normal prior: root of ∂ log L/∂θ − (θ − μ)/σ², SE = 1/√(I + 1/σ²)
 * (Fisher information at the mode plus the prior's). Clamped to the bounds.
 */
export function maximumAPosteriori(
  bank: CompiledBank,
  items: ArrayLike<number>,
  responses: ArrayLike<number>,
  prior: NormalPrior = DEFAULT_PRIOR,
  bounds: readonly [number, number] = THETA_BOUNDS,
): AbilityEstimate {
  checkBounds(bounds);
  if (!(prior.sd > 0) || !Number.isFinite(prior.sd) || !Number.isFinite(prior.mean)) {
    throw new RangeError(`prior must have a finite mean and sd > 0, got N(${prior.mean}, ${prior.sd})`);
  }
  validateResponses(bank, items, responses);
  const precision = 1 / (prior.sd * prior.sd);
  const logLik = logLikelihoodAt(bank, items, responses);
  const { theta } = maximise(
    (t) => patternDerivatives(bank, items, responses, t).score - (t - prior.mean) * precision,
    (t) => patternDerivatives(bank, items, responses, t).observedInformation + precision,
    (t) => logLik(t) - 0.5 * (t - prior.mean) * (t - prior.mean) * precision,
    bounds,
  );
  const information = patternDerivatives(bank, items, responses, theta).fisherInformation;
  return { theta, se: 1 / Math.sqrt(information + precision) };
}

/** EAP from a whole pattern (the batch form of the incremental posterior). */
export function expectedAPosterioriFromPattern(
  bank: CompiledBank,
  items: ArrayLike<number>,
  responses: ArrayLike<number>,
  prior: NormalPrior = DEFAULT_PRIOR,
  quadrature: Partial<QuadratureSpec> = DEFAULT_QUADRATURE,
): AbilityEstimate {
  validateResponses(bank, items, responses);
  const posterior = createPosterior(quadratureGrid(quadrature), prior);
  for (let j = 0; j < items.length; j++) addResponse(posterior, bank, items[j], responses[j]);
  return expectedAPosteriori(posterior);
}

export function estimateAbility(
  bank: CompiledBank,
  items: ArrayLike<number>,
  responses: ArrayLike<number>,
  options: EstimationOptions,
): AbilityEstimate {
  const bounds = options.bounds ?? THETA_BOUNDS;
  switch (options.method) {
    case 'MLE':
      return maximumLikelihood(bank, items, responses, bounds);
    case 'WLE':
      return weightedLikelihood(bank, items, responses, bounds);
    case 'MAP':
      return maximumAPosteriori(bank, items, responses, options.prior ?? DEFAULT_PRIOR, bounds);
    case 'EAP':
      return expectedAPosterioriFromPattern(bank, items, responses, options.prior ?? DEFAULT_PRIOR, options.quadrature ?? DEFAULT_QUADRATURE);
    default:
      throw new RangeError(`unknown estimation method ${JSON.stringify(options.method)}`);
  }
}
