/**
 * A closed cycle's statistics from its stored facts, as one pure function: who was sampled and
 * who responded → weights and replicate weights (server/sampling/replicates) → plausible values
 * from each responding pupil's posterior (server/sampling/plausibleValues) → national, stratum
 * and reporting-group estimates with suppression (server/sampling/estimates) → trend with link
 * error and Bonferroni (server/sampling/trend) → response rates → exports. Data in, data out;
 * the randomness is a generator seeded from the cycle's design seed.
 */
import { seededRandom } from '../irt/random';
import type { Posterior } from '../irt/posterior';
import { nationalEstimates, type AnalysisPupil, type DomainEstimate } from '../sampling/estimates';
import { analysisFileCsv, nationalTablesCsv } from '../sampling/exports';
import { plausibleValuesForPupils, DEFAULT_PLAUSIBLE_VALUES } from '../sampling/plausibleValues';
import { computeReplicateWeights, type ReplicationMethod } from '../sampling/replicates';
import { responseRates, type ResponseRateReport, type ResponseThresholds, type SchoolResponse } from '../sampling/responseRates';
import { rejectInput } from '../sampling/samplingInputError';
import { trendComparisons, type CycleEstimate, type TrendComparison } from '../sampling/trend';
import type { SampledSchool } from '../sampling/types';
import type { WeightingSchool } from '../sampling/weights';

/** What happened to one originally sampled school. */
export interface SchoolOutcome {
  sampled: SampledSchool;
  /** The school that took part in its place, when it refused and a replacement was used. */
  replacementId: string | null;
  /** Pupils on the list of the school whose pupils were drawn (the replacement's when used). */
  listedPupils: number;
  /** Reporting variables of the school (from the frame). */
  reportingGroups: Record<string, string>;
}

/** One drawn pupil, under the pseudonymous key. */
export interface DrawnPupil {
  key: string;
  /** The originally sampled school the pupil's school stands for. */
  sampledSchoolId: string;
  responded: boolean;
  /** The engine's posterior at the finish (responding pupils only). */
  posterior: Posterior | null;
}

export interface CycleEstimationInput {
  cycleName: string;
  schools: readonly SchoolOutcome[];
  pupils: readonly DrawnPupil[];
  /** θ → reported scale: intercept + slope·θ. */
  scale: { intercept: number; slope: number };
  /** Grade boundaries on θ. */
  cuts: readonly { label: string; theta: number }[];
  replication: ReplicationMethod;
  plausibleValues?: number;
  seed: number;
  thresholds: ResponseThresholds;
  /** Earlier published cycles' national means (scale units) for the trend. */
  earlier: readonly CycleEstimate[];
  /** Link error (scale units) between this cycle and each earlier one. */
  linkError: number;
  minimumPupils?: number;
  minimumZones?: number;
}

export interface CycleEstimation {
  estimates: DomainEstimate[];
  trend: TrendComparison[];
  responseRates: ResponseRateReport;
  respondents: number;
  replicates: number;
  plausibleValues: number;
  /** Group means are left out: a conditioning group can be smaller than a publishable cell. */
  populationModel: { groups: number; sd: number; converged: boolean };
  nationalTablesCsv: string;
  analysisFileCsv: string;
}

export function estimateCycle(input: CycleEstimationInput): CycleEstimation {
  const pvCount = input.plausibleValues ?? DEFAULT_PLAUSIBLE_VALUES;
  const random = seededRandom(input.seed ^ 0x5eed);
  const bySampled = new Map<string, DrawnPupil[]>();
  for (const p of input.pupils) bySampled.set(p.sampledSchoolId, [...(bySampled.get(p.sampledSchoolId) ?? []), p]);

  const weighting: WeightingSchool[] = input.schools.map((s) => {
    const drawn = bySampled.get(s.sampled.schoolId) ?? [];
    const participated = drawn.some((p) => p.responded);
    return {
      schoolId: s.replacementId ?? s.sampled.schoolId,
      stratum: s.sampled.stratum,
      framePosition: s.sampled.framePosition,
      inclusionProbability: s.sampled.inclusionProbability,
      certainty: s.sampled.certainty,
      eligiblePupils: s.sampled.eligiblePupils,
      participated,
      listedPupils: s.listedPupils,
      pupils: participated ? drawn.map((p) => ({ pupilId: p.key, responded: p.responded })) : [],
    };
  });
  if (!weighting.some((s) => s.participated)) rejectInput('sittings', 'no sampled pupil has finished a sitting: there is nothing to estimate from');

  const replicated = computeReplicateWeights(weighting, input.replication);
  const pupilByKey = new Map(input.pupils.map((p) => [p.key, p]));
  const groupsOf = new Map(input.schools.map((s) => [s.sampled.schoolId, s.reportingGroups]));
  const responding = replicated.fullSample.pupils.map((w) => {
    const drawn = pupilByKey.get(w.pupilId)!;
    if (!drawn.posterior) rejectInput(`pupils/${w.pupilId}`, 'a responding pupil has no posterior');
    const reportingGroups = groupsOf.get(drawn.sampledSchoolId) ?? {};
    // Condition on every reporting variable (docs/sampling-statistics.md §11), else contrasts shrink.
    const group = [w.stratum, ...Object.keys(reportingGroups).sort().map((k) => reportingGroups[k])].join('|');
    return { weight: w, posterior: drawn.posterior, reportingGroups, group };
  });
  const drawn = plausibleValuesForPupils(
    responding.map((r) => ({ posterior: r.posterior, weight: r.weight.weight, group: r.group })),
    random,
    pvCount,
  );
  const toScale = (theta: number): number => input.scale.intercept + input.scale.slope * theta;
  const analysis: AnalysisPupil[] = responding.map((r, i) => ({
    stratum: r.weight.stratum,
    reportingGroups: r.reportingGroups,
    plausibleValues: drawn.plausibleValues[i].map(toScale),
    weight: r.weight.weight,
    zone: replicated.pupilZones[i],
  }));
  const estimates = nationalEstimates({
    pupils: analysis,
    replicateWeights: replicated.replicateWeights,
    coefficients: replicated.coefficients,
    cuts: input.cuts.map((c) => ({ label: c.label, value: toScale(c.theta) })),
    minimumPupils: input.minimumPupils,
    minimumZones: input.minimumZones,
  });
  const nation = estimates.find((e) => e.domain.kind === 'nation');
  const trend = nation?.mean && input.earlier.length > 0
    ? trendComparisons(
      { cycle: input.cycleName, estimate: nation.mean.estimate, se: nation.mean.se },
      input.earlier,
      Object.fromEntries(input.earlier.map((e) => [e.cycle, input.linkError])),
    )
    : [];

  const rates = responseRates(input.schools.map((s): SchoolResponse => {
    const drawnHere = bySampled.get(s.sampled.schoolId) ?? [];
    const responded = drawnHere.filter((p) => p.responded).length;
    return {
      schoolId: s.sampled.schoolId,
      stratum: s.sampled.stratum,
      inclusionProbability: s.sampled.inclusionProbability,
      eligiblePupils: s.sampled.eligiblePupils,
      participation: responded === 0 ? 'none' : s.replacementId ? 'replacement' : 'sampled',
      listedPupils: s.listedPupils,
      pupilsSampled: responded === 0 ? 0 : drawnHere.length,
      pupilsResponded: responded,
    };
  }), input.thresholds);

  return {
    estimates,
    trend,
    responseRates: rates,
    respondents: analysis.length,
    replicates: replicated.replicateWeights.length,
    plausibleValues: pvCount,
    populationModel: { groups: Object.keys(drawn.model.means).length, sd: drawn.model.sd, converged: drawn.model.converged },
    nationalTablesCsv: nationalTablesCsv(estimates),
    analysisFileCsv: analysisFileCsv(analysis, replicated.replicateWeights, random),
  };
}
