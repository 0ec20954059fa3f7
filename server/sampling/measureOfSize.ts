/**
 * Measures of size for PPS school selection.
 *
 * 'eligiblePupils': MOS = eligible pupils, which with a fixed take of m pupils per school makes
 * the pupil sample self-weighting (π_i · m/N_i = n·m/ΣN; Kish 1965 §7.5).
 *
 * 'naepSmallSchools': the NAEP state-assessment rule that samples very small schools less often
 * than their size would dictate, to cut cost per pupil (NAEP Technical Documentation,
 * "Computation of Measures of Size", 2000 and 2002 state assessments):
 *   x ≥ 65 → x;  20 ≤ x < 65 → 60;  10 ≤ x < 20 → 3x;  x < 10 → 30.
 * The 2002 text reads "20 ≤ x < 64", leaving 64 unassigned; the 2000 table's "< 65" is used.
 */
import type { MeasureOfSizeRule } from './types';

export function naepSmallSchoolMeasureOfSize(gradeEnrolment: number): number {
  if (gradeEnrolment >= 65) return gradeEnrolment;
  if (gradeEnrolment >= 20) return 60;
  if (gradeEnrolment >= 10) return 3 * gradeEnrolment;
  return 30;
}

export function measureOfSize(eligiblePupils: number, rule: MeasureOfSizeRule = 'eligiblePupils'): number {
  return rule === 'naepSmallSchools' ? naepSmallSchoolMeasureOfSize(eligiblePupils) : eligiblePupils;
}
