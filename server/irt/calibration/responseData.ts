/**
 * Calibration data: who answered what, stored sparsely (missing by design is the normal case:
 * each pupil answers a few items of a large bank). Compressed rows: person p's responses are
 * entries offsets[p] .. offsets[p+1) of (item, category); weight[p] is a frequency (a response
 * pattern counted n times) or 1.
 */

export interface ResponseData {
  readonly persons: number;
  readonly items: number;
  readonly weight: Float64Array;
  readonly offsets: Uint32Array;
  readonly item: Uint32Array;
  readonly category: Uint8Array;
  /** Highest category observed per item (K − 1 when every category occurs). */
  readonly maxCategory: Int16Array;
  /** Total weight of responses per item. */
  readonly count: Float64Array;
}

/** Bad calibration input, with a JSON-pointer-style path to the offending value. */
export class CalibrationInputError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'CalibrationInputError';
    this.path = path;
  }
}

export type ResponseRow = readonly (number | null)[];

/**
 * Build ResponseData from rows of categories (null = not presented), each with a weight.
 * Categories must be integers 0..254.
 */
export function responseData(rows: readonly ResponseRow[], weights: readonly number[] | null, rowPath: (row: number) => string): ResponseData {
  if (rows.length === 0) throw new CalibrationInputError('/responses', 'needs at least one row');
  const items = rows[0].length;
  if (items === 0) throw new CalibrationInputError(rowPath(0), 'needs at least one item');
  let entries = 0;
  for (let p = 0; p < rows.length; p++) {
    const row = rows[p];
    if (!Array.isArray(row)) throw new CalibrationInputError(rowPath(p), 'must be an array');
    if (row.length !== items) throw new CalibrationInputError(rowPath(p), `has ${row.length} entries; the first row has ${items}`);
    for (let j = 0; j < items; j++) {
      const x = row[j];
      if (x === null) continue;
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 254) {
        throw new CalibrationInputError(`${rowPath(p)}/${j}`, 'must be null or an integer category 0..254');
      }
      entries += 1;
    }
    if (weights) {
      const w = weights[p];
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new CalibrationInputError(`/patterns/${p}/freq`, 'must be a number ≥ 0');
    }
  }
  const weight = new Float64Array(rows.length);
  const offsets = new Uint32Array(rows.length + 1);
  const item = new Uint32Array(entries);
  const category = new Uint8Array(entries);
  const maxCategory = new Int16Array(items).fill(-1);
  const count = new Float64Array(items);
  let cursor = 0;
  for (let p = 0; p < rows.length; p++) {
    offsets[p] = cursor;
    weight[p] = weights ? weights[p] : 1;
    const row = rows[p];
    for (let j = 0; j < items; j++) {
      const x = row[j];
      if (x === null) continue;
      item[cursor] = j;
      category[cursor] = x;
      cursor += 1;
      if (x > maxCategory[j]) maxCategory[j] = x;
      count[j] += weight[p];
    }
  }
  offsets[rows.length] = cursor;
  return { persons: rows.length, items, weight, offsets, item, category, maxCategory, count };
}
