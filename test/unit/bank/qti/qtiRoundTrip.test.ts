/**
 * Export → import for every exportable item in item-bank/ (read at test time: the bank grows).
 * A bare item file must give back the question and the key; a Waymark package must give back the
 * whole item, since its manifest carries what QTI cannot hold (criteria, parameters, notes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseStem } from '../../../../client/src/shared/stemMarkup';
import { importQtiItemFile, importQtiPackage } from '../../../../server/bank/qti/importQti';
import { writeQtiPackage } from '../../../../server/bank/qti/qtiPackage';
import { waymarkToQti } from '../../../../server/bank/qti/waymarkToQti';
import { descendants, readXml, type XmlElement } from '../../../../server/bank/qti/xmlTree';
import type { AnswerSpec, ItemDocument } from '../../../../server/scoring/itemDocument';
import { keyValue } from '../../../../server/scoring/markNumeric';
import { validateAgainstSchema } from '../../../../server/schemas/schemaRegistry';

const itemsDirectory = path.resolve(__dirname, '..', '..', '..', '..', 'item-bank', 'items');

function jsonFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

/** Every item in the bank that passes the item schema (files being written by others may not yet). */
function bankItems(): ItemDocument[] {
  return jsonFiles(itemsDirectory).flatMap((file) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return [];
    }
    return (Array.isArray(parsed) ? parsed : [parsed]).filter((item) => validateAgainstSchema('item', item).length === 0) as ItemDocument[];
  });
}

/** The key as QTI carries it: notes stay in Waymark, and a number may change its written form (2 1/2 → 2.5). */
function qtiKey(answer: AnswerSpec): Record<string, unknown> {
  if (answer.type === 'multi-part') return { type: 'multi-part', parts: Object.fromEntries(Object.entries(answer.parts).map(([id, part]) => [id, qtiKey(part)])) };
  const { optionNotes: _notes, anticipated: _anticipated, ...rest } = answer as AnswerSpec & { optionNotes?: unknown; anticipated?: unknown };
  if ((rest.type === 'numeric' || rest.type === 'quantity') && !Array.isArray(rest.value)) return { ...rest, value: keyValue(rest.value) };
  return rest;
}

const RULE_ATTRIBUTE = /^data-waymark-(marking|accept|lowest-terms|normalise|variables|forms|equivalent-score|max-length|partial-credit|part|units|number-only-score)$/;

function readXmlRoot(text: string): XmlElement {
  const read = readXml(text);
  if (!read.ok) throw new Error(read.message);
  return read.root;
}

const items = bankItems();
const exportable = items.filter((item) => waymarkToQti(item).ok);

test('the bank has items, and most of them can be exported', () => {
  expect(items.length).toBeGreaterThan(0);
  expect(exportable.length).toBeGreaterThan(0);
});

test('an item that cannot be exported says why', () => {
  for (const item of items.filter((candidate) => !exportable.includes(candidate))) {
    const result = waymarkToQti(item);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining(`Item ${item.id} cannot be exported to QTI:`) });
  }
});

test.each(exportable.map((item) => [`${item.id} v${item.version}`, item] as const))('%s: a bare QTI file gives back the question and the key', (_name, item) => {
  const qti = waymarkToQti(item);
  if (!qti.ok) throw new Error(qti.reason);
  const result = importQtiItemFile(`${item.id}.xml`, qti.xml, { subject: item.subject, criteria: item.criteria, parameters: item.parameters, status: item.status });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  // The body goes to browsers: no key elements in it, and data-* attributes only for Waymark's rules.
  const body = descendants(readXmlRoot(qti.xml)).find((e) => e.name === 'qti-item-body')!;
  const inBody = descendants(body);
  expect(inBody.filter((e) => ['qti-correct-response', 'qti-mapping', 'qti-response-processing'].includes(e.name))).toEqual([]);
  for (const e of inBody) for (const name of Object.keys(e.attributes).filter((a) => a.startsWith('data-'))) expect(name).toMatch(RULE_ATTRIBUTE);
  const [back] = result.items;
  expect(back.id).toBe(item.id);
  expect(parseStem(back.stem)).toEqual(parseStem(item.stem));
  expect(back.image).toEqual(item.image);
  expect(back.interaction).toEqual(item.interaction);
  expect(qtiKey(back.answer)).toEqual(qtiKey(item.answer));
  // Part marks survive for players that know nothing of Waymark; their notes do not.
  const singles = (answer: AnswerSpec): AnswerSpec[] => (answer.type === 'multi-part' ? Object.values(answer.parts) : [answer]);
  const partialScores = (answer: AnswerSpec, onlyPositive: boolean): (number | undefined)[] => singles(answer)
    .flatMap((single) => ('anticipated' in single ? single.anticipated ?? [] : []).filter((a) => !onlyPositive || (a.score ?? 0) > 0).map((a) => a.score));
  expect(partialScores(back.answer, false)).toEqual(partialScores(item.answer, true));
});

test('a Waymark QTI package gives back every exportable item exactly', () => {
  const written = writeQtiPackage(items);
  expect(written.exported).toHaveLength(exportable.length);
  expect(written.skipped).toHaveLength(items.length - exportable.length);
  const result = importQtiPackage('bank.zip', written.zip);
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 10)));
  expect(result.items).toHaveLength(exportable.length);
  result.items.forEach((back, i) => {
    const original = exportable[i];
    expect(parseStem(back.stem)).toEqual(parseStem(original.stem));
    expect({ ...back, stem: original.stem }).toEqual(original);
  });
});
