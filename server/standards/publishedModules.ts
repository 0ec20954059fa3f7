/**
 * Reading published content for the standards manager: the newest version of each module and
 * the live items it draws on. Read-only; writes go through cutScorePublishing.ts and
 * moduleVersionPublishing.ts.
 */
import { ApiError } from '../http/apiError';
import { AssessmentModule, ItemVersion } from '../db/models';
import type { AssessmentModuleRecord } from '../db/models/assessmentModule';
import type { ModuleDefinition } from '../content/moduleDefinition';
import type { ItemDocument } from '../scoring/itemDocument';
import { hasProvisionalParameters } from '../bank/itemModules';

export async function latestModule(moduleId: string): Promise<AssessmentModuleRecord> {
  const found = await AssessmentModule.findOne({ moduleId }).sort({ version: -1 }).lean<AssessmentModuleRecord>();
  if (!found) throw new ApiError('NOT_FOUND', `There is no module "${moduleId}".`);
  return found;
}

export async function moduleVersion(moduleId: string, version: number): Promise<AssessmentModuleRecord> {
  const found = await AssessmentModule.findOne({ moduleId, version }).lean<AssessmentModuleRecord>();
  if (!found) throw new ApiError('NOT_FOUND', `Module "${moduleId}" has no version ${version}.`);
  return found;
}

/** The newest version of every module, by title. */
export async function latestModules(): Promise<AssessmentModuleRecord[]> {
  const all = await AssessmentModule.find({}).lean<AssessmentModuleRecord[]>();
  const newest = new Map<string, AssessmentModuleRecord>();
  for (const m of all) if ((newest.get(m.moduleId)?.version ?? 0) < m.version) newest.set(m.moduleId, m);
  return [...newest.values()].sort((x, y) => x.title.localeCompare(y.title));
}

/** The newest live version of each item the module lists (what a sitting starting now would draw on). */
export async function liveItemsOf(definition: ModuleDefinition): Promise<ItemDocument[]> {
  const rows = await ItemVersion.find({ itemId: { $in: definition.items }, status: 'live' }).lean();
  const newest = new Map<string, { version: number; document: ItemDocument }>();
  for (const row of rows) {
    if ((newest.get(row.itemId)?.version ?? 0) < row.version) newest.set(row.itemId, { version: row.version, document: row.document as ItemDocument });
  }
  return definition.items.flatMap((id) => (newest.has(id) ? [newest.get(id)!.document] : []));
}

/**
 * The items that grade a sitting starting now: the listed live items plus live items tagged to
 * the module whose parameters are no longer provisional (server/assessment/moduleContent.ts
 * builds the pool the same way; tagged items still provisional are unscored pretest items).
 */
export async function scoredItemsOf(moduleId: string, definition: ModuleDefinition): Promise<ItemDocument[]> {
  const listed = await liveItemsOf(definition);
  const listedIds = new Set(definition.items);
  const tagged = await ItemVersion.find({ status: 'live', $or: [{ 'document.modules': moduleId }, { 'document.tags.modules': moduleId }] }).lean();
  const newest = new Map<string, { version: number; document: ItemDocument }>();
  for (const row of tagged) {
    if (listedIds.has(row.itemId)) continue;
    if ((newest.get(row.itemId)?.version ?? 0) < row.version) newest.set(row.itemId, { version: row.version, document: row.document as ItemDocument });
  }
  const calibrated = [...newest.values()].map((v) => v.document).filter((d) => !hasProvisionalParameters(d)).sort((x, y) => (x.id < y.id ? -1 : 1));
  return [...listed, ...calibrated];
}
