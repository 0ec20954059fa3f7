/**
 * Import of QTI 3.0: one item file or a content package → Waymark items, all or nothing. Every
 * item is converted and then checked like any other item (validateItemDocument: schema, options,
 * the key marks as correct); the result lists every problem in every file, and a single bad item
 * means no items at all.
 */
import { validateItemDocument } from '../../scoring/validateItemDocument';
import type { AnswerSpec, ItemDocument, SingleAnswer } from '../../scoring/itemDocument';
import { keyValue } from '../../scoring/markNumeric';
import { equals } from '../../scoring/rational';
import { decodeUtf8, readQtiPackage, type PackagedItem } from './qtiPackage';
import { qtiItemToWaymark, type QtiImportDefaults } from './qtiItemToWaymark';
import { readXml } from './xmlTree';

export interface QtiImportError {
  /** The file in the upload (for a package, the file inside it). */
  file: string;
  /** Where: an XML element or attribute ("qti-assessment-item/qti-item-body/qti-choice-interaction"), or the Waymark field ("/answer/correct"). */
  path: string;
  message: string;
}

export type QtiImportResult = { ok: true; items: ItemDocument[] } | { ok: false; errors: QtiImportError[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameNumber(a: unknown, b: unknown): boolean {
  try {
    return (typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string') && equals(keyValue(a), keyValue(b));
  } catch {
    return false;
  }
}

/**
 * QTI gives the question and the key; a Waymark package adds what QTI cannot hold: notes on
 * anticipated answers and distractors, and a value's exact written form ("2 1/2" for 2.5).
 */
function mergeAnswer(fromQti: AnswerSpec, fromWaymark: unknown): AnswerSpec {
  if (!isRecord(fromWaymark) || fromWaymark.type !== fromQti.type) return fromQti;
  if (fromQti.type === 'multi-part') {
    const parts = isRecord(fromWaymark.parts) ? fromWaymark.parts : {};
    return { type: 'multi-part', parts: Object.fromEntries(Object.entries(fromQti.parts).map(([id, part]) => [id, mergeAnswer(part, parts[id]) as SingleAnswer])) };
  }
  const merged: Record<string, unknown> = { ...fromQti };
  if (fromWaymark.optionNotes !== undefined) merged.optionNotes = fromWaymark.optionNotes;
  if (fromWaymark.anticipated !== undefined) merged.anticipated = fromWaymark.anticipated;
  else delete merged.anticipated;
  if ((fromQti.type === 'numeric' || fromQti.type === 'quantity') && sameNumber(fromQti.value, fromWaymark.value)) merged.value = fromWaymark.value;
  return merged as unknown as AnswerSpec;
}

function withWaymarkFields(item: ItemDocument, waymark: unknown): ItemDocument {
  if (!isRecord(waymark)) return item;
  const { answer, id: _id, stem: _stem, image: _image, interaction: _interaction, ...fields } = waymark;
  return { ...item, ...(fields as Partial<ItemDocument>), answer: mergeAnswer(item.answer, answer) };
}

function convertFile(entry: PackagedItem, defaults: QtiImportDefaults, errors: QtiImportError[]): ItemDocument | undefined {
  const read = readXml(entry.xml);
  if (!read.ok) {
    errors.push({ file: entry.file, path: '', message: read.message });
    return undefined;
  }
  const converted = qtiItemToWaymark(read.root, defaults);
  if (!converted.ok) {
    errors.push(...converted.problems.map((p) => ({ file: entry.file, ...p })));
    return undefined;
  }
  const item = withWaymarkFields(converted.item, entry.waymark);
  const details = validateItemDocument(item);
  if (details.length > 0) {
    errors.push(...details.map((d) => ({ file: entry.file, path: d.path, message: `After conversion to a Waymark item: ${d.message}` })));
    return undefined;
  }
  return item;
}

function convertAll(entries: readonly PackagedItem[], defaults: QtiImportDefaults): QtiImportResult {
  const errors: QtiImportError[] = [];
  const items: ItemDocument[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const item = convertFile(entry, defaults, errors);
    if (!item) continue;
    const key = `${item.id}@${item.version}`;
    const other = seen.get(key);
    if (other) errors.push({ file: entry.file, path: 'qti-assessment-item/@identifier', message: `The item "${item.id}" (version ${item.version}) is also in ${other}.` });
    seen.set(key, entry.file);
    items.push(item);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items };
}

/** One QTI 3.0 item file (XML text or its bytes). */
export function importQtiItemFile(file: string, content: string | Uint8Array, defaults: QtiImportDefaults = {}): QtiImportResult {
  const xml = typeof content === 'string' ? content : decodeUtf8(content);
  if (xml === undefined) return { ok: false, errors: [{ file, path: '', message: 'The file is not UTF-8 text.' }] };
  return convertAll([{ file, xml }], defaults);
}

/** A QTI 3.0 content package (zip with imsmanifest.xml). */
export function importQtiPackage(file: string, zip: Uint8Array, defaults: QtiImportDefaults = {}): QtiImportResult {
  const read = readQtiPackage(file, zip);
  if (!read.ok) return { ok: false, errors: read.errors };
  return convertAll(read.items, defaults);
}

/** A zip (by its "PK" signature) is read as a package, anything else as one item file. */
export function importQti(file: string, bytes: Uint8Array, defaults: QtiImportDefaults = {}): QtiImportResult {
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return isZip ? importQtiPackage(file, bytes, defaults) : importQtiItemFile(file, bytes, defaults);
}
