/**
 * Systematic PPS selection of schools with certainty units, a seeded random start, every
 * inclusion probability, and first/second replacement schools.
 *
 * Sources: NAEP Technical Documentation, "Sampling of schools" (systematic PPS from a sorted
 * list); TIMSS 2007 Technical Report ch. 5 (certainty schools, replacement schools: the next and
 * the previous school on the sorted frame).
 */
import type { RandomSource } from '../irt/types';
import { measureOfSize } from './measureOfSize';
import { rejectInput } from './samplingInputError';
import { allocateSchools, serpentineSort } from './stratification';
import type { FrameSchool, SampledSchool, SamplingFrame, SchoolSample, SchoolSampleDesign, StratumSelection } from './types';

/** Rounding slack when deciding π ≥ 1: n·M_i/ΣM is computed in floating point. */
const CERTAINTY_TOLERANCE = 1e-12;

export interface SystematicPpsResult {
  /** Indices taken with certainty (π = 1), in frame order. */
  certainty: number[];
  /** Indices selected, certainty and systematic, in frame order. */
  selected: number[];
  /** Inclusion probability of every unit. */
  inclusionProbabilities: number[];
  /** Interval of the systematic part (null when no systematic part remains). */
  interval: number | null;
  start: number | null;
  selectionPoints: number[];
}

/**
 * Units whose expected number of hits n·M_i/ΣM reaches 1 are taken with certainty, removed,
 * and the rule is applied again to the rest with n and ΣM recomputed, until none qualifies
 * (a large unit can push another over 1 once it leaves).
 */
export function certaintyUnits(measures: readonly number[], n: number): { certainty: number[]; remainingSample: number } {
  let remaining = measures.map((_, i) => i).filter((i) => measures[i] > 0);
  const certainty: number[] = [];
  let remainingSample = n;
  for (;;) {
    if (remainingSample === 0) break;
    const total = remaining.reduce((sum, i) => sum + measures[i], 0);
    const found = remaining.filter((i) => (remainingSample * measures[i]) / total >= 1 - CERTAINTY_TOLERANCE);
    if (found.length === 0) break;
    // Taking more certainty units than the sample allows would mean every remaining unit is certain.
    const take = found.slice(0, remainingSample);
    certainty.push(...take);
    remaining = remaining.filter((i) => !take.includes(i));
    remainingSample -= take.length;
  }
  return { certainty: certainty.sort((a, b) => a - b), remainingSample };
}

/**
 * Systematic PPS on a sorted list: interval I = ΣM/n over the non-certainty units, points
 * s, s + I, …, s + (n−1)I with s in [0, I); unit i is hit when C_{i−1} ≤ point < C_i for its
 * cumulative measure C. π_i = n·M_i/ΣM (Madow 1949; Cochran 1977 §9A.5).
 * `start` is a number in [0, I) or a RandomSource giving s = u·I.
 */
export function systematicPps(measures: readonly number[], n: number, start: number | RandomSource): SystematicPpsResult {
  if (!Number.isInteger(n) || n < 1) rejectInput('schools', `sample size must be a whole number ≥ 1, got ${n}`);
  measures.forEach((m, i) => {
    if (!Number.isFinite(m) || m < 0) rejectInput(`measureOfSize/${i}`, `measure of size must be finite and ≥ 0, got ${m}`);
  });
  const sizeable = measures.filter((m) => m > 0).length;
  if (n > sizeable) rejectInput('schools', `sample of ${n} is larger than the ${sizeable} units with a positive measure of size`);

  const { certainty, remainingSample } = certaintyUnits(measures, n);
  const inclusionProbabilities = measures.map(() => 0);
  for (const i of certainty) inclusionProbabilities[i] = 1;
  if (remainingSample === 0) {
    return { certainty, selected: certainty, inclusionProbabilities, interval: null, start: null, selectionPoints: [] };
  }
  const rest = measures.map((_, i) => i).filter((i) => measures[i] > 0 && !certainty.includes(i));
  const total = rest.reduce((sum, i) => sum + measures[i], 0);
  const interval = total / remainingSample;
  const s = typeof start === 'number' ? start : start() * interval;
  if (!(s >= 0 && s < interval)) rejectInput('start', `random start must lie in [0, ${interval}), got ${s}`);
  for (const i of rest) inclusionProbabilities[i] = (remainingSample * measures[i]) / total;

  const selectionPoints = Array.from({ length: remainingSample }, (_, j) => s + j * interval);
  const systematic: number[] = [];
  let cumulative = 0;
  let point = 0;
  for (const i of rest) {
    const lower = cumulative;
    cumulative += measures[i];
    while (point < selectionPoints.length && selectionPoints[point] >= lower && selectionPoints[point] < cumulative) {
      systematic.push(i);
      point++;
    }
  }
  const selected = [...certainty, ...systematic].sort((a, b) => a - b);
  return { certainty, selected, inclusionProbabilities, interval, start: s, selectionPoints };
}

/**
 * Replacement schools: the first is the next school on the sorted frame, the second the
 * previous one; a neighbour that is itself sampled is never a replacement (null instead).
 * A non-sampled school may stand as a replacement for two sampled schools; whoever uses it first
 * at the sitting keeps it.
 */
export function replacementSchools(frameSize: number, selected: readonly number[]): { first: number | null; second: number | null }[] {
  const sampled = new Set(selected);
  return selected.map((i) => ({
    first: i + 1 < frameSize && !sampled.has(i + 1) ? i + 1 : null,
    second: i - 1 >= 0 && !sampled.has(i - 1) ? i - 1 : null,
  }));
}

/**
 * The whole school sample: allocate to explicit strata, serpentine-sort each stratum on the
 * implicit variables then measure of size, select by systematic PPS from a seeded start,
 * attach replacements. Strata are processed in name order so the random stream is reproducible.
 */
export function drawSchoolSample(frame: SamplingFrame, design: SchoolSampleDesign, random: RandomSource): SchoolSample {
  const rule = design.measureOfSize ?? 'eligiblePupils';
  const byStratum = new Map<string, FrameSchool[]>();
  for (const school of frame.schools) byStratum.set(school.stratum, [...(byStratum.get(school.stratum) ?? []), school]);
  const strataNames = [...byStratum.keys()].sort();
  const mosOf = (school: FrameSchool): number => measureOfSize(school.eligiblePupils, rule);
  const allocation = allocateSchools(
    strataNames.map((stratum) => {
      const members = byStratum.get(stratum) as FrameSchool[];
      return { stratum, schools: members.length, measureOfSize: members.reduce((sum, s) => sum + mosOf(s), 0) };
    }),
    design.schools,
    design.allocation,
    design.minimumSchoolsPerStratum ?? 2,
  );

  const strata: StratumSelection[] = [];
  const schools: SampledSchool[] = [];
  const inclusionProbabilities: Record<string, number> = {};
  for (const stratum of strataNames) {
    const keys = [...frame.implicitSortVariables.map((v) => (s: FrameSchool) => s.implicit[v]), mosOf];
    const sorted = serpentineSort(byStratum.get(stratum) as FrameSchool[], keys, (s) => s.schoolId);
    const measures = sorted.map(mosOf);
    const selection = systematicPps(measures, allocation[stratum], random);
    const replacements = replacementSchools(sorted.length, selection.selected);
    sorted.forEach((s, i) => (inclusionProbabilities[s.schoolId] = selection.inclusionProbabilities[i]));
    selection.selected.forEach((i, k) => {
      const { first, second } = replacements[k];
      schools.push({
        schoolId: sorted[i].schoolId,
        stratum,
        framePosition: i,
        measureOfSize: measures[i],
        eligiblePupils: sorted[i].eligiblePupils,
        inclusionProbability: selection.inclusionProbabilities[i],
        certainty: selection.certainty.includes(i),
        firstReplacement: first === null ? null : sorted[first].schoolId,
        secondReplacement: second === null ? null : sorted[second].schoolId,
      });
    });
    strata.push({
      stratum,
      allocated: allocation[stratum],
      certaintySchools: selection.certainty.length,
      interval: selection.interval,
      start: selection.start,
      sortedFrame: sorted.map((s) => s.schoolId),
    });
  }
  return { strata, schools, inclusionProbabilities };
}
