/**
 * Explicit stratification (allocation of the school sample to strata) and implicit
 * stratification (serpentine sort of each stratum's frame before systematic selection).
 */
import { SamplingInputError } from './samplingInputError';
import type { Allocation, FieldError, SortValue } from './types';

export interface StratumSize {
  stratum: string;
  /** Schools on the frame in the stratum. */
  schools: number;
  /** Total measure of size of the stratum. */
  measureOfSize: number;
}

/**
 * Schools per stratum. Proportional allocation gives stratum h the quota n·M_h/ΣM, raised to
 * the minimum (so every stratum can form a variance zone) and shared out by largest remainder
 * (Hamilton's method), never above the stratum's school count.
 */
export function allocateSchools(
  strata: StratumSize[],
  totalSchools: number,
  allocation: Allocation,
  minimumPerStratum = 2,
): Record<string, number> {
  const errors: FieldError[] = [];
  const frameSchools = strata.reduce((sum, s) => sum + s.schools, 0);
  const result: Record<string, number> = {};
  if (allocation.kind === 'specified') {
    const known = new Set(strata.map((s) => s.stratum));
    for (const name of Object.keys(allocation.schoolsByStratum)) {
      if (!known.has(name)) errors.push({ line: null, field: `allocation/${name}`, message: `stratum "${name}" is not on the frame` });
    }
    for (const s of strata) {
      const n = allocation.schoolsByStratum[s.stratum];
      if (n === undefined) errors.push({ line: null, field: `allocation/${s.stratum}`, message: `no sample size for stratum "${s.stratum}"` });
      else if (!Number.isInteger(n) || n < minimumPerStratum) {
        errors.push({ line: null, field: `allocation/${s.stratum}`, message: `sample size must be a whole number ≥ ${minimumPerStratum}, got ${n}` });
      } else if (n > s.schools) {
        errors.push({
          line: null,
          field: `allocation/${s.stratum}`,
          message: `sample of ${n} schools is larger than the ${s.schools} schools on the frame in stratum "${s.stratum}"`,
        });
      } else result[s.stratum] = n;
    }
    if (errors.length > 0) throw new SamplingInputError(errors);
    return result;
  }

  if (!Number.isInteger(totalSchools) || totalSchools < 1) {
    throw new SamplingInputError([{ line: null, field: 'schools', message: `the school sample size must be a whole number ≥ 1, got ${totalSchools}` }]);
  }
  if (totalSchools > frameSchools) {
    throw new SamplingInputError([
      { line: null, field: 'schools', message: `sample of ${totalSchools} schools is larger than the frame (${frameSchools} schools)` },
    ]);
  }
  // Strata whose share falls below the minimum (or above their school count) are fixed there and
  // the rest re-shared among the others, repeatedly, as with certainty units.
  const fixed = new Map<number, number>();
  let quota: number[] = [];
  for (;;) {
    const free = strata.map((_, h) => h).filter((h) => !fixed.has(h));
    const available = totalSchools - [...fixed.values()].reduce((a, b) => a + b, 0);
    const freeMeasure = free.reduce((sum, h) => sum + strata[h].measureOfSize, 0);
    quota = strata.map((s, h) => fixed.get(h) ?? (freeMeasure > 0 ? (available * s.measureOfSize) / freeMeasure : 0));
    const newlyFixed = free.filter((h) => quota[h] < minimumPerStratum || quota[h] > strata[h].schools);
    if (newlyFixed.length === 0) break;
    for (const h of newlyFixed) fixed.set(h, quota[h] < minimumPerStratum ? Math.min(minimumPerStratum, strata[h].schools) : strata[h].schools);
  }
  const sizes = quota.map((q, h) => (fixed.has(h) ? (fixed.get(h) as number) : Math.floor(q)));
  let remaining = totalSchools - sizes.reduce((a, b) => a + b, 0);
  if (remaining < 0) {
    throw new SamplingInputError([
      {
        line: null,
        field: 'schools',
        message: `${totalSchools} schools cannot give each of ${strata.length} strata its minimum of ${minimumPerStratum}`,
      },
    ]);
  }
  while (remaining > 0) {
    // Largest remainder among the free strata; if none can take more, any stratum with room.
    let best = -1;
    for (const allowFixed of [false, true]) {
      for (let h = 0; h < strata.length; h++) {
        if ((!allowFixed && fixed.has(h)) || sizes[h] >= strata[h].schools) continue;
        if (best < 0 || quota[h] - sizes[h] > quota[best] - sizes[best]) best = h;
      }
      if (best >= 0) break;
    }
    sizes[best]++;
    remaining--;
  }
  strata.forEach((s, h) => (result[s.stratum] = sizes[h]));
  return result;
}

function compareSortValues(x: SortValue, y: SortValue): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const a = String(x);
  const b = String(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Serpentine (alternating) sort on implicit stratification variables: the first key ascending;
 * each deeper key's direction alternates from one group of the level above to the next, counted
 * along the whole list, so neighbours across a group boundary stay alike and the systematic
 * sample spreads over every key (TIMSS 2019 Methods and Procedures ch. 3, "serpentine sort";
 * NAEP TDW "implicit stratification"). Ties end on `tieBreak` ascending for a reproducible order.
 */
export function serpentineSort<T>(units: readonly T[], keys: ReadonlyArray<(unit: T) => SortValue>, tieBreak: (unit: T) => string): T[] {
  const groupsSeen = keys.map(() => 0);
  const sortLevel = (members: T[], depth: number, ascending: boolean): T[] => {
    if (depth === keys.length) return [...members].sort((x, y) => compareSortValues(tieBreak(x), tieBreak(y)));
    const key = keys[depth];
    const groups = new Map<SortValue, T[]>();
    for (const unit of members) {
      const k = key(unit);
      const group = groups.get(k);
      if (group) group.push(unit);
      else groups.set(k, [unit]);
    }
    const ordered = [...groups.keys()].sort((x, y) => (ascending ? 1 : -1) * compareSortValues(x, y));
    const out: T[] = [];
    for (const k of ordered) {
      const childAscending = groupsSeen[depth] % 2 === 0;
      groupsSeen[depth]++;
      out.push(...sortLevel(groups.get(k) as T[], depth + 1, childAscending));
    }
    return out;
  };
  return sortLevel([...units], 0, true);
}
