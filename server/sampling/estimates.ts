/**
 * National estimates from plausible values and replicate weights: the weighted mean and the
 * share at or above each cut score, for the nation, each stratum and each reporting group, with
 * standard errors (replicate sampling variance combined with measurement variance by Rubin's
 * rules), 95% intervals, and suppression of cells too small to publish.
 *
 * Suppression follows NAEP's reporting conventions: a result must rest on at least 62 pupils and
 * on pupils from at least 5 variance zones ("replicate strata"), or it is not reported (NAEP TDW,
 * "Guidelines to Assure the Validity of Inferences Drawn From NAEP Data").
 * 95% intervals use the normal critical value; shares are clamped to [0, 1].
 */
import { replicateVariance } from './replicates';
import { combineImputations, type CombinedEstimate } from './rubinsRules';
import { rejectInput } from './samplingInputError';

export const MINIMUM_REPORTED_PUPILS = 62;
export const MINIMUM_REPORTED_ZONES = 5;
/** Two-sided 95% normal critical value, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

export interface AnalysisPupil {
  stratum: string;
  /** Reporting variables, e.g. { disadvantaged: 'yes' }. */
  reportingGroups: Record<string, string>;
  plausibleValues: readonly number[];
  /** Final full-sample weight. */
  weight: number;
  /** Variance zone the pupil's variance unit belongs to. */
  zone: number;
}

export interface EstimationInput {
  pupils: readonly AnalysisPupil[];
  /** replicateWeights[r][i] for pupil i. */
  replicateWeights: readonly ArrayLike<number>[];
  coefficients: readonly number[];
  /** Cut scores on the plausible-value scale, e.g. grade boundaries. */
  cuts: readonly { label: string; value: number }[];
  minimumPupils?: number;
  minimumZones?: number;
}

export type Domain = { kind: 'nation' } | { kind: 'stratum'; stratum: string } | { kind: 'group'; variable: string; value: string };

export interface Interval {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
  samplingVariance: number;
  imputationVariance: number;
  degreesOfFreedom: number;
}

export interface DomainEstimate {
  domain: Domain;
  pupils: number;
  zones: number;
  /** Σ weights: the estimated pupil population of the domain. */
  population: number;
  suppressed: boolean;
  suppressionReason: string | null;
  /** Absent when suppressed: suppressed cells carry no figures at all. */
  mean: Interval | null;
  atOrAbove: { label: string; cut: number; share: Interval }[] | null;
}

function toInterval(c: CombinedEstimate, bounds?: [number, number]): Interval {
  const clamp = (x: number): number => (bounds ? Math.min(bounds[1], Math.max(bounds[0], x)) : x);
  return {
    estimate: c.estimate,
    se: c.se,
    lower: clamp(c.estimate - Z_95 * c.se),
    upper: clamp(c.estimate + Z_95 * c.se),
    samplingVariance: c.samplingVariance,
    imputationVariance: c.imputationVariance,
    degreesOfFreedom: c.degreesOfFreedom,
  };
}

/** Σ w·f(pv_m) / Σ w over the members, for one set of weights. */
function weightedMean(members: readonly number[], weights: ArrayLike<number>, values: (i: number) => number): number {
  let sw = 0;
  let swy = 0;
  for (const i of members) {
    sw += weights[i];
    swy += weights[i] * values(i);
  }
  return sw > 0 ? swy / sw : NaN;
}

/** A ratio statistic per plausible value, its replicate variance, then Rubin's rules. */
function estimateStatistic(input: EstimationInput, members: readonly number[], valueOf: (pv: number) => number): CombinedEstimate {
  const fullWeights = input.pupils.map((p) => p.weight);
  const m = input.pupils[members[0]].plausibleValues.length;
  const imputations = Array.from({ length: m }, (_, k) => {
    const values = (i: number): number => valueOf(input.pupils[i].plausibleValues[k]);
    const estimate = weightedMean(members, fullWeights, values);
    const replicates = input.replicateWeights.map((w) => weightedMean(members, w, values));
    return { estimate, variance: replicateVariance(estimate, replicates, input.coefficients) };
  });
  return combineImputations(imputations);
}

export function domainKey(domain: Domain): string {
  return domain.kind === 'nation' ? 'nation' : domain.kind === 'stratum' ? `stratum:${domain.stratum}` : `${domain.variable}:${domain.value}`;
}

export function estimateDomain(input: EstimationInput, domain: Domain): DomainEstimate {
  const members = input.pupils
    .map((p, i) => i)
    .filter((i) => {
      const p = input.pupils[i];
      return domain.kind === 'nation' || (domain.kind === 'stratum' ? p.stratum === domain.stratum : p.reportingGroups[domain.variable] === domain.value);
    });
  const zones = new Set(members.map((i) => input.pupils[i].zone)).size;
  const population = members.reduce((sum, i) => sum + input.pupils[i].weight, 0);
  const minimumPupils = input.minimumPupils ?? MINIMUM_REPORTED_PUPILS;
  const minimumZones = input.minimumZones ?? MINIMUM_REPORTED_ZONES;
  const reasons: string[] = [];
  if (members.length < minimumPupils) reasons.push(`fewer than ${minimumPupils} pupils`);
  if (zones < minimumZones) reasons.push(`fewer than ${minimumZones} variance zones`);
  if (reasons.length > 0) {
    return { domain, pupils: members.length, zones, population, suppressed: true, suppressionReason: reasons.join('; '), mean: null, atOrAbove: null };
  }
  return {
    domain,
    pupils: members.length,
    zones,
    population,
    suppressed: false,
    suppressionReason: null,
    mean: toInterval(estimateStatistic(input, members, (pv) => pv)),
    atOrAbove: input.cuts.map((cut) => ({
      label: cut.label,
      cut: cut.value,
      share: toInterval(estimateStatistic(input, members, (pv) => (pv >= cut.value ? 1 : 0)), [0, 1]),
    })),
  };
}

function validate(input: EstimationInput): void {
  if (input.pupils.length === 0) rejectInput('pupils', 'no pupils to estimate from');
  const m = input.pupils[0].plausibleValues.length;
  if (m < 2) rejectInput('pupils/0/plausibleValues', `at least 2 plausible values per pupil are needed, got ${m}`);
  input.pupils.forEach((p, i) => {
    if (p.plausibleValues.length !== m) rejectInput(`pupils/${i}/plausibleValues`, `every pupil needs ${m} plausible values`);
    if (!(p.weight >= 0)) rejectInput(`pupils/${i}/weight`, `weight must be ≥ 0, got ${p.weight}`);
  });
  if (input.replicateWeights.length !== input.coefficients.length) rejectInput('coefficients', 'one coefficient per replicate is needed');
  input.replicateWeights.forEach((w, r) => {
    if (w.length !== input.pupils.length) rejectInput(`replicateWeights/${r}`, `expected ${input.pupils.length} weights, got ${w.length}`);
  });
  input.cuts.forEach((c, j) => {
    if (!Number.isFinite(c.value)) rejectInput(`cuts/${j}`, 'cut must be a finite number');
  });
}

/** The nation, every stratum, and every value of every reporting variable. */
export function nationalEstimates(input: EstimationInput): DomainEstimate[] {
  validate(input);
  const domains: Domain[] = [{ kind: 'nation' }];
  for (const stratum of [...new Set(input.pupils.map((p) => p.stratum))].sort()) domains.push({ kind: 'stratum', stratum });
  const variables = [...new Set(input.pupils.flatMap((p) => Object.keys(p.reportingGroups)))].sort();
  for (const variable of variables) {
    const values = [...new Set(input.pupils.map((p) => p.reportingGroups[variable]).filter((v): v is string => v !== undefined))].sort();
    for (const value of values) domains.push({ kind: 'group', variable, value });
  }
  return domains.map((d) => estimateDomain(input, d));
}
