/**
 * A module as published in item-bank/modules/*.json and validated by
 * item-bank/schemas/module.schema.json. The adaptive section is the engine's own
 * configuration (server/irt/adaptiveTest.ts) and is checked by validateAdaptiveTestConfig.
 */
export interface CanDoCriterion {
  /** Criterion code as used in item `criteria` tags, e.g. "N6". */
  id: string;
  /** Phrased for the pupil: "You can …". */
  statement: string;
}

/** Linear reporting scale: score = intercept + slope·θ, rounded to `decimals`. */
export interface ReportingScale {
  name: string;
  intercept: number;
  slope: number;
  decimals: number;
}

export interface GradeBoundary {
  grade: string;
  /** Lowest θ that earns this grade. */
  theta: number;
}

/** Published cut scores: points on the θ scale, ascending; below the first is `belowLowest`. */
export interface ModuleCutScores {
  version: string;
  provisional: boolean;
  belowLowest: string;
  boundaries: GradeBoundary[];
}

export interface ModuleDefinition {
  id: string;
  version: number;
  subject: string;
  title: string;
  description?: string;
  items: string[];
  criteria: CanDoCriterion[];
  timeLimitMinutes: number | null;
  /** Passed to the adaptive engine as its AdaptiveTestConfig after validation. */
  adaptive: Record<string, unknown>;
  reportingScale: ReportingScale;
  cutScores: ModuleCutScores;
  credit?: { value: number; level: number };
}
