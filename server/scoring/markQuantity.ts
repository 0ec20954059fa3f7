/** Marking of quantities with units. */
import type { QuantityAnswer } from './itemDocument';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';

export function markQuantity(answer: QuantityAnswer, _input: string, _options: { suffix?: string } = {}): PartMark {
  // Placeholder while unit conversion lands: never credits, says why.
  return partMark(0, answer.marks ?? DEFAULT_MARKS, 'MARKING_UNAVAILABLE');
}
