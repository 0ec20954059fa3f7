/**
 * Survey weights for the national sample: base weights (inverse inclusion probabilities),
 * school and pupil non-response adjustments within cells with cell collapsing, and trimming.
 *
 * Sources: NAEP Technical Documentation, Weighting Procedures (2017 school non-response
 * adjustment factor; 2012 student non-response cells: collapse a cell with fewer than 20
 * respondents or a factor above 2.0; 2002 student weight trimming at 4.5 × the median).
 */
import { rejectInput } from './samplingInputError';

export const DEFAULT_MINIMUM_RESPONDENTS = 20;
export const DEFAULT_MAXIMUM_FACTOR = 2.0;
export const DEFAULT_TRIM_MULTIPLE = 4.5;

export interface NonresponseRule {
  /** Collapse a cell with fewer respondents than this. Default 20. */
  minimumRespondents: number;
  /** Collapse a cell whose adjustment factor exceeds this. Default 2.0. */
  maximumFactor: number;
}

export const DEFAULT_NONRESPONSE_RULE: NonresponseRule = {
  minimumRespondents: DEFAULT_MINIMUM_RESPONDENTS,
  maximumFactor: DEFAULT_MAXIMUM_FACTOR,
};

/** One eligible unit in a non-response adjustment. */
export interface AdjustmentUnit {
  cell: string;
  weight: number;
  /** Size the weight is multiplied by (a school's enrolment; 1 for a pupil). */
  size: number;
  responded: boolean;
  /** Responding pupils the unit brings (the collapse rule counts pupils). */
  respondents: number;
}

export interface AdjustmentCell {
  /** The original cells merged into this one, in cell order. */
  cells: string[];
  /** Σ w·size over every eligible unit. */
  eligibleWeight: number;
  /** Σ w·size over responding units. */
  respondingWeight: number;
  respondents: number;
  /** eligibleWeight / respondingWeight. */
  factor: number;
}

function emptyCell(cells: string[]): AdjustmentCell {
  return { cells, eligibleWeight: 0, respondingWeight: 0, respondents: 0, factor: 1 };
}

/** One pass over the units, summing into the group each unit's cell belongs to. */
function summarise(units: readonly AdjustmentUnit[], groups: readonly string[][]): AdjustmentCell[] {
  const groupOf = new Map<string, number>();
  groups.forEach((cells, g) => cells.forEach((cell) => groupOf.set(cell, g)));
  const out = groups.map((cells) => emptyCell(cells));
  for (const u of units) {
    const g = groupOf.get(u.cell);
    if (g === undefined) rejectInput('nonresponse', `unit in cell "${u.cell}" that no adjustment cell holds`);
    const c = out[g];
    c.eligibleWeight += u.weight * u.size;
    if (u.responded) {
      c.respondingWeight += u.weight * u.size;
      c.respondents += u.respondents;
    }
  }
  for (const c of out) c.factor = c.respondingWeight > 0 ? c.eligibleWeight / c.respondingWeight : c.eligibleWeight > 0 ? Infinity : 1;
  return out;
}

/**
 * Non-response adjustment factor of a cell: Σ_{eligible} w_i·E_i / Σ_{responding} w_i·E_i
 * (NAEP 2017 school non-response adjustment; with E_i = 1 it is the pupil adjustment).
 * Cells are taken in `cellOrder` (default: first appearance); a cell with fewer than the minimum
 * respondents or a factor above the maximum is merged with the next cell (the previous one for
 * the last), and the check repeats until every cell passes or one cell is left.
 */
export function collapseNonresponseCells(
  units: readonly AdjustmentUnit[],
  rule: NonresponseRule = DEFAULT_NONRESPONSE_RULE,
  cellOrder?: readonly string[],
): { cells: AdjustmentCell[]; warnings: string[] } {
  const order = cellOrder ? [...cellOrder] : [...new Set(units.map((u) => u.cell))];
  let groups = order.map((cell) => [cell]);
  const fails = (c: AdjustmentCell): boolean => c.respondents < rule.minimumRespondents || c.factor > rule.maximumFactor;
  for (;;) {
    const summaries = summarise(units, groups);
    const failing = summaries.findIndex(fails);
    if (failing < 0 || groups.length === 1) {
      const warnings = failing < 0 ? [] : [`non-response cell ${summaries[0].cells.join('+')} still fails the collapse rule after merging every cell`];
      if (summaries.some((c) => c.respondingWeight === 0 && c.eligibleWeight > 0)) {
        rejectInput('nonresponse', 'no respondent is left to carry the weight of the eligible units');
      }
      return { cells: summaries, warnings };
    }
    const partner = failing + 1 < groups.length ? failing + 1 : failing - 1;
    const [low, high] = partner > failing ? [failing, partner] : [partner, failing];
    groups = [...groups.slice(0, low), [...groups[low], ...groups[high]], ...groups.slice(high + 1)];
  }
}

/**
 * Factors for cells fixed in advance: replicates re-run the adjustment with the full sample's
 * collapsed cells, so every replicate adjusts the same way the full sample did.
 */
export function nonresponseFactors(units: readonly AdjustmentUnit[], cells: readonly string[][]): Map<string, number> {
  const factors = new Map<string, number>();
  for (const summary of summarise(units, cells)) {
    if (summary.respondingWeight === 0 && summary.eligibleWeight > 0) {
      rejectInput('nonresponse', `cell ${summary.cells.join('+')} has eligible weight but no responding weight in a replicate; collapse cells further`);
    }
    for (const cell of summary.cells) factors.set(cell, summary.factor);
  }
  return factors;
}

export interface TrimmingResult {
  weights: number[];
  median: number;
  cap: number;
  trimmed: number;
}

/** Median of the positive values (zero replicate weights carry no pupil). */
export function medianOfPositive(values: readonly number[]): number {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Trim weights above multiple × median to that cap (NAEP 2002 student weight trimming, 4.5 ×
 * the median of the trimming group). One pass suffices: the cap is above the median, so capping
 * never moves the median.
 */
export function trimWeights(weights: readonly number[], multiple = DEFAULT_TRIM_MULTIPLE): TrimmingResult {
  const median = medianOfPositive(weights);
  const cap = multiple * median;
  let trimmed = 0;
  const out = weights.map((w) => {
    if (w > cap) {
      trimmed++;
      return cap;
    }
    return w;
  });
  return { weights: out, median, cap, trimmed };
}

/** A pupil drawn in a participating school. */
export interface SampledPupil {
  pupilId: string;
  responded: boolean;
  /** Pupil non-response cell; default: the pupil's school, so collapsing joins neighbouring schools. */
  nonresponseCell?: string;
}

/** A sampled school as weighting sees it (the school that took part, when a replacement did). */
export interface WeightingSchool {
  schoolId: string;
  stratum: string;
  /** Position on the stratum's sorted frame: orders variance zones and cell collapsing. */
  framePosition: number;
  /** π of the originally sampled school; a replacement inherits it. */
  inclusionProbability: number;
  certainty: boolean;
  /** Frame enrolment E_i (eligible pupils), the size in the school non-response adjustment. */
  eligiblePupils: number;
  /** School non-response cell; default: the stratum. */
  nonresponseCell?: string;
  /** The school (or its replacement) took part. */
  participated: boolean;
  /** N_i: pupils on the school's list when its sample was drawn. */
  listedPupils: number;
  /** The pupils drawn (responding or not); empty for a school that did not take part. */
  pupils: SampledPupil[];
}

export interface WeightingOptions {
  schoolRule?: NonresponseRule;
  pupilRule?: NonresponseRule;
  trimMultiple?: number;
  /** Trim within each stratum, or over the whole nation (default). */
  trimmingGroup?: 'nation' | 'stratum';
}

export interface PupilWeight {
  pupilId: string;
  schoolId: string;
  stratum: string;
  schoolBaseWeight: number;
  schoolAdjustment: number;
  pupilBaseWeight: number;
  pupilAdjustment: number;
  /** Final weight, after trimming. */
  weight: number;
  trimmed: boolean;
}

export interface WeightingResult {
  /** Responding pupils with their weights, schools in sorted-sample order, pupils in list order. */
  pupils: PupilWeight[];
  schoolCells: AdjustmentCell[];
  pupilCells: AdjustmentCell[];
  trimming: (Omit<TrimmingResult, 'weights'> & { group: string })[];
  warnings: string[];
}

/** Replicate multipliers on base weights, and the full sample's collapsed cells to reuse. */
export interface WeightPerturbation {
  schoolFactors?: ReadonlyMap<string, number>;
  pupilFactors?: ReadonlyMap<string, number>;
  schoolCells: readonly string[][];
  pupilCells: readonly string[][];
}

export function sortedSample(schools: readonly WeightingSchool[]): WeightingSchool[] {
  return [...schools].sort((a, b) => (a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : a.framePosition - b.framePosition));
}

export function validateWeightingInput(schools: readonly WeightingSchool[]): void {
  const seen = new Set<string>();
  const pupilsSeen = new Set<string>();
  schools.forEach((s, i) => {
    if (seen.has(s.schoolId)) rejectInput(`schools/${i}/schoolId`, `duplicate school "${s.schoolId}"`);
    seen.add(s.schoolId);
    s.pupils.forEach((p, j) => {
      if (pupilsSeen.has(p.pupilId)) rejectInput(`schools/${i}/pupils/${j}/pupilId`, `duplicate pupil "${p.pupilId}"`);
      pupilsSeen.add(p.pupilId);
    });
    if (!(s.inclusionProbability > 0 && s.inclusionProbability <= 1)) {
      rejectInput(`schools/${i}/inclusionProbability`, `must lie in (0, 1], got ${s.inclusionProbability}`);
    }
    if (s.participated && s.pupils.length > s.listedPupils) {
      rejectInput(`schools/${i}/pupils`, `${s.pupils.length} pupils drawn from a list of ${s.listedPupils}`);
    }
    if (s.participated && s.pupils.length === 0) rejectInput(`schools/${i}/pupils`, 'a participating school must have drawn pupils');
  });
}

/**
 * Final pupil weights: W = (1/π_i)·f_school(cell) · (N_i/m_i)·f_pupil(cell), trimmed.
 * A replacement school inherits the π of the school it replaced (TIMSS 2007 TR ch. 5).
 * With `perturbation`, base weights are multiplied by replicate factors and the adjustments are
 * re-run within the given cells: this is how replicate weights are made.
 */
export function computeWeights(
  schools: readonly WeightingSchool[],
  options: WeightingOptions = {},
  perturbation?: WeightPerturbation,
): WeightingResult {
  if (!perturbation) validateWeightingInput(schools);
  const ordered = sortedSample(schools);
  const schoolFactor = (id: string): number => perturbation?.schoolFactors?.get(id) ?? 1;
  const pupilFactor = (id: string): number => perturbation?.pupilFactors?.get(id) ?? 1;
  const warnings: string[] = [];

  const schoolUnits: AdjustmentUnit[] = ordered.map((s) => ({
    cell: s.nonresponseCell ?? s.stratum,
    weight: schoolFactor(s.schoolId) / s.inclusionProbability,
    size: s.eligiblePupils,
    responded: s.participated,
    respondents: s.participated ? s.pupils.filter((p) => p.responded).length : 0,
  }));
  let schoolCells: AdjustmentCell[] = [];
  let schoolFactors: Map<string, number>;
  if (perturbation) schoolFactors = nonresponseFactors(schoolUnits, perturbation.schoolCells);
  else {
    const collapsed = collapseNonresponseCells(schoolUnits, options.schoolRule);
    schoolCells = collapsed.cells;
    warnings.push(...collapsed.warnings.map((w) => `school ${w}`));
    schoolFactors = new Map(schoolCells.flatMap((c) => c.cells.map((cell) => [cell, c.factor] as [string, number])));
  }

  interface Draft extends Omit<PupilWeight, 'weight' | 'trimmed' | 'pupilAdjustment'> {
    cell: string;
    responded: boolean;
    multiplier: number;
  }
  const drafts: Draft[] = [];
  ordered.forEach((s, k) => {
    if (!s.participated) return;
    const schoolBaseWeight = schoolUnits[k].weight;
    const schoolAdjustment = schoolFactors.get(schoolUnits[k].cell) ?? 1;
    const pupilBaseWeight = s.listedPupils / s.pupils.length;
    for (const p of s.pupils) {
      drafts.push({
        pupilId: p.pupilId,
        schoolId: s.schoolId,
        stratum: s.stratum,
        schoolBaseWeight,
        schoolAdjustment,
        pupilBaseWeight,
        cell: p.nonresponseCell ?? s.schoolId,
        responded: p.responded,
        multiplier: pupilFactor(p.pupilId),
      });
    }
  });
  const pupilUnits: AdjustmentUnit[] = drafts.map((d) => ({
    cell: d.cell,
    weight: d.schoolBaseWeight * d.schoolAdjustment * d.pupilBaseWeight * d.multiplier,
    size: 1,
    responded: d.responded,
    respondents: d.responded ? 1 : 0,
  }));
  let pupilCells: AdjustmentCell[] = [];
  let pupilFactors: Map<string, number>;
  if (perturbation) pupilFactors = nonresponseFactors(pupilUnits, perturbation.pupilCells);
  else {
    const collapsed = collapseNonresponseCells(pupilUnits, options.pupilRule);
    pupilCells = collapsed.cells;
    warnings.push(...collapsed.warnings.map((w) => `pupil ${w}`));
    pupilFactors = new Map(pupilCells.flatMap((c) => c.cells.map((cell) => [cell, c.factor] as [string, number])));
  }

  const responding = drafts
    .map((d, i) => ({ d, untrimmed: pupilUnits[i].weight * (pupilFactors.get(d.cell) ?? 1) }))
    .filter(({ d }) => d.responded);
  const groupOf = (d: Draft): string => (options.trimmingGroup === 'stratum' ? d.stratum : 'nation');
  const groups = [...new Set(responding.map(({ d }) => groupOf(d)))];
  const finalWeight = new Array<number>(responding.length);
  const trimming: WeightingResult['trimming'] = [];
  for (const group of groups) {
    const members = responding.map((r, i) => i).filter((i) => groupOf(responding[i].d) === group);
    const result = trimWeights(
      members.map((i) => responding[i].untrimmed),
      options.trimMultiple ?? DEFAULT_TRIM_MULTIPLE,
    );
    members.forEach((i, j) => (finalWeight[i] = result.weights[j]));
    trimming.push({ median: result.median, cap: result.cap, trimmed: result.trimmed, group });
  }
  const pupils: PupilWeight[] = responding.map(({ d, untrimmed }, i) => ({
    pupilId: d.pupilId,
    schoolId: d.schoolId,
    stratum: d.stratum,
    schoolBaseWeight: d.schoolBaseWeight,
    schoolAdjustment: d.schoolAdjustment,
    pupilBaseWeight: d.pupilBaseWeight,
    pupilAdjustment: pupilFactors.get(d.cell) ?? 1,
    weight: finalWeight[i],
    trimmed: finalWeight[i] < untrimmed,
  }));
  return { pupils, schoolCells, pupilCells, trimming, warnings };
}
