/**
 * Combining estimates across plausible values (multiple imputations) by Rubin's rules
 * (Rubin 1987, Multiple Imputation for Nonresponse in Surveys, §3.1):
 *   Q̄ = mean Q_m,  Ū = mean U_m,  B = Σ (Q_m − Q̄)² / (M − 1),  T = Ū + (1 + 1/M)·B,
 *   ν = (M − 1)·(1 + Ū / ((1 + 1/M)·B))²  (∞ when B = 0).
 */
import { rejectInput } from './samplingInputError';

export interface ImputedEstimate {
  estimate: number;
  /** Sampling variance of the estimate within this imputation. */
  variance: number;
}

export interface CombinedEstimate {
  estimate: number;
  /** Ū: average sampling variance. */
  samplingVariance: number;
  /** B: between-imputation (measurement) variance. */
  imputationVariance: number;
  /** T = Ū + (1 + 1/M)·B. */
  totalVariance: number;
  se: number;
  degreesOfFreedom: number;
  /** (1 + 1/M)·B / T: the share of the variance due to measurement. */
  fractionMissingInformation: number;
}

export function combineImputations(imputations: readonly ImputedEstimate[]): CombinedEstimate {
  const m = imputations.length;
  if (m < 2) rejectInput('plausibleValues', `Rubin's rules need at least 2 plausible values, got ${m}`);
  const estimate = imputations.reduce((sum, x) => sum + x.estimate, 0) / m;
  const samplingVariance = imputations.reduce((sum, x) => sum + x.variance, 0) / m;
  const imputationVariance = imputations.reduce((sum, x) => sum + (x.estimate - estimate) ** 2, 0) / (m - 1);
  const inflated = (1 + 1 / m) * imputationVariance;
  const totalVariance = samplingVariance + inflated;
  const degreesOfFreedom = inflated === 0 ? Infinity : (m - 1) * (1 + samplingVariance / inflated) ** 2;
  return {
    estimate,
    samplingVariance,
    imputationVariance,
    totalVariance,
    se: Math.sqrt(totalVariance),
    degreesOfFreedom,
    fractionMissingInformation: totalVariance === 0 ? 0 : inflated / totalVariance,
  };
}
