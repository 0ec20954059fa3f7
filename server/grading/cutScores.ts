/**
 * Standard setting by item mapping, and the versioned cut scores it produces.
 *
 * Rule (docs/standard-setting.md gives the reasons and the alternatives): the cut for grade g
 * is the θ at which expected success (expectedSuccess.ts: the mean expected proportion of the
 * maximum score) over all the items evidencing grade g's criteria equals the response
 * probability RP, 0.67 unless configured; solved by bisection. A standards manager reviews the
 * proposal with the item map (every item at its own RP location), adjusts any cut with a
 * recorded reason, and publishes. Published versions are immutable; a result records the
 * version that graded it and is never re-graded by a later one.
 */
import type { CompiledBank } from '../irt/bank';
import { bandProbabilities, type Posterior } from '../irt/posterior';
import { bandOf } from '../irt/stopping';
import { THETA_BOUNDS } from '../irt/types';
import { Instant, epochMs, isoInstant } from '../credits/instant';
import { EvidencingItem, criterionItems } from './itemEvidence';
import { ResponseProbabilityLocation, responseProbabilityLocation } from './expectedSuccess';
import { RuleConflictError, RuleViolation, assertNoViolations } from './ruleValidationError';

export const DEFAULT_RESPONSE_PROBABILITY = 0.67;

/** A published criterion: the grade it belongs to and the statement a pupil reads. */
export interface GradeCriterion {
  /** Criterion code, as in items' `criteria`, e.g. "N6". */
  id: string;
  /** The grade whose description the criterion is part of. */
  grade: string;
  /** "You can …". */
  statement: string;
}

/** What a grade needs: the grade list (lowest first) and one cut per boundary, ascending. */
export interface GradeCuts {
  moduleId: string;
  /** Published versions are numbered 1, 2, …; provisional cuts from a module file carry its label. */
  version: number | string;
  grades: readonly string[];
  cuts: readonly number[];
}

export interface ItemMapEntry {
  itemId: string;
  criteria: string[];
  /** Grades whose criteria the item evidences. */
  grades: string[];
  /** Where the item alone reaches the response probability. */
  location: ResponseProbabilityLocation;
}

export interface ProposedBoundary {
  /** The grade whose lower boundary this is. */
  grade: string;
  theta: number;
  location: ResponseProbabilityLocation['position'] | 'no-items';
  criteria: string[];
  itemIds: string[];
}

export interface CutScoreProposal {
  rp: number;
  grades: string[];
  boundaries: ProposedBoundary[];
  /** Every item that evidences a graded criterion, easiest first: the picture the panel reviews. */
  itemMap: ItemMapEntry[];
  /** What stops the proposal being published as it stands (the manager adjusts those cuts). */
  violations: RuleViolation[];
}

export interface StandardSettingInput {
  bank: CompiledBank;
  /** Grades lowest first; the lowest (e.g. "U") has no criteria and no cut. */
  grades: readonly string[];
  criteria: readonly GradeCriterion[];
  /** Item documents whose `criteria` arrays add to the bank items' tags.criterion. */
  documents?: readonly EvidencingItem[];
  rp?: number;
}

export interface CutScoreAdjustment {
  grade: string;
  from: number;
  to: number;
  reason: string;
  by: string;
  at: string;
}

export interface CutScoreDraft extends Omit<GradeCuts, 'version'> {
  status: 'draft';
  rp: number;
  method: 'item-mapping';
  /** The item-mapping cuts before any adjustment. */
  proposed: readonly number[];
  adjustments: readonly CutScoreAdjustment[];
}

export interface PublishedCutScores extends GradeCuts {
  version: number;
  status: 'published';
  rp: number;
  method: 'item-mapping';
  proposed: readonly number[];
  adjustments: readonly CutScoreAdjustment[];
  publishedAt: string;
  publishedBy: string;
  /** The version this one replaces for new results (null for the first). */
  supersedes: number | null;
}

/** Enough for a result to name the version that graded it. */
export interface CutScoreReference {
  moduleId: string;
  version: number | string;
}

function validateRp(rp: number): RuleViolation[] {
  return Number.isFinite(rp) && rp > 0 && rp < 1
    ? []
    : [{ path: '/rp', message: 'the response probability must be strictly between 0 and 1' }];
}

function validateGrades(grades: readonly string[]): RuleViolation[] {
  if (grades.length < 2) return [{ path: '/grades', message: 'at least two grades are needed (one boundary)' }];
  if (new Set(grades).size !== grades.length) return [{ path: '/grades', message: 'grades must be distinct' }];
  return [];
}

/** Cuts are valid when there is one per boundary, each inside the θ bounds, strictly increasing. */
export function validateCuts(grades: readonly string[], cuts: readonly number[]): RuleViolation[] {
  const v = validateGrades(grades);
  if (v.length > 0) return v;
  if (cuts.length !== grades.length - 1) {
    return [{ path: '/cuts', message: `expected ${grades.length - 1} cuts (one per grade boundary), got ${cuts.length}` }];
  }
  const [lo, hi] = THETA_BOUNDS;
  cuts.forEach((cut, i) => {
    if (!Number.isFinite(cut) || cut <= lo || cut >= hi) {
      v.push({ path: `/cuts/${i}`, message: `the cut for grade ${grades[i + 1]} must lie strictly between ${lo} and ${hi}` });
    } else if (i > 0 && !(cut > cuts[i - 1])) {
      v.push({ path: `/cuts/${i}`, message: `the cut for grade ${grades[i + 1]} must be above the cut for grade ${grades[i]}` });
    }
  });
  return v;
}

/** Item mapping: propose one cut per grade boundary and build the item map. */
export function proposeCutScores(input: StandardSettingInput): CutScoreProposal {
  const rp = input.rp ?? DEFAULT_RESPONSE_PROBABILITY;
  const { bank, grades, criteria } = input;
  const v = [...validateRp(rp), ...validateGrades(grades)];
  criteria.forEach((c, i) => {
    const g = grades.indexOf(c.grade);
    if (g < 0) v.push({ path: `/criteria/${i}/grade`, message: `"${c.grade}" is not one of the grades` });
    else if (g === 0) v.push({ path: `/criteria/${i}/grade`, message: `the lowest grade "${c.grade}" has no boundary, so no criteria` });
  });
  assertNoViolations('The standard-setting input is not valid', v);

  const byCriterion = criterionItems(bank, input.documents);
  const gradeOfCriterion = new Map(criteria.map((c) => [c.id, c.grade]));
  const boundaries: ProposedBoundary[] = grades.slice(1).map((grade) => {
    const codes = criteria.filter((c) => c.grade === grade).map((c) => c.id);
    const items = [...new Set(codes.flatMap((code) => byCriterion.get(code) ?? []))].sort((x, y) => x - y);
    const itemIds = items.map((i) => bank.items[i].id);
    if (items.length === 0) return { grade, theta: Number.NaN, location: 'no-items', criteria: codes, itemIds };
    const at = responseProbabilityLocation(bank, items, rp);
    return { grade, theta: at.theta, location: at.position, criteria: codes, itemIds };
  });

  const codesOfItem = new Map<number, string[]>();
  for (const [code, items] of byCriterion) {
    for (const position of items) codesOfItem.set(position, [...(codesOfItem.get(position) ?? []), code]);
  }
  const itemMap: ItemMapEntry[] = [];
  for (const [position, codes] of codesOfItem) {
    const itemGrades = [...new Set(codes.map((c) => gradeOfCriterion.get(c)).filter((g): g is string => g !== undefined))];
    if (itemGrades.length === 0) continue;
    itemMap.push({
      itemId: bank.items[position].id, criteria: codes, grades: itemGrades,
      location: responseProbabilityLocation(bank, [position], rp),
    });
  }
  itemMap.sort((x, y) => x.location.theta - y.location.theta || (x.itemId < y.itemId ? -1 : 1));

  const violations: RuleViolation[] = [];
  boundaries.forEach((b, i) => {
    const path = `/boundaries/${i}`;
    if (b.location === 'no-items') {
      violations.push({ path, message: `no calibrated item evidences the criteria of grade ${b.grade}` });
    } else if (b.location !== 'inside') {
      violations.push({ path, message: `the items of grade ${b.grade} do not reach RP ${rp} inside the θ bounds (${b.location})` });
    } else if (i > 0 && Number.isFinite(boundaries[i - 1].theta) && !(b.theta > boundaries[i - 1].theta)) {
      violations.push({
        path,
        message: `the mapped cut for grade ${b.grade} (θ = ${b.theta.toFixed(3)}) is not above the cut for grade ${boundaries[i - 1].grade} (θ = ${boundaries[i - 1].theta.toFixed(3)}): adjust one of them with a reason`,
      });
    }
  });
  return { rp, grades: [...grades], boundaries, itemMap, violations };
}

/** A draft to review, starting from the proposal (cuts that could not be mapped are NaN until adjusted). */
export function draftCutScores(moduleId: string, proposal: CutScoreProposal): CutScoreDraft {
  const proposed = proposal.boundaries.map((b) => b.theta);
  return Object.freeze({
    moduleId, status: 'draft' as const, rp: proposal.rp, method: 'item-mapping' as const,
    grades: Object.freeze([...proposal.grades]), proposed: Object.freeze(proposed), cuts: Object.freeze([...proposed]),
    adjustments: Object.freeze([]),
  });
}

/** Move one cut, recording who, when and why. Returns a new draft. */
export function adjustCut(
  draft: CutScoreDraft,
  change: { grade: string; theta: number; reason: string; by: string; at: Instant },
): CutScoreDraft {
  const boundary = draft.grades.indexOf(change.grade) - 1;
  const v: RuleViolation[] = [];
  if (boundary < 0) v.push({ path: '/grade', message: `"${change.grade}" is not a grade with a lower boundary` });
  const [lo, hi] = THETA_BOUNDS;
  if (!Number.isFinite(change.theta) || change.theta <= lo || change.theta >= hi) {
    v.push({ path: '/theta', message: `the cut must lie strictly between ${lo} and ${hi}` });
  }
  if (typeof change.reason !== 'string' || change.reason.trim().length < 10) {
    v.push({ path: '/reason', message: 'say why the cut moves (at least 10 characters); the reason is kept on record' });
  }
  if (!change.by) v.push({ path: '/by', message: 'the standards manager making the change is required' });
  assertNoViolations('The adjustment is not valid', v);
  const cuts = [...draft.cuts];
  const adjustment: CutScoreAdjustment = Object.freeze({
    grade: change.grade, from: cuts[boundary], to: change.theta, reason: change.reason.trim(), by: change.by,
    at: isoInstant(change.at),
  });
  cuts[boundary] = change.theta;
  return Object.freeze({ ...draft, cuts: Object.freeze(cuts), adjustments: Object.freeze([...draft.adjustments, adjustment]) });
}

/**
 * Publish a draft as the module's next version. `history` is every version already published
 * for the module; the new one supersedes the latest for results from `at` on. Earlier versions
 * are returned untouched: results graded by them keep their grades.
 */
export function publishCutScores(
  history: readonly PublishedCutScores[],
  draft: CutScoreDraft,
  by: string,
  at: Instant,
): PublishedCutScores {
  assertNoViolations('The cut scores cannot be published', [
    ...validateCuts(draft.grades, draft.cuts),
    ...(by ? [] : [{ path: '/by', message: 'the standards manager publishing is required' }]),
  ]);
  const mine = history.filter((h) => h.moduleId === draft.moduleId);
  const latest = mine.reduce<PublishedCutScores | null>((a, h) => (a === null || h.version > a.version ? h : a), null);
  const publishedAt = isoInstant(at);
  if (latest && epochMs(publishedAt) < epochMs(latest.publishedAt)) {
    throw new RuleConflictError('A newer version is already published', [
      { path: '/at', message: `version ${latest.version} was published at ${latest.publishedAt}, after this one` },
    ]);
  }
  return Object.freeze({
    moduleId: draft.moduleId, version: (latest?.version ?? 0) + 1, status: 'published' as const, rp: draft.rp,
    method: draft.method, grades: draft.grades, cuts: draft.cuts, proposed: draft.proposed,
    adjustments: draft.adjustments, publishedAt, publishedBy: by, supersedes: latest?.version ?? null,
  });
}

/** The version that grades a result sat at `at`: the latest published at or before it. */
export function cutScoresInForce(
  history: readonly PublishedCutScores[],
  moduleId: string,
  at: Instant,
): PublishedCutScores | null {
  const t = epochMs(at);
  let best: PublishedCutScores | null = null;
  for (const h of history) {
    if (h.moduleId !== moduleId || epochMs(h.publishedAt) > t) continue;
    if (best === null || h.version > best.version) best = h;
  }
  return best;
}

/** The exact version a stored result names; never a later one. */
export function cutScoresOf(history: readonly PublishedCutScores[], ref: CutScoreReference): PublishedCutScores {
  const found = history.find((h) => h.moduleId === ref.moduleId && h.version === ref.version);
  if (!found) {
    assertNoViolations('Unknown cut-score version', [
      { path: '/cutScores', message: `module ${ref.moduleId} has no published version ${ref.version}` },
    ]);
  }
  return found as PublishedCutScores;
}

/** The band θ falls in: 0 below the first cut; θ exactly at a cut earns the higher grade (the engine's bandOf). */
export const gradeIndex: (theta: number, cuts: readonly number[]) => number = bandOf;

/**
 * Cut scores as a module file publishes them (item-bank/schemas/module.schema.json `cutScores`:
 * the grade below the lowest boundary, then each boundary's grade and lowest θ) in the form
 * the grading rules take.
 */
export function gradeCutsFromBoundaries(
  moduleId: string,
  published: { version: number | string; belowLowest: string; boundaries: readonly { grade: string; theta: number }[] },
): GradeCuts {
  const cuts: GradeCuts = {
    moduleId, version: published.version,
    grades: [published.belowLowest, ...published.boundaries.map((b) => b.grade)],
    cuts: published.boundaries.map((b) => b.theta),
  };
  assertNoViolations('The cut scores are not valid', validateCuts(cuts.grades, cuts.cuts));
  return cuts;
}

export function gradeFromTheta(theta: number, cuts: GradeCuts): string {
  assertNoViolations('The cut scores are not valid', validateCuts(cuts.grades, cuts.cuts));
  return cuts.grades[gradeIndex(theta, cuts.cuts)];
}

/**
 * P(θ in each grade's band | responses), from the posterior on its grid (bandProbabilities
 * interpolates within the grid cell a cut falls in).
 */
export function gradeProbabilities(posterior: Posterior, cuts: GradeCuts): { grade: string; probability: number }[] {
  assertNoViolations('The cut scores are not valid', validateCuts(cuts.grades, cuts.cuts));
  return bandProbabilities(posterior, cuts.cuts).map((probability, i) => ({ grade: cuts.grades[i], probability }));
}
