/**
 * An item bank compiled into typed arrays for the hot path (probabilities, information,
 * posterior updates). Every item is validated here, once, so the hot path never checks.
 * Memory is O(items + categories): no per-item tables on the quadrature grid are built here
 * (a 100,000-item bank must stay far under 100 MB).
 */
import type { DichotomousItem, GradedResponseItem, Item, PartialCreditItem, SlopeInterceptItem } from './types';

/** How an item's categories are modelled. */
export const ItemKind = { Dichotomous: 0, Graded: 1, PartialCredit: 2 } as const;
export type ItemKindCode = (typeof ItemKind)[keyof typeof ItemKind];

export interface CompiledBank {
  readonly size: number;
  /** The validated items in the canonical (a, b) parameterisation, in input order. */
  readonly items: readonly Item[];
  /** Item id → position. */
  readonly index: ReadonlyMap<string, number>;
  /** K, the number of response categories (2 for dichotomous). */
  readonly categories: Uint8Array;
  /** ItemKind code per item. */
  readonly kind: Uint8Array;
  /** Slope a (Rasch and PCM: 1; 1PL: the item's a or the common slope). */
  readonly a: Float64Array;
  /** Scaling constant D. */
  readonly D: Float64Array;
  /** D·a, the slope on the logit scale the formulas use. */
  readonly slope: Float64Array;
  /** Location: b for dichotomous items, the mean threshold/step for polytomous ones. */
  readonly b: Float64Array;
  /** Lower and upper asymptotes (polytomous: 0 and 1). */
  readonly c: Float64Array;
  readonly d: Float64Array;
  /**
   * Polytomous parameters, flattened: item i's GRM thresholds b_1..b_{K−1} or GPCM steps
   * δ_1..δ_{K−1} are thresholds[offsets[i] .. offsets[i+1]). Dichotomous items own no entries.
   */
  readonly offsets: Uint32Array;
  readonly thresholds: Float64Array;
  /** GPCM only: cumulative step sums Σ_{v≤k} δ_v, aligned with `thresholds`. */
  readonly stepSums: Float64Array;
  /** The largest K in the bank (size of scratch arrays callers need). */
  readonly maxCategories: number;
}

/** A parameter that fails validation; `field` names it as in the item's JSON. */
export class ItemParameterError extends Error {
  readonly itemId: string;
  readonly field: string;
  constructor(itemId: string, field: string, message: string) {
    super(`item ${itemId}: ${field}: ${message}`);
    this.name = 'ItemParameterError';
    this.itemId = itemId;
    this.field = field;
  }
}

export interface CompileOptions {
  /** Slope for 1PL items that do not carry their own a. Default 1. */
  commonSlope?: number;
}

const DICHOTOMOUS = new Set(['Rasch', '1PL', '2PL', '3PL', '4PL']);
const MAX_CATEGORIES = 255;

type BankInput = Item | SlopeInterceptItem;

function finite(id: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ItemParameterError(id, field, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

function positive(id: string, field: string, value: unknown): number {
  const v = finite(id, field, value);
  if (!(v > 0)) throw new ItemParameterError(id, field, `must be > 0, got ${v}`);
  return v;
}

function numberList(id: string, field: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length < 1) {
    throw new ItemParameterError(id, field, 'must be a non-empty array of numbers');
  }
  if (value.length + 1 > MAX_CATEGORIES) {
    throw new ItemParameterError(id, field, `at most ${MAX_CATEGORIES - 1} entries`);
  }
  return value.map((v, k) => finite(id, `${field}/${k}`, v));
}

/**
 * Validate one item and return it in canonical form. Slope–intercept input (mirt's
 * a·θ + intercept, i.e. intercept = −a·b) is converted here, at the edge.
 */
export function canonicalItem(raw: BankInput, commonSlope = 1): Item {
  const record = raw as unknown as Record<string, unknown>;
  const id = record.id;
  if (typeof id !== 'string' || id.length === 0) throw new ItemParameterError(String(id), 'id', 'must be a non-empty string');
  const model = record.model;
  const D = record.D === undefined ? undefined : positive(id, 'D', record.D);
  const base: { id: string; D?: number; tags?: Item['tags'] } = { id };
  if (D !== undefined) base.D = D;
  if (record.tags !== undefined) base.tags = (raw as Item).tags;

  if (typeof model === 'string' && DICHOTOMOUS.has(model)) {
    let a: number;
    if (model === 'Rasch') {
      a = record.a === undefined ? 1 : finite(id, 'a', record.a);
      if (a !== 1) throw new ItemParameterError(id, 'a', `Rasch items have slope 1, got ${a}`);
    } else if (model === '1PL') {
      a = record.a === undefined ? positive(id, 'commonSlope', commonSlope) : positive(id, 'a', record.a);
    } else {
      a = positive(id, 'a', record.a);
    }
    let b: number;
    if (record.b !== undefined) {
      if (record.intercept !== undefined) throw new ItemParameterError(id, 'intercept', 'give either b or intercept, not both');
      b = finite(id, 'b', record.b);
    } else if (record.intercept !== undefined) {
      b = -finite(id, 'intercept', record.intercept) / a;
    } else {
      throw new ItemParameterError(id, 'b', 'is required (or intercept = −a·b)');
    }
    const c = record.c === undefined ? 0 : finite(id, 'c', record.c);
    const d = record.d === undefined ? 1 : finite(id, 'd', record.d);
    if (c !== 0 && model !== '3PL' && model !== '4PL') throw new ItemParameterError(id, 'c', `${model} items have no lower asymptote`);
    if (d !== 1 && model !== '4PL') throw new ItemParameterError(id, 'd', `${model} items have no upper asymptote below 1`);
    if (c < 0 || c >= 1) throw new ItemParameterError(id, 'c', `must satisfy 0 ≤ c < 1, got ${c}`);
    if (d > 1 || d <= c) throw new ItemParameterError(id, 'd', `must satisfy c < d ≤ 1, got ${d} with c = ${c}`);
    const item = base as DichotomousItem;
    item.model = model as DichotomousItem['model'];
    item.a = a;
    item.b = b;
    if (model === '3PL' || model === '4PL') item.c = c;
    if (model === '4PL') item.d = d;
    return item;
  }

  if (model === 'GRM') {
    const a = positive(id, 'a', record.a);
    let thresholds: number[];
    if (record.thresholds !== undefined) {
      if (record.intercepts !== undefined) throw new ItemParameterError(id, 'intercepts', 'give either thresholds or intercepts, not both');
      thresholds = numberList(id, 'thresholds', record.thresholds);
    } else if (record.intercepts !== undefined) {
      thresholds = numberList(id, 'intercepts', record.intercepts).map((v) => -v / a);
    } else {
      throw new ItemParameterError(id, 'thresholds', 'is required');
    }
    for (let k = 1; k < thresholds.length; k++) {
      if (!(thresholds[k] > thresholds[k - 1])) {
        throw new ItemParameterError(id, `thresholds/${k}`, `thresholds must be strictly increasing (${thresholds[k - 1]} then ${thresholds[k]})`);
      }
    }
    const item = base as GradedResponseItem;
    item.model = 'GRM';
    item.a = a;
    item.thresholds = thresholds;
    return item;
  }

  if (model === 'GPCM' || model === 'PCM') {
    let a: number;
    if (model === 'PCM') {
      a = record.a === undefined ? 1 : finite(id, 'a', record.a);
      if (a !== 1) throw new ItemParameterError(id, 'a', `PCM items have slope 1, got ${a}`);
    } else {
      a = positive(id, 'a', record.a);
    }
    const steps = numberList(id, 'steps', record.steps);
    const item = base as PartialCreditItem;
    item.model = model;
    item.a = a;
    item.steps = steps;
    return item;
  }

  throw new ItemParameterError(id, 'model', `unknown model ${JSON.stringify(model)}`);
}

export function compileBank(input: readonly BankInput[], options: CompileOptions = {}): CompiledBank {
  const size = input.length;
  const items: Item[] = new Array(size);
  const index = new Map<string, number>();
  let flatLength = 0;
  for (let i = 0; i < size; i++) {
    const item = canonicalItem(input[i], options.commonSlope);
    if (index.has(item.id)) throw new ItemParameterError(item.id, 'id', 'duplicate item id');
    index.set(item.id, i);
    items[i] = item;
    if (item.model === 'GRM') flatLength += item.thresholds.length;
    else if (item.model === 'GPCM' || item.model === 'PCM') flatLength += item.steps.length;
  }

  const categories = new Uint8Array(size);
  const kind = new Uint8Array(size);
  const a = new Float64Array(size);
  const D = new Float64Array(size);
  const slope = new Float64Array(size);
  const b = new Float64Array(size);
  const c = new Float64Array(size);
  const d = new Float64Array(size).fill(1);
  const offsets = new Uint32Array(size + 1);
  const thresholds = new Float64Array(flatLength);
  const stepSums = new Float64Array(flatLength);
  let maxCategories = 2;
  let cursor = 0;

  for (let i = 0; i < size; i++) {
    const item = items[i];
    offsets[i] = cursor;
    D[i] = item.D ?? 1;
    if (item.model === 'GRM' || item.model === 'GPCM' || item.model === 'PCM') {
      const params = item.model === 'GRM' ? item.thresholds : item.steps;
      kind[i] = item.model === 'GRM' ? ItemKind.Graded : ItemKind.PartialCredit;
      a[i] = item.a ?? 1;
      categories[i] = params.length + 1;
      let sum = 0;
      for (let k = 0; k < params.length; k++) {
        thresholds[cursor + k] = params[k];
        sum += params[k];
        stepSums[cursor + k] = sum;
      }
      b[i] = sum / params.length;
      cursor += params.length;
      if (params.length + 1 > maxCategories) maxCategories = params.length + 1;
    } else {
      // canonicalItem returned a dichotomous item for every other model.
      const dichotomous = item as DichotomousItem;
      kind[i] = ItemKind.Dichotomous;
      a[i] = dichotomous.a ?? 1;
      b[i] = dichotomous.b;
      c[i] = dichotomous.c ?? 0;
      d[i] = dichotomous.d ?? 1;
      categories[i] = 2;
    }
    slope[i] = D[i] * a[i];
  }
  offsets[size] = cursor;

  return { size, items, index, categories, kind, a, D, slope, b, c, d, offsets, thresholds, stepSums, maxCategories };
}
