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
import { newestById } from '../content/newestVersions';

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
  return [...newestById(all, (m) => m.moduleId).values()].sort((x, y) => x.title.localeCompare(y.title));
}

/** The newest live version of each item the module lists (what a sitting starting now would draw on). */
export async function liveItemsOf(definition: ModuleDefinition): Promise<ItemDocument[]> {
  const rows = await ItemVersion.find({ itemId: { $in: definition.items }, status: 'live' }).lean();
  const newest = newestById(rows, (row) => row.itemId);
  return definition.items.flatMap((id) => (newest.has(id) ? [newest.get(id)!.document as ItemDocument] : []));
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
  const newest = newestById(tagged.filter((row) => !listedIds.has(row.itemId)), (row) => row.itemId);
  const calibrated = [...newest.values()].map((row) => row.document as ItemDocument).filter((d) => !hasProvisionalParameters(d)).sort((x, y) => (x.id < y.id ? -1 : 1));
  return [...listed, ...calibrated];
}
