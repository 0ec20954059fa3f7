/** Marking of algebraic expressions (equivalence by random evaluation, then form checks). */
import type { RandomSource } from '../irt/types';
import type { ExpressionAnswer } from './itemDocument';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';

export interface ExpressionMarkOptions {
  random: RandomSource;
  /** Evaluation steps allowed. */
  budget: number;
  maxLength?: number;
}

export function markExpression(answer: ExpressionAnswer, _input: string, _options: ExpressionMarkOptions): PartMark {
  // Placeholder while the evaluator lands: never credits, says why.
  return partMark(0, answer.marks ?? DEFAULT_MARKS, 'MARKING_UNAVAILABLE');
}
