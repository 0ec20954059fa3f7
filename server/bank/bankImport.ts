/**
 * Import into the bank, all or nothing: the upload is read and every item validated first (the
 * QTI engineer's importQti and readBankExport), then every item is checked against what is
 * stored, and only when nothing is wrong are all items written with ONE insertMany. FerretDB
 * has no multi-document transactions, so each row carries the import's id and a failed write
 * removes every row of that import again (and then reports the failure): nothing partial stays.
 * Imported items arrive as drafts by the importer: version 1 of a new item, or a new draft
 * version of an item already in the bank (its live version stays live), as the lifecycle says.
 */
import { randomUUID } from 'node:crypto';
import { BankAudit, ItemVersion } from '../db/models';
import { ApiError, validationFailed, type ErrorDetail } from '../http/apiError';
import type { Principal } from '../http/auth/authSessions';
import type { ItemDocument } from '../scoring/itemDocument';
import { validateItemDocument } from '../scoring/validateItemDocument';
import { pictureProblems } from './itemAssets';
import { readBankExport } from './bankExport';
import { planAction, type VersionState } from './itemLifecycle';
import { importQti } from './qti/importQti';

/** Largest upload: a QTI package of a few hundred items with images fits; the QTI reader has its own per-entry limits. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export interface ImportOutcome {
  importId: string;
  items: { itemId: string; version: number }[];
}

/** The items in an uploaded file: a Waymark bank export (JSON text) or QTI 3.0 (one item file or a content package). */
export function readUpload(fileName: string, bytes: Uint8Array, author: string): { ok: true; items: ItemDocument[] } | { ok: false; errors: ErrorDetail[] } {
  const firstByte = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  if (firstByte === 0x7b /* { */) {
    const read = readBankExport(Buffer.from(bytes).toString('utf8'));
    return read.ok ? read : { ok: false, errors: read.errors };
  }
  const read = importQti(fileName, bytes, { author, status: 'draft' });
  if (read.ok) return read;
  return { ok: false, errors: read.errors.map((e) => ({ path: e.path, message: `${e.file}: ${e.message}` })) };
}

/** Every item checked against the bank before anything is written; [] when all can be imported. */
async function plan(principal: Principal, items: readonly ItemDocument[]): Promise<{ errors: ErrorDetail[]; versions: number[] }> {
  const errors: ErrorDetail[] = [];
  const versions: number[] = [];
  const ids = items.map((item) => item.id);
  const stored = await ItemVersion.find({ itemId: { $in: ids } }, { itemId: 1, version: 1, status: 1, authorId: 1 }).lean();
  const byItem = new Map<string, VersionState[]>();
  for (const row of stored) {
    const list = byItem.get(row.itemId) ?? [];
    list.push({ version: row.version, status: row.status as VersionState['status'], authorId: row.authorId ?? undefined });
    byItem.set(row.itemId, list);
  }
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const earlier = seen.get(item.id);
    if (earlier !== undefined) errors.push({ path: `/items/${index}/id`, message: `The item "${item.id}" is in the upload twice (entries ${earlier + 1} and ${index + 1}); import one version of each item.` });
    seen.set(item.id, index);
    const existing = byItem.get(item.id) ?? [];
    if (existing.length === 0) {
      versions.push(1);
      return;
    }
    const edit = planAction(existing, 'edit', { userId: principal.userId, staffRoles: principal.staffRoles });
    if (edit.ok && edit.kind === 'new-version') versions.push(edit.version);
    else {
      versions.push(0);
      errors.push({ path: `/items/${index}/id`, message: `The bank already has "${item.id}" with a version being worked on; finish or return that version before importing another.` });
    }
  });
  return { errors, versions };
}

export async function importItems(principal: Principal, items: readonly ItemDocument[], now: Date): Promise<ImportOutcome> {
  if (!principal.staffRoles.includes('teacher')) throw new ApiError('FORBIDDEN', 'Only a teacher can import items.');
  if (items.length === 0) throw validationFailed('The upload has no items.', [{ path: '/items', message: 'There are no items to import.' }]);
  const { errors, versions } = await plan(principal, items);
  // A picture must already be in this bank: an export carries item documents, not their pictures.
  for (const [index, item] of items.entries()) {
    errors.push(...(await pictureProblems(item)).map((d) => ({ path: `/items/${index}${d.path}`, message: d.message })));
  }
  if (errors.length > 0) throw validationFailed('Nothing was imported: fix these problems and import again.', errors);

  const importId = randomUUID();
  const rows = items.map((item, index) => {
    const version = versions[index] as number;
    const { reviewers: _reviewers, ...rest } = item;
    const document = { ...rest, version, status: 'draft' as const, author: principal.name };
    return { itemId: item.id, version, status: 'draft', document, authorId: principal.userId, importId };
  });
  const invalid = rows.flatMap((row, index) => validateItemDocument(row.document).map((d) => ({ path: `/items/${index}${d.path}`, message: d.message })));
  if (invalid.length > 0) throw validationFailed('Nothing was imported: fix these problems and import again.', invalid);

  try {
    await ItemVersion.insertMany(rows, { ordered: true });
    await BankAudit.insertMany(rows.map((row) => ({
      itemId: row.itemId, version: row.version, action: 'import', actorId: principal.userId, actorName: principal.name, at: now,
      fromStatus: null, toStatus: 'draft', comment: `Imported (import ${importId}).`, importId,
    })));
  } catch (error) {
    // All or nothing without transactions: remove whatever this import managed to write.
    await ItemVersion.deleteMany({ importId });
    await BankAudit.deleteMany({ importId });
    if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', 'Someone changed one of these items while it was being imported; nothing was imported. Try again.');
    throw error;
  }
  return { importId, items: rows.map((row) => ({ itemId: row.itemId, version: row.version })) };
}
