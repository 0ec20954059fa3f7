/** Log-likelihood of a response pattern and its θ-derivatives (the score function). */
import type { CompiledBank } from './bank';
import { logCategoryProbability, logProbabilityDerivative } from './models';

/** Σ log P(X_i = x_i | θ); items[j] is a bank position, responses[j] its category. */
export function logLikelihood(bank: CompiledBank, items: ArrayLike<number>, responses: ArrayLike<number>, theta: number): number {
  let sum = 0;
  for (let j = 0; j < items.length; j++) sum += logCategoryProbability(bank, items[j], theta, responses[j]);
  return sum;
}

/** The score function ∂ log L/∂θ. */
export function logLikelihoodDerivative(bank: CompiledBank, items: ArrayLike<number>, responses: ArrayLike<number>, theta: number): number {
  let sum = 0;
  for (let j = 0; j < items.length; j++) sum += logProbabilityDerivative(bank, items[j], theta, responses[j]);
  return sum;
}

/**
 * Check that a pattern is well formed for the bank: same lengths, valid positions, integer
 * categories in 0..K−1. Throws RangeError naming the offending entry.
 */
export function validateResponses(bank: CompiledBank, items: ArrayLike<number>, responses: ArrayLike<number>): void {
  if (items.length !== responses.length) {
    throw new RangeError(`items (${items.length}) and responses (${responses.length}) differ in length`);
  }
  for (let j = 0; j < items.length; j++) {
    const item = items[j];
    if (!Number.isInteger(item) || item < 0 || item >= bank.size) throw new RangeError(`items[${j}] = ${item} is not a bank position`);
    const x = responses[j];
    if (!Number.isInteger(x) || x < 0 || x >= bank.categories[item]) {
      throw new RangeError(`responses[${j}] = ${x} is not a category of item ${bank.items[item].id} (0..${bank.categories[item] - 1})`);
    }
  }
}
