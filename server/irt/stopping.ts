/**
 * Stopping and classification rules for an adaptive test: minimum and maximum length, a target
 * standard error, confidence-interval classification against one or more cut scores, and the
 * sequential probability ratio test with an indifference region; any combination (the test
 * stops as soon as one configured rule is met, but never before `minItems` scored items and
 * the blueprint's minimums).
 */

/** SPRT around each cut: H0 θ = cut − delta against H1 θ = cut + delta (Eggen 1999). */
export interface SprtRule {
  /** Half-width of the indifference region around each cut. */
  delta: number;
  /** Probability of classifying above a cut when θ = cut − delta. Default 0.05. */
  alpha?: number;
  /** Probability of classifying below a cut when θ = cut + delta. Default 0.05. */
  beta?: number;
}

export interface StoppingRule {
  minItems?: number;
  maxItems: number;
  /** Stop when the standard error is at or below this. */
  se?: number;
  /** Cut scores on the θ scale (any order; sorted internally). */
  cuts?: number[];
  /** Stop when the two-sided interval at this level excludes every cut (needs cuts). */
  confidence?: number;
  sprt?: SprtRule;
}

export type StopReason = 'max-items' | 'se-reached' | 'classified' | 'sprt' | 'bank-exhausted';

export interface StopDecision {
  reason: StopReason;
  message: string;
}

/**
 * Inverse of the standard normal CDF: Acklam's rational approximation (relative error
 * < 1.15e−9 over (0, 1)), ample for interval half-widths.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`probability must be in (0, 1), got ${p}`);
  }
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

/** Complementary error function, Numerical Recipes' erfcc (Chebyshev fit, |relative error| < 1.2e−7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF through the same erfc. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The band θ falls in, for ascending cuts: 0 below the first cut … cuts.length above the last. */
export function bandOf(theta: number, cuts: readonly number[]): number {
  let band = 0;
  while (band < cuts.length && theta >= cuts[band]) band++;
  return band;
}

/** True when θ ± z·SE, z = Φ⁻¹((1 + confidence)/2), excludes every cut. */
export function intervalExcludesCuts(theta: number, se: number, cuts: readonly number[], confidence: number): boolean {
  const half = normalQuantile((1 + confidence) / 2) * se;
  for (const cut of cuts) if (theta - half <= cut && cut <= theta + half) return false;
  return true;
}

/**
 * Wald's SPRT decision per cut from log L(cut + δ) − log L(cut − δ): +1 (above) when it reaches
 * log((1 − β)/α), −1 (below) when it falls to log(β/(1 − α)), 0 while undecided (Wald 1947;
 * for CAT, Reckase 1983 and, for several cuts, Eggen 1999).
 */
export function sprtDecisions(logRatios: ArrayLike<number>, alpha: number, beta: number, out: Int8Array): Int8Array {
  const upper = Math.log((1 - beta) / alpha);
  const lower = Math.log(beta / (1 - alpha));
  for (let k = 0; k < logRatios.length; k++) out[k] = logRatios[k] >= upper ? 1 : logRatios[k] <= lower ? -1 : 0;
  return out;
}

/** With ascending cuts, a band is decided when every cut is decided and they agree (above, …, above, below, …, below). */
export function sprtBand(decisions: Int8Array): number | null {
  let band = 0;
  while (band < decisions.length && decisions[band] === 1) band++;
  for (let k = band; k < decisions.length; k++) if (decisions[k] !== -1) return null;
  return band;
}

export interface StoppingState {
  /** Scored items answered so far. */
  scored: number;
  theta: number;
  se: number;
  /** log L(cut + δ) − log L(cut − δ) per ascending cut, when an SPRT is configured. */
  sprtLogRatios?: ArrayLike<number>;
  /** False while a blueprint minimum is still outstanding. */
  blueprintMinimaMet: boolean;
}

const ROUND = (x: number): string => (Math.round(x * 1000) / 1000).toString();

/** Ascending copy of the rule's cuts. */
export function sortedCuts(rule: StoppingRule): number[] {
  return [...(rule.cuts ?? [])].sort((x, y) => x - y);
}

/** Why the test stops now, or null to go on. The caller adds 'bank-exhausted' when no item is left. */
export function stoppingDecision(rule: StoppingRule, state: StoppingState, cuts: readonly number[] = sortedCuts(rule)): StopDecision | null {
  if (state.scored >= rule.maxItems) {
    return { reason: 'max-items', message: `reached the maximum length of ${rule.maxItems} scored items` };
  }
  if (state.scored < (rule.minItems ?? 1) || !state.blueprintMinimaMet) return null;
  if (rule.se !== undefined && state.se <= rule.se) {
    return { reason: 'se-reached', message: `standard error ${ROUND(state.se)} is at or below the target ${rule.se}` };
  }
  if (cuts.length > 0 && rule.confidence !== undefined && intervalExcludesCuts(state.theta, state.se, cuts, rule.confidence)) {
    return {
      reason: 'classified',
      message: `the ${rule.confidence * 100}% interval around θ = ${ROUND(state.theta)} excludes every cut: band ${bandOf(state.theta, cuts)}`,
    };
  }
  if (cuts.length > 0 && rule.sprt && state.sprtLogRatios) {
    const decisions = sprtDecisions(state.sprtLogRatios, rule.sprt.alpha ?? 0.05, rule.sprt.beta ?? 0.05, new Int8Array(cuts.length));
    const band = sprtBand(decisions);
    if (band !== null) {
      return { reason: 'sprt', message: `the sequential probability ratio test decided every cut (indifference ±${rule.sprt.delta}): band ${band}` };
    }
  }
  return null;
}
