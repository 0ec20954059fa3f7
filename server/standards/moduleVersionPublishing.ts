/**
 * Publishing a new version of a module definition (the standards manager's "publish content"):
 * all or nothing. The definition is checked against item-bank/schemas/module.schema.json, must
 * be the next version of an existing module, may list only live items, and must start an
 * adaptive test (the engine's own check of configuration, bank and blueprint). Cut scores are
 * not changed here: they move only through standard setting (cutScorePublishing.ts), which
 * records the reason; a definition whose cutScores differ from the version in force is refused.
 * Criteria statements left out are filled in from the previous version.
 */
import { beginAdaptiveTest, compileModuleBank, moduleEngineConfig } from '../assessment/adaptiveEngine';
import type { CanDoCriterion, ModuleDefinition } from '../content/moduleDefinition';
import { markContentPublished } from '../content/publishedContentCache';
import { AssessmentModule } from '../db/models';
import type { Principal } from '../http/auth/authSessions';
import { ApiError, validationFailed, type ErrorDetail } from '../http/apiError';
import { validateAgainstSchema } from '../schemas/schemaRegistry';
import { latestModule, liveItemsOf } from './publishedModules';

export async function publishModuleVersion(
  _principal: Principal, moduleId: string, candidate: Record<string, unknown>,
): Promise<{ moduleId: string; version: number }> {
  const previous = await latestModule(moduleId);
  const byId = new Map(previous.definition.criteria.map((c) => [c.id, c]));
  // Statements come from the published criteria; a body may name criteria by id alone.
  const criteria = Array.isArray(candidate.criteria)
    ? (candidate.criteria as Partial<CanDoCriterion>[]).map((c) => (c && typeof c === 'object' && c.statement === undefined && c.id && byId.has(c.id)
      ? { ...c, statement: byId.get(c.id)!.statement, ...(byId.get(c.id)!.grade !== undefined && c.grade === undefined ? { grade: byId.get(c.id)!.grade } : {}) }
      : c))
    : candidate.criteria;
  const definition = { ...candidate, criteria } as unknown as ModuleDefinition;
  const schemaProblems = validateAgainstSchema('module', definition);
  if (schemaProblems.length > 0) throw validationFailed('The module definition is not valid.', schemaProblems.map((d) => ({ path: `/definition${d.path}`, message: d.message })));

  const details: ErrorDetail[] = [];
  if (definition.id !== moduleId) details.push({ path: '/definition/id', message: `must be "${moduleId}", the module being published` });
  if (definition.version !== previous.version + 1) {
    throw new ApiError('CONFLICT', `The next version of "${moduleId}" is ${previous.version + 1}.`, [
      { path: '/definition/version', message: `must be ${previous.version + 1} (version ${previous.version} is the newest)` },
    ]);
  }
  if (JSON.stringify(definition.cutScores) !== JSON.stringify(previous.definition.cutScores)) {
    details.push({ path: '/definition/cutScores', message: 'cut scores change only through standard setting, where each change is recorded with its reason; keep the published cut scores here' });
  }
  const items = await liveItemsOf(definition);
  const live = new Set(items.map((item) => item.id));
  definition.items.forEach((id, i) => {
    if (!live.has(id)) details.push({ path: `/definition/items/${i}`, message: `there is no live item "${id}"` });
  });
  const criterionIds = new Set(definition.criteria.map((c) => c.id));
  for (const item of items) {
    if (!item.criteria.some((c) => criterionIds.has(c))) {
      details.push({ path: '/definition/criteria', message: `item ${item.id} evidences none of the module's criteria (${item.criteria.join(', ')})` });
    }
  }
  if (details.length === 0) {
    const configured = moduleEngineConfig(definition);
    if (!configured.ok) {
      details.push(...configured.errors.map((e) => ({ path: `/definition/adaptive${e.path.startsWith('/') || e.path === '' ? '' : '/'}${e.path}`, message: e.message })));
    } else {
      try {
        beginAdaptiveTest(compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria }))), configured.config, 1);
      } catch (error) {
        details.push({ path: '/definition/items', message: (error as Error).message });
      }
    }
  }
  if (details.length > 0) throw validationFailed('The module definition cannot be published.', details);
  try {
    await AssessmentModule.create({ moduleId, version: definition.version, title: definition.title, subject: definition.subject, definition });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', `Version ${definition.version} of "${moduleId}" was published just now.`);
    throw error;
  }
  // New sittings start on the new version at once rather than when other processes next check (publishedContentCache.ts).
  await markContentPublished();
  return { moduleId, version: definition.version };
}
