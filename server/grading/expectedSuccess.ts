/**
 * Expected success on a set of items at θ: the mean over the items of E[X | θ] / (K − 1), the
 * expected proportion of the item's maximum score (for a dichotomous item, P(correct)). It is
 * non-decreasing in θ for every model of the bank (dichotomous and GRM: a sum of increasing
 * logistic terms; GPCM: dE/dθ = D·a·Var(X) ≥ 0), so the θ at which it reaches a response
 * probability is found by bisection. Item mapping (cutScores.ts) and the criteria report
 * (moduleResult.ts) both use it, so a cut and a "You can …" statement mean the same thing.
 */
import type { CompiledBank } from '../irt/bank';
import { expectedScore } from '../irt/models';
import { THETA_BOUNDS } from '../irt/types';
import { RuleValidationError } from './ruleValidationError';

export function expectedProportion(bank: CompiledBank, item: number, theta: number): number {
  return expectedScore(bank, item, theta) / (bank.categories[item] - 1);
}

export function expectedSuccess(bank: CompiledBank, items: readonly number[], theta: number): number {
  let sum = 0;
  for (const item of items) sum += expectedProportion(bank, item, theta);
  return sum / items.length;
}

export interface ResponseProbabilityLocation {
  /** The θ where expected success equals the response probability, or the bound it is clamped to. */
  theta: number;
  /** 'inside' when the equation has its root in the θ bounds; otherwise which bound was used. */
  position: 'inside' | 'below-lower-bound' | 'above-upper-bound';
}

/**
 * Solve expectedSuccess(θ) = rp by bisection on the θ bounds, halving until the interval no
 * longer shrinks in double precision (about 55 halvings of a 12-wide interval).
 * A guessing asymptote at or above rp puts the root below the bounds; an upper asymptote below
 * rp puts it above; either is reported rather than hidden.
 */
export function responseProbabilityLocation(
  bank: CompiledBank,
  items: readonly number[],
  rp: number,
  bounds: readonly [number, number] = THETA_BOUNDS,
): ResponseProbabilityLocation {
  if (items.length === 0) {
    throw new RuleValidationError('No items to map', [{ path: '/items', message: 'at least one item is needed to find a response-probability location' }]);
  }
  let [lo, hi] = bounds;
  if (expectedSuccess(bank, items, lo) >= rp) return { theta: lo, position: 'below-lower-bound' };
  if (expectedSuccess(bank, items, hi) < rp) return { theta: hi, position: 'above-upper-bound' };
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (expectedSuccess(bank, items, mid) < rp) lo = mid;
    else hi = mid;
  }
  return { theta: 0.5 * (lo + hi), position: 'inside' };
}
