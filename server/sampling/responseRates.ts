/**
 * School and pupil response rates, weighted and unweighted, before and after replacement, for
 * the nation and each stratum, with configurable thresholds.
 *
 * Weighted school rate = Σ_{participating} w_i·E_i / Σ_{sampled} w_i·E_i with w_i = 1/π_i of the
 * originally sampled school and E_i its enrolment; before replacement only the sampled schools
 * count as participating, after replacement their replacements do too. Pupil rate =
 * Σ_{responding} w_ij / Σ_{sampled} w_ij within participating schools. Overall = school × pupil.
 * (The IEA participation-rate definitions: TIMSS 2019 Methods and Procedures, "Sample Design in
 * TIMSS 2019", participation rates before and after replacement.)
 */
import { rejectInput } from './samplingInputError';

export interface SchoolResponse {
  /** The originally sampled school. */
  schoolId: string;
  stratum: string;
  inclusionProbability: number;
  eligiblePupils: number;
  /** Who took part: the sampled school, its replacement, or no one. */
  participation: 'sampled' | 'replacement' | 'none';
  /** Pupils on the list of the school that took part. */
  listedPupils: number;
  pupilsSampled: number;
  pupilsResponded: number;
}

export interface RateSet {
  schoolBeforeReplacement: number;
  schoolAfterReplacement: number;
  pupil: number;
  overallBeforeReplacement: number;
  overallAfterReplacement: number;
}

export interface ResponseRateReport {
  weighted: RateSet;
  unweighted: RateSet;
  byStratum: Record<string, { weighted: RateSet; unweighted: RateSet }>;
  thresholds: ResponseThresholds;
  /** Weighted rates after replacement against the thresholds. */
  meetsThresholds: boolean;
}

export interface ResponseThresholds {
  school: number;
  pupil: number;
}

export const DEFAULT_RESPONSE_THRESHOLDS: ResponseThresholds = { school: 0.85, pupil: 0.85 };

function rates(schools: readonly SchoolResponse[], weighted: boolean): RateSet {
  let sampled = 0;
  let before = 0;
  let after = 0;
  let pupilsSampled = 0;
  let pupilsResponded = 0;
  for (const s of schools) {
    const w = weighted ? 1 / s.inclusionProbability : 1;
    const size = weighted ? s.eligiblePupils : 1;
    sampled += w * size;
    if (s.participation === 'sampled') before += w * size;
    if (s.participation !== 'none') {
      after += w * size;
      const pupilWeight = weighted ? (w * s.listedPupils) / Math.max(1, s.pupilsSampled) : 1;
      pupilsSampled += pupilWeight * s.pupilsSampled;
      pupilsResponded += pupilWeight * s.pupilsResponded;
    }
  }
  const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
  const schoolBeforeReplacement = ratio(before, sampled);
  const schoolAfterReplacement = ratio(after, sampled);
  const pupil = ratio(pupilsResponded, pupilsSampled);
  return {
    schoolBeforeReplacement,
    schoolAfterReplacement,
    pupil,
    overallBeforeReplacement: schoolBeforeReplacement * pupil,
    overallAfterReplacement: schoolAfterReplacement * pupil,
  };
}

export function responseRates(schools: readonly SchoolResponse[], thresholds: ResponseThresholds = DEFAULT_RESPONSE_THRESHOLDS): ResponseRateReport {
  if (schools.length === 0) rejectInput('schools', 'no sampled schools');
  schools.forEach((s, i) => {
    if (!(s.inclusionProbability > 0 && s.inclusionProbability <= 1)) rejectInput(`schools/${i}/inclusionProbability`, 'must lie in (0, 1]');
    if (!(s.pupilsResponded >= 0 && s.pupilsResponded <= s.pupilsSampled)) {
      rejectInput(`schools/${i}/pupilsResponded`, `must lie between 0 and pupilsSampled (${s.pupilsSampled})`);
    }
  });
  const byStratum: ResponseRateReport['byStratum'] = {};
  for (const stratum of [...new Set(schools.map((s) => s.stratum))].sort()) {
    const members = schools.filter((s) => s.stratum === stratum);
    byStratum[stratum] = { weighted: rates(members, true), unweighted: rates(members, false) };
  }
  const weighted = rates(schools, true);
  return {
    weighted,
    unweighted: rates(schools, false),
    byStratum,
    thresholds,
    meetsThresholds: weighted.schoolAfterReplacement >= thresholds.school && weighted.pupil >= thresholds.pupil,
  };
}
