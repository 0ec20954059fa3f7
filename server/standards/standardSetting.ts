/**
 * The standards manager's view of a module's cut scores: the item-mapping proposal (pure rule
 * in server/grading/cutScores.ts), the item map, the cuts in force and the audit list of past
 * decisions. Publishing lives in cutScorePublishing.ts.
 */
import { compileModuleBank } from '../assessment/adaptiveEngine';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { CutScoreDecision, type CutScoreDecisionRecord } from '../db/models/cutScoreDecision';
import { DEFAULT_RESPONSE_PROBABILITY, proposeCutScores, type CutScoreProposal, type GradeCriterion } from '../grading/cutScores';
import type { ItemDocument } from '../scoring/itemDocument';
import { latestModule, scoredItemsOf } from './publishedModules';

export interface ItemMapMark {
  itemId: string;
  /** θ at which the item alone reaches the response probability (null when it cannot inside ±6). */
  theta: number | null;
  position: string;
  criteria: string[];
  grades: string[];
  /** Where the parameters come from: 'provisional' judgement or 'calibrated' from responses. */
  source: string;
}

export interface ProposedCut {
  grade: string;
  /** null when no item evidences the grade or the items cannot reach RP inside the bounds. */
  theta: number | null;
  position: string;
  criteria: string[];
  itemIds: string[];
}

export interface StandardSettingView {
  module: { id: string; version: number; title: string };
  rp: number;
  grades: string[];
  proposed: ProposedCut[];
  itemMap: ItemMapMark[];
  /** What stops the proposal being published unchanged. */
  violations: { path: string; message: string }[];
  published: ModuleDefinition['cutScores'];
  /** The module's criteria that carry no grade, so cannot place a cut. */
  ungradedCriteria: string[];
  decisions: CutScoreDecisionRecord[];
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The grades of a module, lowest first, as its published cut scores name them. */
export function gradesOf(definition: ModuleDefinition): string[] {
  return [definition.cutScores.belowLowest, ...definition.cutScores.boundaries.map((b) => b.grade)];
}

/** The module's criteria the item-mapping rule can use: those whose grade has a lower boundary. */
export function gradedCriteria(definition: ModuleDefinition): GradeCriterion[] {
  const withBoundary = new Set(gradesOf(definition).slice(1));
  return definition.criteria.flatMap((c) => (c.grade !== undefined && withBoundary.has(c.grade) ? [{ id: c.id, grade: c.grade, statement: c.statement }] : []));
}

/** The item-mapping proposal for a module version and its live items. */
export function proposalFor(definition: ModuleDefinition, items: readonly ItemDocument[], rp: number): CutScoreProposal {
  const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria })));
  return proposeCutScores({ bank, grades: gradesOf(definition), criteria: gradedCriteria(definition), documents: items, rp });
}

export async function cutScoreDecisions(moduleId: string): Promise<CutScoreDecisionRecord[]> {
  return CutScoreDecision.find({ moduleId }, { _id: 0, __v: 0 }).sort({ version: 1 }).lean<CutScoreDecisionRecord[]>();
}

export async function standardSettingView(moduleId: string, rp = DEFAULT_RESPONSE_PROBABILITY): Promise<StandardSettingView> {
  const module = await latestModule(moduleId);
  const definition = module.definition;
  const items = await scoredItemsOf(module.moduleId, definition);
  const proposal = proposalFor(definition, items, rp);
  const sourceOf = new Map(items.map((item) => [item.id, item.parameters.source?.kind ?? 'provisional']));
  const grades = new Set(gradesOf(definition).slice(1));
  return {
    module: { id: module.moduleId, version: module.version, title: module.title },
    rp: proposal.rp,
    grades: proposal.grades,
    proposed: proposal.boundaries.map((b) => ({
      grade: b.grade, theta: finiteOrNull(b.theta), position: b.location, criteria: b.criteria, itemIds: b.itemIds,
    })),
    itemMap: proposal.itemMap.map((entry) => ({
      itemId: entry.itemId, theta: finiteOrNull(entry.location.theta), position: entry.location.position,
      criteria: entry.criteria, grades: entry.grades, source: sourceOf.get(entry.itemId) ?? 'provisional',
    })),
    violations: proposal.violations,
    published: definition.cutScores,
    ungradedCriteria: definition.criteria.filter((c) => c.grade === undefined || !grades.has(c.grade)).map((c) => c.id),
    decisions: await cutScoreDecisions(moduleId),
  };
}
