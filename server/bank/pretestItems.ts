/**
 * Pretest items of a module and how many responses each has gathered, for the calibration
 * run (issue 7): a pretest item becomes eligible for calibration once it has at least
 * PRETEST_MIN_RESPONSES responses to its live version.
 */
import { AssessmentModule, ItemVersion, Response } from '../db/models';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { ApiError } from '../http/apiError';
import type { ItemDocument } from '../scoring/itemDocument';
import { pretestItemIdsOf } from '../assessment/moduleContent';

/**
 * 200 responses: the usual minimum for a stable 2PL estimate with fixed anchors (de Ayala 2009,
 * ch. 12, suggests a few hundred; with the ability distribution fixed by the anchors, 200 gives
 * SE(b) ≈ 0.15–0.2 for a mid-difficulty item of slope 1).
 */
export const PRETEST_MIN_RESPONSES = 200;

export interface PretestResponseCount {
  itemId: string;
  version: number;
  responses: number;
  eligible: boolean;
}

export function isEligibleForCalibration(responses: number, minimum = PRETEST_MIN_RESPONSES): boolean {
  return responses >= minimum;
}

/** The module's live pretest items with the number of stored responses to each one's live version. */
export async function pretestResponseCounts(moduleId: string, minimum = PRETEST_MIN_RESPONSES): Promise<PretestResponseCount[]> {
  const module = await AssessmentModule.findOne({ moduleId }).sort({ version: -1 }).lean();
  if (!module) throw new ApiError('NOT_FOUND', `There is no module "${moduleId}".`);
  const definition = module.definition as ModuleDefinition;
  const tagged = await ItemVersion.find({ status: 'live', $or: [{ 'document.modules': moduleId }, { 'document.tags.modules': moduleId }] }).lean();
  const documents = tagged.map((row) => row.document as ItemDocument);
  const pretest = new Set(pretestItemIdsOf(definition, documents));
  const rows = tagged.filter((row) => pretest.has(row.itemId));
  if (rows.length === 0) return [];
  const counts = await Response.aggregate<{ _id: { itemId: string; itemVersion: number }; n: number }>([
    { $match: { itemId: { $in: rows.map((r) => r.itemId) } } },
    { $group: { _id: { itemId: '$itemId', itemVersion: '$itemVersion' }, n: { $sum: 1 } } },
  ]);
  const byKey = new Map(counts.map((c) => [`${c._id.itemId}@${c._id.itemVersion}`, c.n]));
  return rows
    .map((row) => {
      const responses = byKey.get(`${row.itemId}@${row.version}`) ?? 0;
      return { itemId: row.itemId, version: row.version, responses, eligible: isEligibleForCalibration(responses, minimum) };
    })
    .sort((x, y) => x.itemId.localeCompare(y.itemId));
}
