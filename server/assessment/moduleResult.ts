/**
 * The result a pupil sees at the end of a module, computed by server/grading's moduleResult
 * (grade and its probability from the posterior, reporting scale, "You can …" at RP 0.67) from
 * the module's published definition and the session's engine state.
 */
import type { ModuleDefinition } from '../content/moduleDefinition';
import { moduleResult as gradeModule, type ModuleResult } from '../grading/moduleResult';
import type { AdaptiveTestState, CompiledBank, StepReport } from './adaptiveEngine';

export type { ModuleResult };

export function sittingResult(
  definition: ModuleDefinition,
  bank: CompiledBank,
  state: AdaptiveTestState,
  report: StepReport,
  stopReason: string,
): ModuleResult {
  const { cutScores } = definition;
  return gradeModule({
    bank,
    posterior: state.posterior,
    // The engine's own estimate: the module may score by MLE/WLE/MAP rather than EAP.
    estimate: { theta: report.theta, se: report.se },
    cutScores: {
      moduleId: definition.id,
      version: cutScores.version,
      grades: [cutScores.belowLowest, ...cutScores.boundaries.map((b) => b.grade)],
      cuts: cutScores.boundaries.map((b) => b.theta),
    },
    reportingScale: definition.reportingScale,
    criteria: definition.criteria,
    stopReason,
  });
}
