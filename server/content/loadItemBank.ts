/**
 * Loads the content under item-bank/ into the database: every subject, item and module version
 * (by id + version) that is not there yet. A version already stored is never overwritten, so
 * loading twice writes nothing. As when a reviewer publishes (server/bank), a new live item
 * version retires the older live ones, and the bank's audit trail records both. All or nothing
 * per run without multi-document transactions: everything is read and checked before the first
 * write, and if a write still fails everything this run wrote or retired is put back.
 */
import { markContentPublished } from '../content/publishedContentCache';
import type { Logger } from 'pino';
import { Types } from 'mongoose';
import { AssessmentModule, BankAudit, ItemVersion, SubjectVersion } from '../db/models';
import { readItemBank } from './itemBankContent';

export interface ContentLoadResult {
  /** Versions written by this run. */
  subjects: number;
  modules: number;
  items: number;
  /** Modules with no version in the database before this run (to be assigned where every module is). */
  newModuleIds: string[];
  /** Older live item versions this run retired, as "id@version". */
  retired: string[];
}

/** Who the audit trail names for content loaded from the repository. */
export const ITEM_BANK_ACTOR = { actorId: 'item-bank', actorName: 'Item bank (repository content)' };

const versionKey = (id: string, version: number): string => `${id}@${version}`;

export async function loadItemBank(root: string, logger: Logger): Promise<ContentLoadResult> {
  const content = readItemBank(root);

  const [storedSubjects, storedModules, storedItems] = await Promise.all([
    SubjectVersion.find({}, { subjectId: 1, version: 1 }).lean(),
    AssessmentModule.find({}, { moduleId: 1, version: 1 }).lean(),
    ItemVersion.find({ itemId: { $in: [...new Set(content.items.map((item) => item.id))] } }, { itemId: 1, version: 1, status: 1 }).lean(),
  ]);
  const subjectKeys = new Set(storedSubjects.map((s) => versionKey(s.subjectId, s.version)));
  const moduleKeys = new Set(storedModules.map((m) => versionKey(m.moduleId, m.version)));
  const knownModules = new Set(storedModules.map((m) => m.moduleId));
  const itemKeys = new Set(storedItems.map((i) => versionKey(i.itemId, i.version)));

  // Ids chosen up front, so a failed write can be undone exactly, however far it got.
  const subjects = content.subjects.filter((s) => !subjectKeys.has(versionKey(s.id, s.version))).map((subject) => ({
    _id: new Types.ObjectId(), subjectId: subject.id, version: subject.version, definition: subject,
  }));
  const items = content.items.filter((item) => !itemKeys.has(versionKey(item.id, item.version))).map((item) => ({
    _id: new Types.ObjectId(), itemId: item.id, version: item.version, status: item.status, document: item,
  }));
  const modules = content.modules.filter((m) => !moduleKeys.has(versionKey(m.id, m.version))).map((module) => ({
    _id: new Types.ObjectId(), moduleId: module.id, version: module.version, title: module.title, subject: module.subject, definition: module,
  }));
  const newModuleIds = [...new Set(modules.map((m) => m.moduleId).filter((id) => !knownModules.has(id)))].sort();
  if (subjects.length + items.length + modules.length === 0) {
    return { subjects: 0, modules: 0, items: 0, newModuleIds, retired: [] };
  }
  const newestLive = new Map<string, number>();
  for (const item of items) if (item.status === 'live') newestLive.set(item.itemId, Math.max(newestLive.get(item.itemId) ?? 0, item.version));
  const superseded = storedItems.filter((row) => row.status === 'live' && row.version < (newestLive.get(row.itemId) ?? 0));
  const at = new Date();
  const auditEntries = [
    ...items.map((item) => ({
      _id: new Types.ObjectId(), itemId: item.itemId, version: item.version, action: 'import', ...ITEM_BANK_ACTOR, at,
      fromStatus: null, toStatus: item.status, comment: 'loaded from item-bank/',
    })),
    ...superseded.map((row) => ({
      _id: new Types.ObjectId(), itemId: row.itemId, version: row.version, action: 'retire', ...ITEM_BANK_ACTOR, at,
      fromStatus: 'live', toStatus: 'retired', comment: `superseded by version ${newestLive.get(row.itemId)!} from item-bank/`,
    })),
  ];

  try {
    // Criteria, then items, then modules: a module is never visible without its criteria and items.
    if (subjects.length > 0) await SubjectVersion.insertMany(subjects);
    if (items.length > 0) await ItemVersion.insertMany(items);
    if (modules.length > 0) await AssessmentModule.insertMany(modules);
    if (superseded.length > 0) {
      await ItemVersion.updateMany({ _id: { $in: superseded.map((row) => row._id) } }, { $set: { status: 'retired', 'document.status': 'retired' } });
    }
    if (auditEntries.length > 0) await BankAudit.insertMany(auditEntries);
    if (items.length > 0 || modules.length > 0) await markContentPublished();
  } catch (error) {
    await BankAudit.deleteMany({ _id: { $in: auditEntries.map((e) => e._id) } });
    if (superseded.length > 0) {
      await ItemVersion.updateMany({ _id: { $in: superseded.map((row) => row._id) } }, { $set: { status: 'live', 'document.status': 'live' } });
    }
    await AssessmentModule.deleteMany({ _id: { $in: modules.map((m) => m._id) } });
    await ItemVersion.deleteMany({ _id: { $in: items.map((i) => i._id) } });
    await SubjectVersion.deleteMany({ _id: { $in: subjects.map((s) => s._id) } });
    throw error;
  }
  const result = {
    subjects: subjects.length, modules: modules.length, items: items.length, newModuleIds,
    retired: superseded.map((row) => `${row.itemId}@${row.version}`),
  };
  logger.info(result, 'loaded new content versions from the item bank');
  return result;
}

/** The first-start load: only when the database holds no modules at all. */
export async function loadItemBankIfEmpty(root: string, logger: Logger): Promise<{ loaded: boolean; modules: number; items: number }> {
  if (await AssessmentModule.exists({})) return { loaded: false, modules: 0, items: 0 };
  const result = await loadItemBank(root, logger);
  return { loaded: true, modules: result.modules, items: result.items };
}
