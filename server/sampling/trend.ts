/**
 * Trend: change since earlier cycles with its standard error including the linking error, and
 * significance with a Bonferroni correction over the comparisons made.
 *
 * SE(Δ) = √(SE_now² + SE_then² + LE²) for independent samples, the link error LE covering the
 * uncertainty of putting the two cycles on one scale (OECD PISA 2018 Technical Report ch. 12;
 * Monseur & Berezner 2007, J. Applied Measurement 8:323–335). Two-sided p from the normal
 * distribution; a change is significant when p < α/m for m comparisons (Bonferroni; NAEP TDW
 * "Multiple comparison procedures").
 */
import { erf } from 'mathjs';
import { Z_95 } from './estimates';
import { rejectInput } from './samplingInputError';

export interface CycleEstimate {
  cycle: string;
  estimate: number;
  se: number;
}

export interface TrendComparison {
  since: string;
  change: number;
  se: number;
  lower: number;
  upper: number;
  z: number;
  p: number;
  /** α / m after the Bonferroni correction. */
  threshold: number;
  significant: boolean;
}

/** Two-sided p-value of a standard normal statistic: erfc(|z|/√2). */
export function twoSidedNormalP(z: number): number {
  return 1 - erf(Math.abs(z) / Math.SQRT2);
}

export function trendComparisons(
  current: CycleEstimate,
  earlier: readonly CycleEstimate[],
  linkErrors: Record<string, number>,
  alpha = 0.05,
): TrendComparison[] {
  if (!(alpha > 0 && alpha < 1)) rejectInput('alpha', `must lie in (0, 1), got ${alpha}`);
  const threshold = alpha / Math.max(1, earlier.length);
  return earlier.map((then, i) => {
    const linkError = linkErrors[then.cycle];
    if (linkError === undefined || !(linkError >= 0)) rejectInput(`linkErrors/${then.cycle}`, `a link error ≥ 0 is needed for cycle "${then.cycle}"`);
    if (!(then.se >= 0)) rejectInput(`earlier/${i}/se`, 'standard error must be ≥ 0');
    const change = current.estimate - then.estimate;
    const se = Math.sqrt(current.se ** 2 + then.se ** 2 + linkError ** 2);
    const z = se > 0 ? change / se : change === 0 ? 0 : Math.sign(change) * Infinity;
    const p = twoSidedNormalP(z);
    return { since: then.cycle, change, se, lower: change - Z_95 * se, upper: change + Z_95 * se, z, p, threshold, significant: p < threshold };
  });
}
