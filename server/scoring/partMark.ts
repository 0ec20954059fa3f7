/** The mark of one answer box (an item, or one part of a multi-part item) before IRT categories are applied. */
export interface PartMark {
  score: number;
  maxScore: number;
  note: string;
  readAs?: string;
}

export const DEFAULT_MARKS = 1;

export function partMark(score: number, maxScore: number, note: string, readAs?: string): PartMark {
  const mark: PartMark = { score: Math.max(0, Math.min(score, maxScore)), maxScore, note };
  if (readAs !== undefined) mark.readAs = readAs;
  return mark;
}
