/**
 * The pupil-facing projection never carries the key: checked on a fixed example and on many
 * generated items of every interaction type (a property test with a seeded generator).
 */
import { seededRandom } from '../../../server/irt/random';
import type { RandomSource } from '../../../server/irt/types';
import type { AnswerSpec, Interaction, ItemDocument, SingleAnswer, SingleInteraction } from '../../../server/scoring/itemDocument';
import { pupilItem } from '../../../server/scoring/pupilItem';
import { markResponse } from '../../../server/scoring/markResponse';
import { modelAnswer } from '../../../server/scoring/modelAnswer';
import { validateItemDocument } from '../../../server/scoring/validateItemDocument';
import { buildItem } from './itemBuilders';

const FORBIDDEN_KEYS = ['answer', 'correct', 'correctOrder', 'accepted', 'anticipated', 'marking', 'parameters', 'feedback', 'optionNotes', 'value', 'tolerance', 'marks', 'criteria', 'tags', 'author', 'reviewers', 'status', 'note'];

function allKeys(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, into));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      allKeys(v, into);
    }
  }
  return into;
}

const words = ['apple', 'river', 'cloud', 'stone', 'maple', 'pencil', 'ladder', 'orbit', 'velvet', 'harbour'];
const pick = <T>(random: RandomSource, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
/** Secrets are tokens that appear nowhere else in the generated item, so finding one in the projection is a leak. */
const secret = (random: RandomSource, i: number): string => `zq${i}k${Math.floor(random() * 1e6)}`;

function generatePart(random: RandomSource, n: number): { interaction: SingleInteraction; answer: SingleAnswer; secrets: string[] } {
  const options = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, i) => ({ id: `o${i}`, content: `${pick(random, words)} ${i}` }));
  const kind = pick(random, ['choice', 'multiple-response', 'ordering', 'text', 'numeric', 'expression', 'quantity'] as const);
  const note = `NOTE_ZQ${n}X${Math.floor(random() * 1e6)}`;
  switch (kind) {
    case 'choice':
      return { interaction: { type: 'choice', options, shuffle: random() < 0.5 }, answer: { type: 'choice', correct: 'o1', optionNotes: { o0: note } }, secrets: [note] };
    case 'multiple-response':
      return { interaction: { type: 'multiple-response', options }, answer: { type: 'multiple-response', correct: ['o0', 'o1'], partialCredit: 'per-option', marks: 2 }, secrets: ['per-option'] };
    case 'ordering':
      return { interaction: { type: 'ordering', options }, answer: { type: 'ordering', correctOrder: options.map((o) => o.id), partialCredit: 'adjacent-pairs' }, secrets: ['adjacent-pairs'] };
    case 'text': {
      const accepted = secret(random, n);
      return { interaction: { type: 'text' }, answer: { type: 'text', accepted: [accepted], anticipated: [{ value: `${accepted}w`, note }] }, secrets: [accepted, note] };
    }
    case 'numeric': {
      const value = 100000 + Math.floor(random() * 800000) + 0.125;
      return { interaction: { type: 'numeric', suffix: 'cm' }, answer: { type: 'numeric', value, tolerance: { absolute: 0.0437 }, decimalPlaces: 3, anticipated: [{ value: value + 1, note }] }, secrets: [String(value), '0.0437', note] };
    }
    case 'expression': {
      const coefficient = 1000 + Math.floor(random() * 8000);
      const value = `x(${coefficient}x + ${coefficient + 1})`;
      return { interaction: { type: 'expression', maxLength: 100 }, answer: { type: 'expression', value, forms: ['factorised'], equivalentScore: 1, marks: 2 }, secrets: [String(coefficient), 'factorised'] };
    }
    case 'quantity': {
      const value = 200000 + Math.floor(random() * 700000);
      return { interaction: { type: 'quantity' }, answer: { type: 'quantity', value, unit: 'mile', units: 'strict', numberOnlyScore: 1, marks: 2 }, secrets: [String(value), 'mile', 'strict'] };
    }
  }
}

function generateItem(random: RandomSource, n: number): { item: ItemDocument; secrets: string[] } {
  const feedback = `Feedback zq${n} ${Math.floor(random() * 1e6)}`;
  const b = Math.round((random() * 6 - 3) * 1000) / 1000 + 0.000123;
  const secrets = [feedback, String(b), 'provisional', 'Ms Reviewer'];
  let interaction: Interaction;
  let answer: AnswerSpec;
  if (random() < 0.25) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => ({ id: `p${i}`, ...generatePart(random, n * 10 + i) }));
    interaction = { type: 'multi-part', parts: parts.map((p) => ({ id: p.id, stem: `Part ${p.id}: ${pick(random, words)}`, interaction: p.interaction })) };
    answer = { type: 'multi-part', parts: Object.fromEntries(parts.map((p) => [p.id, p.answer])) };
    parts.forEach((p) => secrets.push(...p.secrets));
  } else {
    const part = generatePart(random, n);
    interaction = part.interaction;
    answer = part.answer;
    secrets.push(...part.secrets);
  }
  const item = buildItem(interaction, answer, {
    id: `gen-${n}`,
    stem: `Question ${n}: ${pick(random, words)} ${pick(random, words)}`,
    image: random() < 0.3 ? { src: '/img/diagram.png', alt: 'A diagram' } : undefined,
    parameters: { model: '2PL', a: 1.1, b, source: { kind: 'provisional', date: '2026-09-01' } },
    reviewers: ['Ms Reviewer'],
    feedback: { correct: feedback, byNote: { CHOICE_INCORRECT: feedback } },
  });
  if (!item.image) delete item.image;
  return { item, secrets };
}

describe('pupilItem', () => {
  it('keeps what the pupil needs and nothing else', () => {
    const item = buildItem(
      { type: 'choice', options: [{ id: 'A', content: '1/2' }, { id: 'B', content: '2/4' }], shuffle: true },
      { type: 'choice', correct: 'B' },
      { image: { src: '/a.png', alt: 'two halves' }, feedback: { correct: 'Well done' } },
    );
    expect(pupilItem(item)).toEqual({
      id: 'test-item',
      version: 1,
      subject: 'maths',
      stem: 'A question.',
      image: { src: '/a.png', alt: 'two halves' },
      interaction: { type: 'choice', options: [{ id: 'A', content: '1/2' }, { id: 'B', content: '2/4' }], shuffle: true },
    });
  });

  it('presents ordering options in an order that is not the answer', () => {
    const options = ['a', 'b', 'c'].map((id) => ({ id, content: id.toUpperCase() }));
    for (let n = 0; n < 50; n += 1) {
      const item = buildItem({ type: 'ordering', options }, { type: 'ordering', correctOrder: ['a', 'b', 'c'] }, { id: `order-${n}` });
      const shown = pupilItem(item).interaction;
      if (shown.type !== 'ordering') throw new Error('expected ordering');
      expect(shown.options.map((o) => o.id)).not.toEqual(['a', 'b', 'c']);
      expect(shown.options.map((o) => o.id).sort()).toEqual(['a', 'b', 'c']);
    }
  });

  it('never contains a key, a note, a parameter or feedback, and marks its model answer correct (300 generated items)', () => {
    const random = seededRandom(4);
    for (let n = 0; n < 300; n += 1) {
      const { item, secrets } = generateItem(random, n);
      expect(validateItemDocument(item)).toEqual([]);
      const mark = markResponse(item, modelAnswer(item));
      expect(mark.score).toBe(mark.maxScore);
      const projection = pupilItem(item);
      const json = JSON.stringify(projection);
      const keys = allKeys(projection);
      for (const forbidden of FORBIDDEN_KEYS) expect(keys.has(forbidden)).toBe(false);
      for (const s of secrets) expect(json.includes(s)).toBe(false);
      // The projection is a fresh object: changing it cannot change the stored item.
      expect(JSON.stringify(item)).toContain(item.stem);
      expect(projection.interaction).not.toBe(item.interaction);
    }
  }, 120_000);
});
