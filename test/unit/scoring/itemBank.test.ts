/**
 * Every item in item-bank/ validates, marks its own model answer as full marks, and projects to
 * a pupil payload that does not depend on the key at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ItemDocument } from '../../../server/scoring/itemDocument';
import { markResponse } from '../../../server/scoring/markResponse';
import { modelAnswer } from '../../../server/scoring/modelAnswer';
import { pupilItem } from '../../../server/scoring/pupilItem';
import { validateItemDocument } from '../../../server/scoring/validateItemDocument';

const itemsDirectory = path.resolve(__dirname, '..', '..', '..', 'item-bank', 'items');

function itemFiles(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return itemFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

const items: Array<[string, unknown]> = itemFiles(itemsDirectory).flatMap((file) => {
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(content) ? content : [content];
  return list.map((item, i) => [`${path.relative(itemsDirectory, file)}#${(item as { id?: string }).id ?? i}`, item] as [string, unknown]);
});

/** The key-free parts of an item: what the projection may depend on. */
function withoutKey(item: ItemDocument): ItemDocument {
  const copy = JSON.parse(JSON.stringify(item)) as ItemDocument;
  copy.parameters = { model: '2PL', a: 1, b: 0, source: { kind: 'provisional' } };
  delete copy.feedback;
  delete copy.reviewers;
  delete copy.author;
  return copy;
}

/** Ordering options are scrambled away from the answer, so compare them as sets. */
function comparable(value: ReturnType<typeof pupilItem>): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    key === 'options' && Array.isArray(v) ? [...v].sort((x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1)) : v,
  );
}

describe('item bank', () => {
  // The starting bank lands separately; until it does there is nothing to check but that absence.
  const cases: Array<[string, unknown]> = items.length > 0 ? items : [['(no item files yet)', undefined]];

  it.each(cases)('%s is valid, marks its model answer correct, and projects without its key', (_name, raw) => {
    if (raw === undefined) {
      expect(itemFiles(itemsDirectory)).toEqual([]);
      return;
    }
    expect(validateItemDocument(raw)).toEqual([]);
    const item = raw as ItemDocument;
    const mark = markResponse(item, modelAnswer(item));
    expect(mark.score).toBe(mark.maxScore);
    expect(mark.category).toBeGreaterThan(0);
    const projection = pupilItem(item);
    expect(comparable(projection)).toEqual(comparable(pupilItem(withoutKey(item))));
    expect(Object.keys(projection).sort()).toEqual(expect.arrayContaining(['id', 'interaction', 'stem', 'subject', 'version']));
    for (const forbidden of ['answer', 'parameters', 'feedback', 'marking', 'criteria', 'correct', 'accepted', 'optionNotes']) {
      expect(JSON.stringify(projection)).not.toContain(`"${forbidden}"`);
    }
  });
});
