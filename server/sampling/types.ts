/**
 * Domain types of the national sampling statistics (sample design, weights, replicate
 * variance, plausible values, estimates). Pure data: every function in server/sampling takes
 * these in and gives these back; randomness comes in as a seeded RandomSource.
 */

/** An implicit stratification (sort) variable's value on the frame: a number when it parses as one. */
export type SortValue = string | number;

/** One school on the imported frame that is in scope for sampling. */
export interface FrameSchool {
  schoolId: string;
  /** Line of the CSV the school came from (1 = header), for messages. */
  line: number;
  /** Explicit stratum. */
  stratum: string;
  /** Pupils in the target grade or age group. */
  pupils: number;
  /** Pupils excluded within the school (e.g. statutory exemptions). */
  excludedPupils: number;
  /** pupils − excludedPupils: the school's part of the target population. */
  eligiblePupils: number;
  /** Implicit stratification variables, by name. */
  implicit: Record<string, SortValue>;
}

/** A whole school left out of the population, with its pupils counted as excluded. */
export interface SchoolExclusion {
  schoolId: string;
  line: number;
  stratum: string;
  pupils: number;
  reason: string;
}

export interface SamplingFrame {
  schools: FrameSchool[];
  exclusions: SchoolExclusion[];
  /** Every pupil on the frame, excluded or not. */
  targetPupils: number;
  /** Pupils in excluded schools plus pupils excluded within schools. */
  excludedPupils: number;
  /** excludedPupils / targetPupils. */
  exclusionRate: number;
  implicitSortVariables: string[];
  warnings: string[];
}

/** A line-numbered validation problem. `line` is null when it concerns the whole input. */
export interface FieldError {
  line: number | null;
  field: string;
  message: string;
}

/** How school measures of size are derived from eligible pupils. */
export type MeasureOfSizeRule = 'eligiblePupils' | 'naepSmallSchools';

/** Either a stratum → sample size map, or proportional to each stratum's total measure of size. */
export type Allocation = { kind: 'proportional' } | { kind: 'specified'; schoolsByStratum: Record<string, number> };

export interface SchoolSampleDesign {
  /** Total schools to sample (ignored for a specified allocation, where the map gives it). */
  schools: number;
  allocation: Allocation;
  measureOfSize?: MeasureOfSizeRule;
  /** Each stratum needs at least this many sampled schools so it can form a variance zone. Default 2. */
  minimumSchoolsPerStratum?: number;
}

/** A school chosen by the design, with everything weighting and follow-up will need. */
export interface SampledSchool {
  schoolId: string;
  stratum: string;
  /** 0-based position on the stratum's serpentine-sorted frame. */
  framePosition: number;
  measureOfSize: number;
  eligiblePupils: number;
  inclusionProbability: number;
  certainty: boolean;
  /** Next school on the sorted frame, when it exists and was not sampled. */
  firstReplacement: string | null;
  /** Previous school on the sorted frame, when it exists and was not sampled. */
  secondReplacement: string | null;
}

export interface StratumSelection {
  stratum: string;
  /** Schools allocated to the stratum (certainty + systematic). */
  allocated: number;
  certaintySchools: number;
  /** Sampling interval of the systematic part (null when every school was a certainty unit). */
  interval: number | null;
  /** Random start in [0, interval). */
  start: number | null;
  /** School ids in serpentine-sorted frame order. */
  sortedFrame: string[];
}

export interface SchoolSample {
  strata: StratumSelection[];
  schools: SampledSchool[];
  /** Every frame school's inclusion probability (sampled or not), by school id. */
  inclusionProbabilities: Record<string, number>;
}
