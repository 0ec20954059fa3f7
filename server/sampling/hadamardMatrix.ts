/**
 * Hadamard matrices by Sylvester's doubling construction: H_1 = [1], H_2n = [[H, H], [H, −H]].
 * Rows are mutually orthogonal and every column but the first sums to zero, which is what
 * balanced repeated replication needs (McCarthy 1969; Wolter 2007 §3.3).
 */
export function sylvesterHadamard(order: number): number[][] {
  if (!Number.isInteger(order) || order < 1 || (order & (order - 1)) !== 0) {
    throw new RangeError(`a Sylvester Hadamard matrix needs a power-of-two order, got ${order}`);
  }
  let h = [[1]];
  while (h.length < order) h = [...h.map((row) => [...row, ...row]), ...h.map((row) => [...row, ...row.map((v) => -v)])];
  return h;
}

/** Smallest power of two of at least `columns` + 1, so column 0 (all ones) can be left unused. */
export function hadamardOrderFor(columns: number): number {
  let order = 1;
  while (order < columns + 1) order *= 2;
  return order;
}
