/**
 * A module as published in item-bank/modules/*.json and validated by
 * item-bank/schemas/module.schema.json. The adaptive section is the engine's own
 * configuration (server/irt/adaptiveTest.ts) and is checked by validateAdaptiveTestConfig.
 */
export interface CanDoCriterion {
  /** Criterion code from the subject's published criteria, as used in item `criteria` tags, e.g. "MA.N.5.2". */
  id: string;
  /** The grade the criterion evidences (the subject's grade for it); absent only in modules stored before criteria had grades. */
  grade?: string;
  /** Phrased for the pupil: "You can …"; the subject's statement, filled in on loading. */
  statement: string;
}

/** A module criterion as written in a content file or API body: the statement may be left to the subject. */
export type CriterionReference = Omit<CanDoCriterion, 'statement'> & { statement?: string };

/** Fewest/most scored items per criterion (server/irt/blueprint.ts ContentConstraint). */
export interface CriterionConstraint {
  tag: 'criterion';
  value: string;
  min?: number;
  max?: number;
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
  /** The version of the subject's published criteria; the latest when absent. */
  subjectVersion?: number;
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
  /** Where unscored pretest items go in a sitting (server/assessment/adaptiveEngine.ts); default one item at positions 2–5. */
  pretest?: { maxItems: number; firstPosition: number; lastPosition: number };
  /** The lowest grade that passes the module and banks its credit. */
  passGrade?: string;
}

/** A module as written in item-bank/modules/*.json, before its criteria statements are filled in from the subject. */
export type ModuleSource = Omit<ModuleDefinition, 'criteria'> & { criteria: CriterionReference[] };
