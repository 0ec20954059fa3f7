/**
 * The checks and the mark every sitting gives a submitted answer, ordinary and national-sampling
 * alike: is it for the question now shown, is it in a form that question accepts, and what does
 * it score. Kept in one place so both kinds of sitting refuse and mark in exactly the same way.
 */
import { ApiError, validationFailed } from '../http/apiError';
import { seededRandom } from '../irt/random';
import type { ItemDocument, PupilAnswer } from '../scoring/itemDocument';
import { markResponse } from '../scoring/markResponse';
import { validateAnswerShape } from '../scoring/validateAnswerShape';

/**
 * The refusal for a submission that is not for the question now shown (`answered` questions
 * done, `current` the item on screen, undefined when none is), or undefined when it is.
 */
export function notCurrentQuestion(submission: { sequence: number; itemId: string }, answered: number, current: ItemDocument | undefined): ApiError | undefined {
  if (submission.sequence !== answered + 1) {
    return new ApiError('CONFLICT', `Question ${submission.sequence} is not the current question (${answered + 1}).`,
      [{ path: '/sequence', message: `must be ${answered + 1}, the question now shown` }]);
  }
  if (!current || submission.itemId !== current.id) {
    return validationFailed('That is not the question being shown.', [{ path: '/itemId', message: 'is not the current item' }]);
  }
  return undefined;
}

/**
 * Marks an answer already known to be for `item`, after checking its shape. Marking may draw
 * random evaluation points (algebra); seeding them from the sitting's seed and the sequence
 * number makes the stored mark reproducible on replay.
 */
export function markSubmission(item: ItemDocument, answer: PupilAnswer, sittingSeed: number, sequence: number) {
  const shapeErrors = validateAnswerShape(item, answer);
  if (shapeErrors.length > 0) throw validationFailed('The answer is not in a form this question accepts.', shapeErrors);
  return markResponse(item, answer, { random: seededRandom((sittingSeed ^ (sequence * 0x9e3779b1)) >>> 0) });
}
