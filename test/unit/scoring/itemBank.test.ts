/**
 * Every item in item-bank/ validates, marks its own model answer as full marks and a wrong
 * answer as less, and projects to a pupil payload that does not depend on the key at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ItemDocument, PupilAnswer, SingleAnswer, SingleInteraction } from '../../../server/scoring/itemDocument';
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

/**
 * An answer no key accepts: another option, the options but one, the order reversed, or a typed
 * value far from any answer in the bank (with the item's units, so only the number is wrong).
 */
function wrongSingle(interaction: SingleInteraction, answer: SingleAnswer): string | string[] {
  switch (answer.type) {
    case 'choice':
      return (interaction as { options: { id: string }[] }).options.find((o) => o.id !== answer.correct)!.id;
    case 'multiple-response': {
      const ids = (interaction as { options: { id: string }[] }).options.map((o) => o.id);
      const wrong = ids.filter((id) => !answer.correct.includes(id));
      return wrong.length > 0 ? [...answer.correct, wrong[0]] : answer.correct.slice(1);
    }
    case 'ordering':
      return [...answer.correctOrder].reverse();
    case 'text':
      return 'quadrilateral-zebra';
    case 'numeric':
      return '987654.321';
    case 'expression': {
      const letter = (answer.variables ?? [])[0];
      return letter ? `${letter} + 987654` : '987654';
    }
    case 'quantity':
      return `987654 ${answer.unit}`;
  }
}

function wrongAnswer(item: ItemDocument): PupilAnswer {
  if (item.answer.type !== 'multi-part' || item.interaction.type !== 'multi-part') {
    return wrongSingle(item.interaction as SingleInteraction, item.answer as SingleAnswer);
  }
  const parts = item.answer.parts;
  return Object.fromEntries(item.interaction.parts.map((part) => [part.id, wrongSingle(part.interaction, parts[part.id])]));
}

/** The key-free parts of an item: what the projection may depend on. */
function withoutKey(item: ItemDocument): ItemDocument {
  const copy = JSON.parse(JSON.stringify(item)) as ItemDocument;
  copy.parameters = { model: '2PL', a: 1, b: 0, source: { kind: 'provisional' } };
  delete copy.feedback;
  delete copy.reviewers;
  delete copy.author;
  delete (copy as { solution?: string }).solution;
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

  it.each(cases)('%s is valid, marks its model answer correct and a wrong answer not, and projects without its key', (_name, raw) => {
    if (raw === undefined) {
      expect(itemFiles(itemsDirectory)).toEqual([]);
      return;
    }
    expect(validateItemDocument(raw)).toEqual([]);
    const item = raw as ItemDocument;
    const mark = markResponse(item, modelAnswer(item));
    expect(mark.score).toBe(mark.maxScore);
    expect(mark.category).toBeGreaterThan(0);
    const wrong = markResponse(item, wrongAnswer(item));
    expect(wrong.score).toBeLessThan(wrong.maxScore);
    const projection = pupilItem(item);
    expect(comparable(projection)).toEqual(comparable(pupilItem(withoutKey(item))));
    expect(Object.keys(projection).sort()).toEqual(expect.arrayContaining(['id', 'interaction', 'stem', 'subject', 'version']));
    for (const forbidden of ['answer', 'parameters', 'feedback', 'marking', 'criteria', 'correct', 'accepted', 'optionNotes', 'solution', 'anticipated']) {
      expect(JSON.stringify(projection)).not.toContain(`"${forbidden}"`);
    }
  });
});
