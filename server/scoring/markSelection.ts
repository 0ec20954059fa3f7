/** Marking of answers chosen from options: single choice, multiple response, ordering. */
import type { ChoiceAnswer, MultipleResponseAnswer, OrderingAnswer } from './itemDocument';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';

export function markChoice(answer: ChoiceAnswer, chosen: string): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  if (chosen === answer.correct) return partMark(marks, marks, 'CHOICE_CORRECT', chosen);
  return partMark(0, marks, answer.optionNotes?.[chosen] ?? 'CHOICE_INCORRECT', chosen);
}

export function markMultipleResponse(answer: MultipleResponseAnswer, chosen: readonly string[]): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  const correct = new Set(answer.correct);
  const picked = new Set(chosen);
  const hits = [...picked].filter((id) => correct.has(id)).length;
  const wrong = picked.size - hits;
  const readAs = [...picked].join(', ');
  if (hits === correct.size && wrong === 0) return partMark(marks, marks, 'MR_CORRECT', readAs);
  if (answer.partialCredit === 'per-option') {
    // Each wrong choice cancels a right one, so ticking every box earns nothing.
    const share = Math.max(0, hits - wrong) / correct.size;
    const score = Math.floor(share * marks);
    if (score > 0) return partMark(score, marks, wrong > 0 ? 'MR_PARTIAL_WITH_WRONG' : 'MR_PARTIAL', readAs);
  }
  if (hits === correct.size) return partMark(0, marks, 'MR_EXTRA_CHOICES', readAs);
  if (wrong === 0 && hits > 0) return partMark(0, marks, 'MR_MISSING_CHOICES', readAs);
  return partMark(0, marks, 'MR_INCORRECT', readAs);
}

export function markOrdering(answer: OrderingAnswer, order: readonly string[]): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  const readAs = order.join(' < ');
  const expected = answer.correctOrder;
  if (order.length === expected.length && order.every((id, i) => id === expected[i])) {
    return partMark(marks, marks, 'ORDER_CORRECT', readAs);
  }
  if (order.length === expected.length && order.every((id, i) => id === expected[expected.length - 1 - i])) {
    return partMark(0, marks, 'ORDER_REVERSED', readAs);
  }
  if (answer.partialCredit === 'adjacent-pairs') {
    // Share of neighbouring pairs in the pupil's list that are in the right relative order.
    const position = new Map(expected.map((id, i) => [id, i]));
    let right = 0;
    for (let i = 0; i + 1 < order.length; i += 1) {
      if ((position.get(order[i] as string) ?? -1) + 1 === position.get(order[i + 1] as string)) right += 1;
    }
    const score = Math.floor((right / (expected.length - 1)) * marks);
    if (score > 0) return partMark(score, marks, 'ORDER_PARTIAL', readAs);
  }
  return partMark(0, marks, 'ORDER_INCORRECT', readAs);
}
