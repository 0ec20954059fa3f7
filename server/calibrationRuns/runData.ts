/**
 * Choosing a run's data: the sittings of a module (optionally a date range of answers), their
 * responses joined to the exact item versions answered, and the pupils' groups for DIF. Each
 * (item, version) becomes one column:
 *
 * - calibration: live items the module lists (provisional-operational) and items with
 *   calibrated parameters are ANCHORS; other items answered in the module's sittings (pretest
 *   items) are FREE once they have `minResponses` responses (fewer: left out, with the count).
 * - drift: the module's live items are re-estimated one at a time against the rest; pretest
 *   items are left out (their provisional parameters are guesses, not a scale).
 */
import { Types } from 'mongoose';
import { AssessmentSession, ItemVersion, Pupil, Response } from '../db/models';
import type { ItemDocument } from '../scoring/itemDocument';
import type { AssessmentModuleRecord } from '../db/models/assessmentModule';
import { CalibrationRun, type CalibrationRunRecord } from '../db/models/calibrationRun';
import type { RunColumn, RunInput, RunKind, RunPerson } from './calibrationAnalysis';

export const DEFAULT_MIN_RESPONSES = 200;
export const DEFAULT_MIN_GROUP_SIZE = 100;

export interface RunOptions {
  kind: RunKind;
  moduleId: string;
  /** Only these items may be freed (calibration) or checked (drift); all eligible when absent. */
  itemIds?: string[];
  /** ISO dates (inclusive) bounding when the answers were given. */
  from?: string;
  to?: string;
  minResponses: number;
  /** A key of pupils' `groups` (e.g. "disadvantaged"): true = focal group, false = reference. */
  grouping?: string;
  minGroupSize: number;
}

export interface ExcludedItem {
  itemId: string;
  version: number;
  responses: number;
  reason: string;
}

function answeredAtRange(options: RunOptions): Record<string, Date> | undefined {
  const range: Record<string, Date> = {};
  if (options.from) range.$gte = new Date(options.from);
  if (options.to) range.$lte = options.to.length === 10 ? new Date(`${options.to}T23:59:59.999Z`) : new Date(options.to);
  return Object.keys(range).length > 0 ? range : undefined;
}

/** Standard errors recorded for item versions accepted by earlier runs: the drift test's yardstick. */
async function acceptedStandardErrors(moduleId: string): Promise<Map<string, Record<string, number | null>>> {
  const runs = await CalibrationRun.find({ moduleId, status: 'finished', 'decisions.0': { $exists: true } }).lean<CalibrationRunRecord[]>();
  const out = new Map<string, Record<string, number | null>>();
  for (const run of runs) {
    for (const d of run.decisions) {
      if (d.action !== 'accepted') continue;
      const item = run.outcome?.items.find((i) => i.itemId === d.itemId && i.version === d.version);
      if (item?.se) out.set(`${d.itemId}@${d.newVersion}`, item.se);
    }
  }
  return out;
}

export async function gatherRunInput(module: AssessmentModuleRecord, options: RunOptions): Promise<{ input: RunInput; excluded: ExcludedItem[] }> {
  const sessions = await AssessmentSession.find({ moduleId: module.moduleId }, { _id: 1, pupilId: 1 }).lean();
  const range = answeredAtRange(options);
  const responses = sessions.length === 0 ? [] : await Response.find(
    { sessionId: { $in: sessions.map((s) => s._id) }, ...(range ? { answeredAt: range } : {}) },
    { sessionId: 1, pupilId: 1, itemId: 1, itemVersion: 1, category: 1 },
  ).lean();

  const keys = [...new Set(responses.map((r) => `${r.itemId}@${r.itemVersion}`))];
  const itemIds = [...new Set(responses.map((r) => r.itemId))];
  const versions = itemIds.length === 0 ? [] : await ItemVersion.find({ itemId: { $in: itemIds } }, { itemId: 1, version: 1, status: 1, document: 1 }).lean();
  const byKey = new Map(versions.map((v) => [`${v.itemId}@${v.version}`, v]));
  const newestLive = new Map<string, number>();
  for (const v of versions) if (v.status === 'live') newestLive.set(v.itemId, Math.max(newestLive.get(v.itemId) ?? 0, v.version));
  const count = new Map<string, number>();
  for (const r of responses) count.set(`${r.itemId}@${r.itemVersion}`, (count.get(`${r.itemId}@${r.itemVersion}`) ?? 0) + 1);

  const operational = new Set(module.definition.items);
  const chosen = options.itemIds ? new Set(options.itemIds) : null;
  const previousSe = options.kind === 'drift' ? await acceptedStandardErrors(module.moduleId) : new Map<string, Record<string, number | null>>();
  const columns: RunColumn[] = [];
  const columnOf = new Map<string, number>();
  const excluded: ExcludedItem[] = [];
  for (const key of keys.sort()) {
    const row = byKey.get(key);
    const [itemId, versionText] = key.split('@');
    const version = Number(versionText);
    const responsesHere = count.get(key) ?? 0;
    if (!row) {
      excluded.push({ itemId, version, responses: responsesHere, reason: 'the answered item version is missing from the bank' });
      continue;
    }
    const document = row.document as ItemDocument;
    const calibrated = document.parameters.source?.kind === 'calibrated';
    const isAnchorItem = operational.has(itemId) || calibrated;
    const current = newestLive.get(itemId) === version;
    let role: RunColumn['role'];
    if (options.kind === 'calibration') {
      if (isAnchorItem) role = 'anchor';
      else if (!current) {
        excluded.push({ itemId, version, responses: responsesHere, reason: 'a newer version of this item is live (or it is no longer live)' });
        continue;
      } else if (chosen && !chosen.has(itemId)) {
        excluded.push({ itemId, version, responses: responsesHere, reason: 'not among the items chosen for this run' });
        continue;
      } else if (responsesHere < options.minResponses) {
        excluded.push({ itemId, version, responses: responsesHere, reason: `not yet eligible: ${responsesHere} of the ${options.minResponses} responses needed` });
        continue;
      } else role = 'free';
    } else {
      if (!isAnchorItem) {
        excluded.push({ itemId, version, responses: responsesHere, reason: 'a pretest item: calibrate it first' });
        continue;
      }
      // Checked items are re-estimated; the rest (other items, older versions) stay as anchors.
      role = current && (!chosen || chosen.has(itemId)) && responsesHere >= options.minResponses ? 'free' : 'anchor';
    }
    columnOf.set(key, columns.length);
    columns.push({
      itemId, version, role, parameters: document.parameters,
      ...(previousSe.has(key) ? { previousSe: previousSe.get(key) } : {}),
    });
  }

  const groupOf = new Map<string, RunPerson['group']>();
  if (options.grouping) {
    const pupilIds = [...new Set(sessions.map((s) => String(s.pupilId)))].map((id) => new Types.ObjectId(id));
    const pupils = pupilIds.length === 0 ? [] : await Pupil.find({ _id: { $in: pupilIds } }, { _id: 1, groups: 1 }).lean<{ _id: Types.ObjectId; groups?: Record<string, unknown> }[]>();
    for (const p of pupils) {
      const value = p.groups?.[options.grouping];
      // A pupil whose group is not recorded is left out of DIF rather than guessed.
      groupOf.set(String(p._id), value === true ? 'focal' : value === false ? 'reference' : null);
    }
  }
  const bySession = new Map<string, { pupilId: string; answers: [number, number][] }>();
  for (const r of responses) {
    const column = columnOf.get(`${r.itemId}@${r.itemVersion}`);
    if (column === undefined) continue;
    const key = String(r.sessionId);
    if (!bySession.has(key)) bySession.set(key, { pupilId: String(r.pupilId), answers: [] });
    bySession.get(key)!.answers.push([column, r.category]);
  }
  const persons: RunPerson[] = [...bySession.values()].map((s) => ({ answers: s.answers, group: groupOf.get(s.pupilId) ?? null }));
  return { input: { kind: options.kind, columns, persons, minGroupSize: options.minGroupSize }, excluded };
}
