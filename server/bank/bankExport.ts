/**
 * The bank's own JSON transfer format, `{ "format": "waymark-bank", "version": 1, "items": [...] }`
 * (item-bank/schemas/bank-export.schema.json). Whole item documents, keys included: this is a
 * staff export and the route serving it is staff-only. Reading is all or nothing: every item is
 * checked like any other item (validateItemDocument), every problem is reported with its path,
 * and one bad item means no items.
 */
import { validateAgainstSchema } from '../schemas/schemaRegistry';
import type { ValidationDetail } from '../schemas/validationDetail';
import type { ItemDocument } from '../scoring/itemDocument';
import { validateItemDocument } from '../scoring/validateItemDocument';

export const BANK_EXPORT_FORMAT = 'waymark-bank';
export const BANK_EXPORT_VERSION = 1;

export interface BankExport {
  format: typeof BANK_EXPORT_FORMAT;
  version: typeof BANK_EXPORT_VERSION;
  /** ISO date-time, passed in by the caller (the pure core has no clock). */
  exportedAt?: string;
  items: ItemDocument[];
}

export type BankImportResult = { ok: true; items: ItemDocument[] } | { ok: false; errors: ValidationDetail[] };

/** At most this many problems are listed: a wrong file could otherwise produce thousands. */
export const MAX_REPORTED_ERRORS = 200;

/** The export document for `items`; database ids are left out (they mean nothing elsewhere). */
export function writeBankExport(items: readonly ItemDocument[], options: { exportedAt?: string } = {}): BankExport {
  return {
    format: BANK_EXPORT_FORMAT,
    version: BANK_EXPORT_VERSION,
    ...(options.exportedAt ? { exportedAt: options.exportedAt } : {}),
    items: items.map((item) => {
      const { _id: _databaseId, ...document } = item as ItemDocument & { _id?: unknown };
      return document;
    }),
  };
}

/** Reads an export (the parsed JSON, or its text); every problem, or every item. */
export function readBankExport(json: unknown): BankImportResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (error) {
      return { ok: false, errors: [{ path: '', message: `The file is not valid JSON (${(error as Error).message}).` }] };
    }
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (record && record.format === BANK_EXPORT_FORMAT && typeof record.version === 'number' && record.version !== BANK_EXPORT_VERSION) {
    return { ok: false, errors: [{ path: '/version', message: `This export is format version ${record.version}; this Waymark reads version ${BANK_EXPORT_VERSION}.` }] };
  }
  // The envelope first, then each item on its own, so every bad item is reported (not only the schema's first failures).
  const envelope = record && Array.isArray(record.items) ? { ...record, items: [] } : value;
  const envelopeErrors = validateAgainstSchema('bank-export', envelope);
  if (record && Array.isArray(record.items) && record.items.length > 10000) envelopeErrors.push({ path: '/items', message: 'An export can hold at most 10,000 items.' });
  if (envelopeErrors.length > 0) return { ok: false, errors: envelopeErrors.slice(0, MAX_REPORTED_ERRORS) };
  const items = (value as BankExport).items;
  const errors: ValidationDetail[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    for (const detail of validateItemDocument(item)) errors.push({ path: `/items/${index}${detail.path}`, message: detail.message });
    const key = `${item.id}@${item.version}`;
    const first = seen.get(key);
    if (first !== undefined) errors.push({ path: `/items/${index}/id`, message: `Item ${item.id} version ${item.version} is already entry ${first + 1}.` });
    else seen.set(key, index);
  });
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS) } : { ok: true, items };
}
