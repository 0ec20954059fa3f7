/**
 * A pupil's module result: θ and SE, the reporting-scale score, the grade from the cut-score
 * version in force, the probability that grade is right (posterior mass in its band), and the
 * criteria report ("You can …" for each criterion the pupil has shown).
 *
 * A criterion is shown when expected success on all of its items at the pupil's θ reaches the
 * response probability: the same quantity and the same RP that place the cuts (cutScores.ts),
 * so a pupil at a grade's cut is, by construction, at RP on that grade's items taken together.
 */
import type { CompiledBank } from '../irt/bank';
import { expectedAPosteriori, type Posterior } from '../irt/posterior';
import type { AbilityEstimate } from '../irt/types';
import { CutScoreReference, DEFAULT_RESPONSE_PROBABILITY, GradeCuts, gradeIndex, gradeProbabilities, validateCuts } from './cutScores';
import { expectedSuccess } from './expectedSuccess';
import { EvidencingItem, criterionItems } from './itemEvidence';
import { RuleViolation, assertNoViolations } from './ruleValidationError';

/** score = intercept + slope·θ, rounded to `decimals`, kept within [min, max] when given. */
export interface ReportingScale {
  name?: string;
  intercept: number;
  slope: number;
  decimals: number;
  min?: number;
  max?: number;
}

/** A criterion the module covers, with the statement a pupil reads. */
export interface ModuleCriterion {
  id: string;
  statement: string;
}

export interface CriterionReport {
  id: string;
  statement: string;
  shown: boolean;
  /** Expected success on the criterion's items at θ; null when no bank item evidences it. */
  expectedSuccess: number | null;
  items: number;
}

export interface ModuleResult {
  theta: number;
  se: number;
  scaleScore: number;
  /** SE on the reporting scale: |slope|·SE. */
  scaleSe: number;
  grade: string;
  /** P(θ in the band of `grade` | responses). */
  gradeProbability: number;
  gradeProbabilities: { grade: string; probability: number }[];
  cutScores: CutScoreReference;
  rp: number;
  criteria: CriterionReport[];
  /** The statements of the criteria shown, in the module's order. */
  canDo: string[];
  stopReason: string | null;
}

export interface ModuleResultInput {
  bank: CompiledBank;
  /** The session's posterior after every scored response. */
  posterior: Posterior;
  /** The engine's estimate when the module is not scored by EAP (MLE/WLE/MAP); default EAP of the posterior. */
  estimate?: AbilityEstimate;
  cutScores: GradeCuts;
  reportingScale: ReportingScale;
  criteria: readonly ModuleCriterion[];
  documents?: readonly EvidencingItem[];
  rp?: number;
  stopReason?: string | null;
}

export function validateReportingScale(scale: ReportingScale, path = '/reportingScale'): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (!Number.isFinite(scale.intercept)) v.push({ path: `${path}/intercept`, message: 'must be a number' });
  if (!Number.isFinite(scale.slope) || scale.slope === 0) v.push({ path: `${path}/slope`, message: 'must be a non-zero number' });
  if (!Number.isInteger(scale.decimals) || scale.decimals < 0 || scale.decimals > 6) {
    v.push({ path: `${path}/decimals`, message: 'must be a whole number from 0 to 6' });
  }
  if (scale.min !== undefined && scale.max !== undefined && !(scale.min < scale.max)) {
    v.push({ path: `${path}/max`, message: 'must be above min' });
  }
  return v;
}

/** θ on the module's reporting scale (linear transform, rounded half away from zero). */
export function reportingScaleScore(theta: number, scale: ReportingScale): number {
  const raw = scale.intercept + scale.slope * theta;
  const factor = 10 ** scale.decimals;
  // Round the magnitude so −x.5 and x.5 behave alike; 1e-9 absorbs binary representation error.
  const rounded = (Math.sign(raw) * Math.floor(Math.abs(raw) * factor + 0.5 + 1e-9)) / factor;
  const low = scale.min ?? Number.NEGATIVE_INFINITY;
  const high = scale.max ?? Number.POSITIVE_INFINITY;
  return Math.min(high, Math.max(low, rounded)) + 0;
}

/** "You can …" as a pupil reads it, whether the published text starts with it or not. */
export function canDoStatement(statement: string): string {
  const text = statement.trim();
  const lead = /^you can\s+/i.exec(text);
  if (lead) return `You can ${text.slice(lead[0].length)}`;
  return `You can ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

export function moduleResult(input: ModuleResultInput): ModuleResult {
  const rp = input.rp ?? DEFAULT_RESPONSE_PROBABILITY;
  assertNoViolations('The module result cannot be computed', [
    ...validateCuts(input.cutScores.grades, input.cutScores.cuts),
    ...validateReportingScale(input.reportingScale),
    ...(rp > 0 && rp < 1 ? [] : [{ path: '/rp', message: 'the response probability must be strictly between 0 and 1' }]),
  ]);
  const estimate = input.estimate ?? expectedAPosteriori(input.posterior);
  const probabilities = gradeProbabilities(input.posterior, input.cutScores);
  const band = gradeIndex(estimate.theta, input.cutScores.cuts);
  const byCriterion = criterionItems(input.bank, input.documents);
  const criteria = input.criteria.map((criterion): CriterionReport => {
    const items = byCriterion.get(criterion.id) ?? [];
    const success = items.length === 0 ? null : expectedSuccess(input.bank, items, estimate.theta);
    return {
      id: criterion.id, statement: canDoStatement(criterion.statement),
      shown: success !== null && success >= rp, expectedSuccess: success, items: items.length,
    };
  });
  return {
    theta: estimate.theta,
    se: estimate.se,
    scaleScore: reportingScaleScore(estimate.theta, input.reportingScale),
    scaleSe: Math.abs(input.reportingScale.slope) * estimate.se,
    grade: input.cutScores.grades[band],
    gradeProbability: probabilities[band].probability,
    gradeProbabilities: probabilities,
    cutScores: { moduleId: input.cutScores.moduleId, version: input.cutScores.version },
    rp,
    criteria,
    canDo: criteria.filter((c) => c.shown).map((c) => c.statement),
    stopReason: input.stopReason ?? null,
  };
}
