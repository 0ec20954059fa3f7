/**
 * The result a pupil sees at the end of a module: θ on the module's reporting scale, the grade
 * from its published cut scores with the probability that grade is right, and the "you can …"
 * statements of the criteria the pupil has shown. Pure. (The grading issue deepens this.)
 */
import type { ModuleDefinition } from '../content/moduleDefinition';
import { expectedProportion, type CompiledBank } from './adaptiveEngine';
import type { ModuleResult } from './sittingState';

/**
 * Response probability for "can do": a criterion is shown when the expected proportion of the
 * maximum score on its items at θ reaches 0.67, the RP67 convention of item mapping
 * (Huynh 1998; the usual bookmark standard-setting criterion).
 */
export const CAN_DO_RESPONSE_PROBABILITY = 0.67;

export function gradeBand(definition: ModuleDefinition, theta: number): number {
  let band = 0;
  for (const boundary of definition.cutScores.boundaries) if (theta >= boundary.theta) band += 1;
  return band;
}

export function moduleResult(
  definition: ModuleDefinition,
  bank: CompiledBank,
  estimate: { theta: number; se: number; bandProbabilities: readonly number[] },
  stopReason: string,
): ModuleResult {
  const { theta, se } = estimate;
  const band = gradeBand(definition, theta);
  const grade = band === 0 ? definition.cutScores.belowLowest : definition.cutScores.boundaries[band - 1].grade;
  const scale = definition.reportingScale;
  const factor = 10 ** scale.decimals;
  const canDo: string[] = [];
  for (const criterion of definition.criteria) {
    let total = 0;
    let count = 0;
    for (let i = 0; i < bank.size; i++) {
      const tagged = bank.items[i].tags?.criterion;
      if (Array.isArray(tagged) ? tagged.includes(criterion.id) : tagged === criterion.id) {
        total += expectedProportion(bank, i, theta);
        count += 1;
      }
    }
    if (count > 0 && total / count >= CAN_DO_RESPONSE_PROBABILITY) canDo.push(criterion.statement);
  }
  return {
    theta,
    se,
    scaleScore: Math.round((scale.intercept + scale.slope * theta) * factor) / factor,
    grade,
    gradeProbability: estimate.bandProbabilities[band] ?? 0,
    canDo,
    stopReason,
  };
}
