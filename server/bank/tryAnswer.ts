/**
 * "Try an answer" for an author: marks an answer against an item exactly as a sitting would
 * (the same shape check and markResponse) and says why, in the teacher's words.
 */
import { describeAnswerNote } from '../scoring/answerNotes';
import type { ItemDocument, Mark, PupilAnswer } from '../scoring/itemDocument';
import { markResponse } from '../scoring/markResponse';
import { validateAnswerShape } from '../scoring/validateAnswerShape';
import type { ValidationDetail } from '../schemas/validationDetail';

export interface TriedAnswer {
  score: number;
  maxScore: number;
  category: number;
  note: string;
  /** The note explained; undefined for an author's own note. */
  noteText?: string;
  /** "We read your answer as …". */
  readAs?: string;
  parts?: Record<string, { score: number; maxScore: number; note: string; noteText?: string; readAs?: string }>;
}

export function tryAnswer(item: ItemDocument, answer: unknown): { ok: true; result: TriedAnswer } | { ok: false; details: ValidationDetail[] } {
  const shape = validateAnswerShape(item, answer);
  if (shape.length > 0) return { ok: false, details: shape };
  const mark: Mark = markResponse(item, answer as PupilAnswer);
  const result: TriedAnswer = { score: mark.score, maxScore: mark.maxScore, category: mark.category, note: mark.note };
  const text = describeAnswerNote(mark.note);
  if (text !== undefined) result.noteText = text;
  if (mark.readAs !== undefined) result.readAs = mark.readAs;
  if (mark.parts) {
    result.parts = Object.fromEntries(Object.entries(mark.parts).map(([id, part]) => {
      const partText = describeAnswerNote(part.note);
      return [id, {
        score: part.score, maxScore: part.maxScore, note: part.note,
        ...(partText !== undefined ? { noteText: partText } : {}), ...(part.readAs !== undefined ? { readAs: part.readAs } : {}),
      }];
    }));
  }
  return { ok: true, result };
}
