/**
 * Marks a pupil's answer to an item: pure (the item and answer in, a Mark out), deterministic
 * (randomness for algebra comes from the seeded generator passed in, or a fixed seed), and
 * never throws on pupil input: every outcome, including unreadable or hostile input, is a mark
 * with an answer note.
 */
import type { RandomSource } from '../irt/types';
import { seededRandom } from '../irt/random';
import type { ItemDocument, ItemParameters, Mark, PupilAnswer, SingleAnswer, SingleInteraction, SinglePupilAnswer } from './itemDocument';
import { markExpression } from './markExpression';
import { InvalidKeyError, markNumeric } from './markNumeric';
import { markQuantity } from './markQuantity';
import { markChoice, markMultipleResponse, markOrdering } from './markSelection';
import { markText } from './markText';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';

export type { Mark } from './itemDocument';

export interface MarkOptions {
  /** Seeded generator for the random points of algebraic equivalence; default: a fixed seed. */
  random?: RandomSource;
  /**
   * Work allowed for one algebra check, as milliseconds of a reference machine; converted to a
   * count of evaluation steps so the outcome never depends on the clock.
   */
  budgetMs?: number;
}

/** Evaluation steps per millisecond in the slowest mode (exact BigInt rationals, ~500/ms measured on the 2-core build machine; floating point runs ~2000/ms), so budgetMs is an upper bound. */
export const EVALUATION_STEPS_PER_MS = 500;
export const DEFAULT_BUDGET_MS = 100;
/** Seed used when no generator is passed in: marking the same answer always gives the same mark. */
const DEFAULT_SEED = 20260901;

function maxMarks(answer: SingleAnswer): number {
  return answer.marks ?? DEFAULT_MARKS;
}

function wrongShape(answer: SingleAnswer, note = 'ANSWER_MALFORMED'): PartMark {
  return partMark(0, maxMarks(answer), note);
}

function markSingle(
  interaction: SingleInteraction,
  answer: SingleAnswer | undefined,
  given: SinglePupilAnswer | undefined,
  context: { random: RandomSource; budget: number },
): PartMark {
  // An item that escaped validation is marked 0 with a note rather than failing a pupil's sitting.
  if (!answer || answer.type !== interaction.type) return partMark(0, answer ? maxMarks(answer) : DEFAULT_MARKS, 'KEY_INCONSISTENT');
  try {
    return markAnswer(interaction, answer, given, context);
  } catch (error) {
    if (error instanceof InvalidKeyError) return partMark(0, maxMarks(answer), 'KEY_UNREADABLE');
    throw error;
  }
}

function markAnswer(
  interaction: SingleInteraction,
  answer: SingleAnswer,
  given: SinglePupilAnswer | undefined,
  context: { random: RandomSource; budget: number },
): PartMark {
  if (given === undefined || (typeof given === 'string' && given.trim() === '') || (Array.isArray(given) && given.length === 0)) {
    return partMark(0, maxMarks(answer), 'NO_ANSWER');
  }
  switch (answer.type) {
    case 'choice':
      return typeof given === 'string' ? markChoice(answer, given) : wrongShape(answer);
    case 'multiple-response':
      return Array.isArray(given) ? markMultipleResponse(answer, given) : wrongShape(answer);
    case 'ordering':
      return Array.isArray(given) ? markOrdering(answer, given) : wrongShape(answer);
    case 'text':
      return typeof given === 'string' ? markText(answer, given) : wrongShape(answer);
    case 'numeric':
      return typeof given === 'string' ? markNumeric(answer, given, interaction.type === 'numeric' ? { prefix: interaction.prefix, suffix: interaction.suffix } : {}) : wrongShape(answer);
    case 'expression':
      return typeof given === 'string'
        ? markExpression(answer, given, { random: context.random, budget: context.budget, maxLength: interaction.type === 'expression' ? interaction.maxLength : undefined })
        : wrongShape(answer);
    case 'quantity':
      return typeof given === 'string' ? markQuantity(answer, given, { suffix: interaction.type === 'quantity' ? interaction.suffix : undefined }) : wrongShape(answer);
  }
}

/** Number of IRT response categories K of an item's model. */
export function categoryCount(parameters: ItemParameters): number {
  if (parameters.model === 'GRM') return (parameters.thresholds?.length ?? 1) + 1;
  if (parameters.model === 'GPCM' || parameters.model === 'PCM') return (parameters.steps?.length ?? 1) + 1;
  return 2;
}

/**
 * Maps a score 0..maxScore to a category 0..K−1. When K − 1 = maxScore it is the score; a
 * dichotomous model needs full marks for category 1; otherwise floor(score / maxScore × (K − 1)),
 * so a category is reached only with at least its share of the marks.
 */
export function categoryFor(score: number, maxScore: number, categories: number): number {
  if (maxScore <= 0) return 0;
  if (categories - 1 === maxScore) return score;
  return Math.floor((score / maxScore) * (categories - 1) + 1e-9);
}

function isPartAnswers(answer: PupilAnswer): answer is Record<string, SinglePupilAnswer> {
  return answer !== null && typeof answer === 'object' && !Array.isArray(answer);
}

export function markResponse(item: ItemDocument, answer: PupilAnswer, options: MarkOptions = {}): Mark {
  const context = {
    random: options.random ?? seededRandom(DEFAULT_SEED),
    budget: Math.max(1, Math.round((options.budgetMs ?? DEFAULT_BUDGET_MS) * EVALUATION_STEPS_PER_MS)),
  };
  const K = categoryCount(item.parameters);
  const { interaction, answer: key } = item;
  if (interaction.type === 'multi-part' || key.type === 'multi-part') {
    if (interaction.type !== 'multi-part' || key.type !== 'multi-part') {
      return { score: 0, maxScore: 1, category: 0, note: 'KEY_INCONSISTENT' };
    }
    const given = isPartAnswers(answer) ? answer : {};
    const parts: Record<string, Mark> = {};
    let score = 0;
    let maxScore = 0;
    for (const part of interaction.parts) {
      const mark = markSingle(part.interaction, key.parts[part.id], given[part.id], context);
      parts[part.id] = { ...mark, category: mark.score === mark.maxScore ? 1 : 0 };
      score += mark.score;
      maxScore += mark.maxScore;
    }
    const note = interaction.parts.map((p) => `${p.id}:${parts[p.id]!.note}`).join(';');
    const result: Mark = { score, maxScore, category: categoryFor(score, maxScore, K), note, parts };
    if (!isPartAnswers(answer)) result.note = `ANSWER_MALFORMED;${note}`;
    return result;
  }
  const single = isPartAnswers(answer) ? undefined : answer;
  const mark = isPartAnswers(answer) ? wrongShape(key) : markSingle(interaction, key, single, context);
  return { ...mark, category: categoryFor(mark.score, mark.maxScore, K) };
}
