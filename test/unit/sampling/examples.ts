/** The shared worked examples (../shared/data beside the repo root; never copied into the repo). */
import { readFileSync } from 'fs';
import path from 'path';

export const sharedDataDirectory = path.resolve(__dirname, '../../../..', 'shared', 'data');

export interface SamplingExamples {
  pps_systematic: {
    frame_sorted_MOS: number[];
    n_schools: number;
    random_start: number;
    expected: {
      interval: number;
      selection_points: number[];
      selected_index_0based: number[];
      inclusion_prob: number[];
      first_replacement_is_next_on_frame: Record<string, number | null>;
      second_replacement_is_previous_on_frame: Record<string, number | null>;
      within_school_m: number;
      student_base_weight_each_selected_school: number[];
      sum_of_student_weights: number;
    };
  };
  pps_certainty: {
    frame_MOS: number[];
    n_schools: number;
    expected: { certainty_indices: number[]; remaining_n: number; remaining_prob_each: number };
  };
  naep_2002_state_MOS_function: { checks: { grade_enrolment: number; expected_MOS: number }[] };
  naep_weight_trimming: { weights: number[]; expected: { median: number; cap: number; trimmed: number[] } };
  school_nonresponse_adjustment: {
    cell: { school: string; base_wt: number; enrol: number; responded: boolean }[];
    expected: { factor: number; numerator: number; denominator: number; collapse_required: boolean };
  };
}

export function loadSamplingExamples(): SamplingExamples {
  return JSON.parse(readFileSync(path.join(sharedDataDirectory, 'sampling-examples.json'), 'utf8')) as SamplingExamples;
}

/** Tolerance for a value printed with `decimals` decimals: half a unit in the last place. */
export function printedTolerance(decimals: number): number {
  return 0.5 * 10 ** -decimals;
}
