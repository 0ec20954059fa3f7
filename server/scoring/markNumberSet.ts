/**
 * Marking of a list of numbers in any order, such as the solutions of an equation: the pupil
 * types "2, −3", "x = 2 or x = −3" or "−3 and 2" in one box. Each number is marked with the
 * item's rules (places, figures, forms, tolerance); all of them and nothing else earns the
 * marks. Part marks (rounded down) for some right and none wrong, when the item has the marks.
 */
import type { NumericAnswer } from './itemDocument';
import { cleanNumberInput, keyValue, markTypedNumber, type NumberMarkOptions } from './markNumeric';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';
import { negate, type Rational } from './rational';
import { isNumberReadingProblem, readTypedNumber, type TypedNumber } from './typedNumber';

/** Most numbers read from one box. */
const MAX_LISTED = 12;

/** Splits on ";", "or", "and", or a comma that is not a thousands separator ("12,500" stays whole). */
export function splitNumberList(input: string): string[] {
  return input
    .split(/\s*(?:;|\bor\b|\band\b|,\s+|,(?!\d{3}(?!\d)))\s*/i)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function matchKeys(typed: readonly TypedNumber[], keys: readonly Rational[], answer: NumericAnswer): { matched: number; extra: number } {
  const unused = keys.map((_, i) => i);
  let extra = 0;
  for (const number of typed) {
    const index = unused.findIndex((k) => markTypedNumber(answer, number, keys[k] as Rational, 1).score === 1);
    if (index >= 0) unused.splice(index, 1);
    else extra += 1;
  }
  return { matched: keys.length - unused.length, extra };
}

export function markNumberSet(answer: NumericAnswer & { value: Array<number | string> }, input: string, options: NumberMarkOptions = {}): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  const parts = splitNumberList(input);
  if (parts.length > MAX_LISTED) return partMark(0, marks, 'NUM_SET_TOO_MANY', input.trim().slice(0, 60));
  const typed: TypedNumber[] = [];
  for (const part of parts) {
    const read = readTypedNumber(cleanNumberInput(part, options));
    if (isNumberReadingProblem(read)) return partMark(0, marks, read, input.trim().slice(0, 60));
    typed.push(read);
  }
  const readAs = typed.map((t) => t.readAs).join(', ');
  if (typed.length === 0) return partMark(0, marks, 'NUM_EMPTY', readAs);
  const keys = answer.value.map(keyValue);
  const { matched, extra } = matchKeys(typed, keys, answer);
  if (matched === keys.length && extra === 0) return partMark(marks, marks, 'NUM_CORRECT', readAs);
  // Solutions with their signs flipped: the roots read straight off the factors, (x − 2)(x + 3) → −2, 3.
  const flipped = matchKeys(typed, keys.map(negate), answer);
  if (flipped.matched === keys.length && flipped.extra === 0 && keys.some((k) => k.n !== 0n)) return partMark(0, marks, 'NUM_SET_SIGN_ERROR', readAs);
  if (matched === keys.length) return partMark(0, marks, 'NUM_SET_EXTRA_VALUES', readAs);
  if (matched > 0 && extra === 0) return partMark(Math.floor((matched / keys.length) * marks), marks, 'NUM_SET_INCOMPLETE', readAs);
  if (matched > 0) return partMark(0, marks, 'NUM_SET_PARTLY_WRONG', readAs);
  return partMark(0, marks, 'NUM_INCORRECT', readAs);
}
