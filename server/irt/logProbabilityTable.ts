/**
 * log P_k(θ_q) for every item category on a quadrature grid, grid-major as Float32: row q holds
 * all items' categories contiguously (item i's categories at offsets[i] .. offsets[i+1]).
 * Posterior-weighted Kullback–Leibler selection then needs, per item and category, the dot
 * product Σ_q w_q log P_k(θ_q), which this layout turns into one streaming pass per grid row.
 *
 * Built lazily (only when KL selection is configured) and memoised per bank and grid.
 */
import type { CompiledBank } from './bank';
import { logCategoryProbability } from './models';

export interface LogProbabilityTable {
  readonly grid: Float64Array;
  /** Total number of item categories (the row width). */
  readonly width: number;
  readonly offsets: Int32Array;
  readonly values: Float32Array;
}

const tables = new WeakMap<CompiledBank, Map<string, LogProbabilityTable>>();

/** Smallest log-probability stored: keeps the table finite where a probability underflows. */
const LOG_FLOOR = -700;

export function logProbabilityTable(bank: CompiledBank, grid: Float64Array): LogProbabilityTable {
  const key = `${grid.length}:${grid[0]}:${grid[grid.length - 1]}`;
  let byGrid = tables.get(bank);
  const cached = byGrid?.get(key);
  if (cached) return cached;
  const size = bank.size;
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) offsets[i + 1] = offsets[i] + bank.categories[i];
  const width = offsets[size];
  const values = new Float32Array(grid.length * width);
  for (let q = 0; q < grid.length; q++) {
    const row = q * width;
    for (let i = 0; i < size; i++) {
      for (let k = 0; k < bank.categories[i]; k++) {
        values[row + offsets[i] + k] = Math.max(LOG_FLOOR, logCategoryProbability(bank, i, grid[q], k));
      }
    }
  }
  const table: LogProbabilityTable = { grid, width, offsets, values };
  if (!byGrid) tables.set(bank, (byGrid = new Map()));
  byGrid.set(key, table);
  return table;
}
