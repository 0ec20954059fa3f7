/**
 * Simulated response data for calibration checks and benchmarks: every person answers a
 * given set of items (or a random subset, for sparse designs), categories drawn from the
 * engine's model probabilities. Pure: randomness only from the seeded generator passed in.
 */
import type { CompiledBank } from '../bank';
import { categoryProbabilities } from '../models';
import type { RandomSource } from '../types';

export interface SimulationDesign {
  thetas: ArrayLike<number>;
  /** Items each person answers; all items when omitted. */
  itemsPerPerson?: number;
}

/** Draw one category from P(X = k | θ). */
export function drawCategory(bank: CompiledBank, item: number, theta: number, random: RandomSource, scratch: Float64Array): number {
  categoryProbabilities(bank, item, theta, scratch);
  const u = random();
  let cumulative = 0;
  const K = bank.categories[item];
  for (let k = 0; k < K - 1; k++) {
    cumulative += scratch[k];
    if (u < cumulative) return k;
  }
  return K - 1;
}

export function simulateResponses(bank: CompiledBank, design: SimulationDesign, random: RandomSource): (number | null)[][] {
  const scratch = new Float64Array(256);
  const perPerson = design.itemsPerPerson ?? bank.size;
  const order = Array.from({ length: bank.size }, (_, i) => i);
  const rows: (number | null)[][] = [];
  for (let p = 0; p < design.thetas.length; p++) {
    const row = new Array<number | null>(bank.size).fill(null);
    if (perPerson < bank.size) {
      // Partial Fisher–Yates: the first perPerson entries become a uniform random subset.
      for (let i = 0; i < perPerson; i++) {
        const j = i + Math.floor(random() * (bank.size - i));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    for (let i = 0; i < perPerson; i++) {
      const item = order[i];
      row[item] = drawCategory(bank, item, design.thetas[p], random, scratch);
    }
    rows.push(row);
  }
  return rows;
}
