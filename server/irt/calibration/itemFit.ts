/**
 * Item fit by residual mean squares (Wright & Masters 1982): for each response,
 * z = (x − E[X | θ̂]) / √Var(X | θ̂) with θ̂ the person's WLE (Warm 1989) under the calibrated
 * bank: WLE is nearly unbiased, so the mean squares keep their expectation near 1 (EAP's
 * shrinkage toward the prior mean pulls them well below 1 for items far from the centre).
 * Outfit = mean z² (sensitive to unexpected responses far from the item); infit =
 * Σ (x − E)² / Σ Var (information-weighted). Both have expectation ≈ 1 under the model; values
 * above about 1.3 flag misfit in samples of a few hundred. θ̂ is estimated from the same
 * responses, so the expectation is slightly below 1: use these as flags, not tests.
 */
import type { CompiledBank } from '../bank';
import { categoryProbabilities } from '../models';
import { weightedLikelihood } from '../estimation';
import { THETA_BOUNDS } from '../types';
import type { ResponseData } from './responseData';

export interface ItemFit {
  item: number;
  infit: number;
  outfit: number;
  /** Weighted number of responses. */
  n: number;
}

export function residualFit(bank: CompiledBank, data: ResponseData, bounds: readonly [number, number] = THETA_BOUNDS): ItemFit[] {
  const squaredResidual = new Float64Array(bank.size);
  const variance = new Float64Array(bank.size);
  const squaredZ = new Float64Array(bank.size);
  const count = new Float64Array(bank.size);
  const prob = new Float64Array(256);
  for (let p = 0; p < data.persons; p++) {
    const weight = data.weight[p];
    if (weight === 0) continue;
    const start = data.offsets[p];
    const end = data.offsets[p + 1];
    const theta = weightedLikelihood(bank, data.item.subarray(start, end), data.category.subarray(start, end), bounds).theta;
    for (let e = data.offsets[p]; e < data.offsets[p + 1]; e++) {
      const j = data.item[e];
      categoryProbabilities(bank, j, theta, prob);
      let mean = 0;
      let second = 0;
      for (let k = 0; k < bank.categories[j]; k++) {
        mean += k * prob[k];
        second += k * k * prob[k];
      }
      const v = Math.max(second - mean * mean, 1e-12);
      const residual = data.category[e] - mean;
      squaredResidual[j] += weight * residual * residual;
      variance[j] += weight * v;
      squaredZ[j] += (weight * residual * residual) / v;
      count[j] += weight;
    }
  }
  return Array.from({ length: bank.size }, (_, j) => ({
    item: j,
    infit: squaredResidual[j] / variance[j],
    outfit: squaredZ[j] / count[j],
    n: count[j],
  }));
}
