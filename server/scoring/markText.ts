/** Marking of short text answers against accepted variants, normalised as the item says. */
import type { TextAnswer, TextNormalisation } from './itemDocument';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';

export function normaliseText(text: string, rule: TextNormalisation = {}): string {
  let out = text.normalize('NFC').trim();
  if (rule.ignoreAccents) out = out.normalize('NFD').replace(/\p{M}/gu, '');
  if (rule.ignorePunctuation) out = out.replace(/\p{P}/gu, ' ');
  if (rule.ignoreCase ?? true) out = out.toLocaleLowerCase('en-GB');
  const spacing = rule.spacing ?? 'collapse';
  if (spacing === 'collapse') out = out.replace(/\s+/g, ' ').trim();
  if (spacing === 'ignore') out = out.replace(/\s+/g, '');
  return out;
}

export function markText(answer: TextAnswer, typed: string): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  const rule = answer.normalise;
  const reading = normaliseText(typed, rule);
  if (reading === '') return partMark(0, marks, 'TEXT_EMPTY', reading);
  if (answer.accepted.some((a) => normaliseText(a, rule) === reading)) return partMark(marks, marks, 'TEXT_CORRECT', reading);
  for (const anticipated of answer.anticipated ?? []) {
    if (anticipated.value !== undefined && normaliseText(String(anticipated.value), rule) === reading) {
      return partMark(anticipated.score ?? 0, marks, anticipated.note, reading);
    }
  }
  // Tell the teacher when only the case or spacing kept a right answer out, so they can loosen the rule.
  const loose = (s: string): string => normaliseText(s, { ignoreCase: true, spacing: 'ignore', ignorePunctuation: true, ignoreAccents: true });
  if (answer.accepted.some((a) => loose(a) === loose(typed))) return partMark(0, marks, 'TEXT_FORMAT_DIFFERS', reading);
  return partMark(0, marks, 'TEXT_INCORRECT', reading);
}
