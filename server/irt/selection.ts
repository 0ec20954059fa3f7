/**
 * Item selection: rank the available items by a criterion and return the best `count`, best
 * first, without sorting the bank (a bounded min-heap keeps the running top). Criteria:
 * - MFI: maximum Fisher information at θ̂ (Lord 1980). The bank is screened by interpolating
 *   the precomputed information table (informationTable.ts) and only the screened short list
 *   (count + SCREEN_MARGIN items) gets exact information. Linear interpolation on a 0.2-wide
 *   grid errs by at most h²/8·|I''| (≈0.005·|I''|), far below the information gaps the margin
 *   of extra candidates absorbs.
 * - KL: posterior-weighted Kullback–Leibler information (Chang & Ying 1996; van der Linden 1998;
 *   catR's "KLP"): ∫ Σ_k P_k(θ̂) log(P_k(θ̂)/P_k(θ)) π(θ | x) dθ on the posterior's grid.
 * - closest: smallest |b − θ̂| (polytomous: mean threshold).
 * - random: uniform among the admissible items.
 * `accept` is the blueprint's look-ahead; it is asked only about items that would enter the
 * running top, so its cost is paid for few items.
 */
import type { CompiledBank } from './bank';
import { itemInformation } from './information';
import { informationTable, interpolationPosition } from './informationTable';
import { logProbabilityTable } from './logProbabilityTable';
import { categoryProbabilities } from './models';
import { posteriorWeights, type Posterior } from './posterior';
import type { RandomSource } from './types';

export type SelectionMethod = 'MFI' | 'KL' | 'closest' | 'random';

export const SELECTION_METHODS: readonly SelectionMethod[] = ['MFI', 'KL', 'closest', 'random'];

/** Extra screened candidates re-scored exactly under MFI. */
export const SCREEN_MARGIN = 8;

/** Posterior weights below this contribute nothing measurable to KL (skipping their rows is exact to ~1e−12). */
const NEGLIGIBLE_WEIGHT = 1e-12;

export interface SelectionRequest {
  method: SelectionMethod;
  theta: number;
  /** Needed for KL. */
  posterior?: Posterior;
  /** 1 = the item may be chosen (not given, not excluded, eligible). */
  available: Uint8Array;
  /** Further admissibility (blueprint look-ahead); absent = all available items admissible. */
  accept?: (item: number) => boolean;
  /** How many of the best to return (the randomesque k). */
  count: number;
  /** Needed for 'random'. */
  random?: RandomSource;
}

/**
 * A bounded min-heap of (score, item): keeps the `capacity` highest scores seen. Ties prefer the
 * lower item index so ranking is deterministic.
 */
class TopScores {
  readonly scores: Float64Array;
  readonly items: Int32Array;
  length = 0;
  constructor(readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }
  /** True when (score, item) would enter the heap. */
  admits(score: number, item: number): boolean {
    if (this.length < this.capacity) return true;
    return this.better(score, item, this.scores[0], this.items[0]);
  }
  private better(s: number, i: number, t: number, j: number): boolean {
    return s > t || (s === t && i < j);
  }
  push(score: number, item: number): void {
    if (this.length < this.capacity) {
      let k = this.length++;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (!this.better(this.scores[parent], this.items[parent], score, item)) break;
        this.scores[k] = this.scores[parent];
        this.items[k] = this.items[parent];
        k = parent;
      }
      this.scores[k] = score;
      this.items[k] = item;
      return;
    }
    if (!this.better(score, item, this.scores[0], this.items[0])) return;
    // Replace the minimum and sift down.
    let k = 0;
    const n = this.length;
    for (;;) {
      const left = 2 * k + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.better(this.scores[left], this.items[left], this.scores[right], this.items[right])) child = right;
      if (!this.better(score, item, this.scores[child], this.items[child])) break;
      this.scores[k] = this.scores[child];
      this.items[k] = this.items[child];
      k = child;
    }
    this.scores[k] = score;
    this.items[k] = item;
  }
  /** Items best first. */
  ranked(): number[] {
    const order = Array.from({ length: this.length }, (_, k) => k);
    order.sort((x, y) => this.scores[y] - this.scores[x] || this.items[x] - this.items[y]);
    return order.map((k) => this.items[k]);
  }
}

/**
 * Reusable heaps by capacity: selection runs every step and typed-array allocation is what
 * would otherwise feed the garbage collector. Safe because ranking is synchronous and never
 * re-entered (the accept predicate does not select).
 */
const heaps = new Map<number, TopScores>();

function emptyHeap(capacity: number): TopScores {
  let heap = heaps.get(capacity);
  if (!heap) {
    heap = new TopScores(capacity);
    if (heaps.size < 64) heaps.set(capacity, heap);
  }
  heap.length = 0;
  return heap;
}

function rankByInformation(bank: CompiledBank, request: SelectionRequest): number[] {
  const table = informationTable(bank);
  const { row, weight } = interpolationPosition(table, request.theta);
  const size = bank.size;
  const values = table.values;
  const lower = row * size;
  const upper = lower + size;
  const { available, accept } = request;
  const capacity = request.count + SCREEN_MARGIN;
  const screen = emptyHeap(capacity);
  // The hot loop of every step: two Float32 reads per item against a running threshold (the
  // heap's minimum once full; a later item with an equal score never displaces an earlier one).
  let threshold = -Infinity;
  for (let i = 0; i < size; i++) {
    if (available[i] === 0) continue;
    const low = values[lower + i];
    const score = low + weight * (values[upper + i] - low);
    if (score <= threshold) continue;
    if (accept !== undefined && !accept(i)) continue;
    screen.push(score, i);
    if (screen.length === capacity) threshold = screen.scores[0];
  }
  const exact = emptyHeap(request.count);
  for (let k = 0; k < screen.length; k++) {
    const item = screen.items[k];
    exact.push(itemInformation(bank, item, request.theta), item);
  }
  return exact.ranked();
}

function rankByScore(size: number, request: SelectionRequest, score: (item: number) => number): number[] {
  const { available, accept } = request;
  const top = emptyHeap(request.count);
  for (let i = 0; i < size; i++) {
    if (available[i] === 0) continue;
    const s = score(i);
    if (!top.admits(s, i)) continue;
    if (accept && !accept(i)) continue;
    top.push(s, i);
  }
  return top.ranked();
}

/** Σ_q w_q log P_k(θ_q) for every item category (one streaming pass per grid row with weight). */
function expectedLogProbabilities(bank: CompiledBank, posterior: Posterior): { sums: Float64Array; offsets: Int32Array } {
  const table = logProbabilityTable(bank, posterior.grid);
  const weights = posteriorWeights(posterior, new Float64Array(posterior.grid.length));
  const sums = new Float64Array(table.width);
  const { values, width } = table;
  for (let q = 0; q < weights.length; q++) {
    const w = weights[q];
    if (w < NEGLIGIBLE_WEIGHT) continue;
    const row = q * width;
    for (let j = 0; j < width; j++) sums[j] += w * values[row + j];
  }
  return { sums, offsets: table.offsets };
}

function rankByKullbackLeibler(bank: CompiledBank, request: SelectionRequest): number[] {
  if (!request.posterior) throw new Error('KL selection needs the posterior');
  const { sums, offsets } = expectedLogProbabilities(bank, request.posterior);
  const probabilities = new Float64Array(bank.maxCategories);
  const theta = request.theta;
  return rankByScore(bank.size, request, (i) => {
    categoryProbabilities(bank, i, theta, probabilities);
    let kl = 0;
    const base = offsets[i];
    for (let k = 0; k < bank.categories[i]; k++) {
      const p = probabilities[k];
      if (p > 0) kl += p * (Math.log(p) - sums[base + k]);
    }
    return kl;
  });
}

function rankRandomly(bank: CompiledBank, request: SelectionRequest): number[] {
  if (!request.random) throw new Error('random selection needs a random source');
  const pool: number[] = [];
  for (let i = 0; i < bank.size; i++) if (request.available[i] !== 0 && (!request.accept || request.accept(i))) pool.push(i);
  const count = Math.min(request.count, pool.length);
  // Partial Fisher–Yates: the first `count` entries become a uniform random ordered sample.
  for (let k = 0; k < count; k++) {
    const j = k + Math.floor(request.random() * (pool.length - k));
    const swap = pool[k];
    pool[k] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, count);
}

/** The best `count` admissible items under the criterion, best first (fewer if fewer remain). */
export function rankItems(bank: CompiledBank, request: SelectionRequest): number[] {
  if (!(request.count >= 1)) throw new RangeError(`count must be ≥ 1, got ${request.count}`);
  switch (request.method) {
    case 'MFI':
      return rankByInformation(bank, request);
    case 'KL':
      return rankByKullbackLeibler(bank, request);
    case 'closest': {
      const location = bank.b;
      const theta = request.theta;
      return rankByScore(bank.size, request, (i) => -Math.abs(location[i] - theta));
    }
    case 'random':
      return rankRandomly(bank, request);
  }
}

/** Randomesque (Kingsbury & Zara 1989): one of the ranked items, uniformly. */
export function randomesquePick(ranked: readonly number[], random: RandomSource): number {
  return ranked.length === 1 ? ranked[0] : ranked[Math.floor(random() * ranked.length)];
}
