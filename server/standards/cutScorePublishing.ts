/**
 * Publishing a module's cut scores: the manager's cuts are checked against the item-mapping
 * proposal (every moved cut needs its reason), validated by the pure rules
 * (server/grading/cutScores.ts: one cut per boundary, strictly inside (−6, 6), strictly
 * increasing), and written as a NEW MODULE VERSION whose cutScores carry a new label, plus a
 * decision record (who, when, why, every adjustment). Sessions freeze the module version they
 * started on and their results record the cut-score label, so nothing already graded changes.
 *
 * No multi-document transactions (FerretDB): the decision is inserted first — its unique
 * (moduleId, version) index makes a concurrent second publish fail there — then the module
 * version; if that fails the decision is removed again.
 */
import type { Principal } from '../http/auth/authSessions';
import { ApiError, validationFailed, type ErrorDetail } from '../http/apiError';
import { markContentPublished } from '../content/publishedContentCache';
import { AssessmentModule } from '../db/models';
import { CutScoreDecision, type CutScoreDecisionRecord } from '../db/models/cutScoreDecision';
import {
  adjustCut, draftCutScores, publishCutScores, validateCuts, DEFAULT_RESPONSE_PROBABILITY, type PublishedCutScores,
} from '../grading/cutScores';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { validateAgainstSchema } from '../schemas/schemaRegistry';
import { latestModule, scoredItemsOf } from './publishedModules';
import { ruleErrorAsApiError } from './ruleErrors';
import { cutScoreDecisions, gradesOf, proposalFor } from './standardSetting';

export interface PublishCutScoresBody {
  basedOnVersion: number;
  rp?: number;
  reason: string;
  cuts: { grade: string; theta: number; reason?: string }[];
}

/** A cut the manager left where item mapping put it. */
const UNCHANGED = 1e-9;

function historyOf(decisions: readonly CutScoreDecisionRecord[]): PublishedCutScores[] {
  return decisions.map((d) => ({
    moduleId: d.moduleId, version: d.version, status: 'published', rp: d.rp, method: 'item-mapping', grades: d.grades, cuts: d.cuts,
    proposed: d.proposed.map((x) => x ?? Number.NaN), adjustments: d.adjustments.map((a) => ({ ...a, from: a.from ?? Number.NaN })),
    publishedAt: new Date(d.publishedAt).toISOString(), publishedBy: d.publishedBy, supersedes: d.supersedes,
  }));
}

export function cutScoreLabel(moduleId: string, version: number, at: Date): string {
  return `${moduleId}-cuts-v${version}-${at.toISOString().slice(0, 10)}`;
}

export async function publishModuleCutScores(
  principal: Principal, moduleId: string, body: PublishCutScoresBody, at: Date,
): Promise<{ decision: CutScoreDecisionRecord; moduleVersion: number }> {
  const latest = await latestModule(moduleId);
  if (latest.version !== body.basedOnVersion) {
    throw new ApiError('CONFLICT', `Module "${moduleId}" has changed since you reviewed it (now version ${latest.version}); reload and review again.`, [
      { path: '/basedOnVersion', message: `the newest version is ${latest.version}` },
    ]);
  }
  const definition = latest.definition;
  const grades = gradesOf(definition);
  const boundaryGrades = grades.slice(1);
  const details: ErrorDetail[] = [];
  if (body.cuts.length !== boundaryGrades.length || body.cuts.some((c, i) => c.grade !== boundaryGrades[i])) {
    throw validationFailed('The cut scores do not match the module’s grades.', [
      { path: '/cuts', message: `give one cut for each grade boundary, in order: ${boundaryGrades.join(', ')}` },
    ]);
  }
  // Order and range first, naming the boundary (the pure rule's /cuts/i paths).
  for (const v of validateCuts(grades, body.cuts.map((c) => c.theta))) details.push({ path: `${v.path}/theta`, message: v.message });

  const proposal = proposalFor(definition, await scoredItemsOf(moduleId, definition), body.rp ?? DEFAULT_RESPONSE_PROBABILITY);
  let draft = draftCutScores(moduleId, proposal);
  const by = principal.userId;
  body.cuts.forEach((cut, i) => {
    const proposed = draft.proposed[i];
    if (Number.isFinite(proposed) && Math.abs(cut.theta - proposed) <= UNCHANGED) return;
    if (!cut.reason || cut.reason.trim().length < 10) {
      details.push({ path: `/cuts/${i}/reason`, message: `the cut for grade ${cut.grade} moves from the item-mapping proposal: say why (at least 10 characters)` });
    }
  });
  if (details.length > 0) throw validationFailed('The cut scores cannot be published.', details);

  try {
    body.cuts.forEach((cut, i) => {
      const proposed = draft.proposed[i];
      if (Number.isFinite(proposed) && Math.abs(cut.theta - proposed) <= UNCHANGED) return;
      draft = adjustCut(draft, { grade: cut.grade, theta: cut.theta, reason: cut.reason ?? '', by, at: at.toISOString() });
    });
  } catch (error) {
    throw ruleErrorAsApiError(error, '/cuts');
  }
  const previous = await cutScoreDecisions(moduleId);
  let published: PublishedCutScores;
  try {
    published = publishCutScores(historyOf(previous), draft, by, at.toISOString());
  } catch (error) {
    throw ruleErrorAsApiError(error);
  }

  const label = cutScoreLabel(moduleId, published.version, at);
  const newDefinition: ModuleDefinition = {
    ...definition,
    version: latest.version + 1,
    cutScores: {
      version: label, provisional: false, belowLowest: grades[0],
      boundaries: boundaryGrades.map((grade, i) => ({ grade, theta: published.cuts[i] })),
    },
  };
  const schemaProblems = validateAgainstSchema('module', newDefinition);
  if (schemaProblems.length > 0) throw validationFailed('The new module version would not be valid.', schemaProblems);

  const decision: CutScoreDecisionRecord = {
    moduleId, version: published.version, label, moduleVersion: newDefinition.version, basedOnModuleVersion: latest.version,
    rp: published.rp, method: published.method, grades: [...published.grades], cuts: [...published.cuts],
    proposed: published.proposed.map((x) => (Number.isFinite(x) ? x : null)),
    adjustments: published.adjustments.map((a) => ({ ...a, from: Number.isFinite(a.from) ? a.from : null })),
    reason: body.reason.trim(), publishedAt: at, publishedBy: by, publishedByName: principal.name, supersedes: published.supersedes,
  };
  let written;
  try {
    written = await CutScoreDecision.create(decision);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', 'Someone else published cut scores for this module just now; reload and review again.');
    throw error;
  }
  try {
    await AssessmentModule.create({
      moduleId, version: newDefinition.version, title: newDefinition.title, subject: newDefinition.subject, definition: newDefinition,
    });
  } catch (error) {
    await CutScoreDecision.deleteOne({ _id: written._id });
    if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', `Module "${moduleId}" gained a new version just now; reload and review again.`);
    throw error;
  }
  // New sittings start on the new version at once rather than when other processes next check (publishedContentCache.ts).
  await markContentPublished();
  return { decision, moduleVersion: newDefinition.version };
}
