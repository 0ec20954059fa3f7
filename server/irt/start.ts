/**
 * The randomised start: the first item is drawn uniformly among the `randomesque` best items at
 * the starting θ (default: the prior mean), so pupils of a class do not all meet the same first
 * item (and so the first items are not over-exposed) while each still starts near their
 * expected ability. Later items use θ̂ and the selection's own randomesque k.
 */
import type { NormalPrior } from './types';

export interface StartRule {
  /** θ at which the first item is chosen; default the prior mean. */
  theta?: number;
  /** How many of the best first items to draw from; default the selection's randomesque k. */
  randomesque?: number;
}

/** Where to select the next item and among how many of the best to draw it. */
export function selectionPoint(
  start: StartRule | undefined,
  selectionRandomesque: number | undefined,
  prior: NormalPrior,
  scoredSoFar: number,
  currentTheta: number,
): { theta: number; count: number } {
  if (scoredSoFar === 0) return { theta: start?.theta ?? prior.mean, count: start?.randomesque ?? selectionRandomesque ?? 1 };
  return { theta: currentTheta, count: selectionRandomesque ?? 1 };
}
