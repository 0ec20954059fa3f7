/**
 * First-start content load: when the database holds no modules, write the item bank read by
 * readItemBank. All or nothing without multi-document transactions: everything is checked
 * before the first write, and if a write still fails the documents already written are removed.
 */
import type { Logger } from 'pino';
import { Types } from 'mongoose';
import { AssessmentModule, ItemVersion } from '../db/models';
import { readItemBank } from './itemBankContent';

export async function loadItemBankIfEmpty(root: string, logger: Logger): Promise<{ loaded: boolean; modules: number; items: number }> {
  if (await AssessmentModule.exists({})) return { loaded: false, modules: 0, items: 0 };
  const content = readItemBank(root);
  // Ids chosen up front, so a failed write can be undone exactly, however far it got.
  const items = content.items.map((item) => ({
    _id: new Types.ObjectId(), itemId: item.id, version: item.version, status: item.status, document: item,
  }));
  const modules = content.modules.map((module) => ({
    _id: new Types.ObjectId(), moduleId: module.id, version: module.version, title: module.title, subject: module.subject, definition: module,
  }));
  try {
    // Items before modules, so a module is never visible without its items.
    await ItemVersion.insertMany(items);
    await AssessmentModule.insertMany(modules);
  } catch (error) {
    await AssessmentModule.deleteMany({ _id: { $in: modules.map((m) => m._id) } });
    await ItemVersion.deleteMany({ _id: { $in: items.map((i) => i._id) } });
    throw error;
  }
  logger.info({ modules: content.modules.length, items: content.items.length }, 'loaded the item bank into an empty database');
  return { loaded: true, modules: content.modules.length, items: content.items.length };
}
