import { markResponse } from '../../../server/scoring/markResponse';
import { validateItemDocument } from '../../../server/scoring/validateItemDocument';
import { buildItem, choiceOptions } from './itemBuilders';

describe('markResponse API', () => {
  const choice = buildItem({ type: 'choice', options: choiceOptions }, { type: 'choice', correct: 'C', optionNotes: { B: 'FRAC_CONFUSED' } });

  it('the sample item is a valid document', () => {
    expect(validateItemDocument(choice)).toEqual([]);
  });

  it('marks a single choice with score, category and note', () => {
    expect(markResponse(choice, 'C')).toEqual({ score: 1, maxScore: 1, category: 1, note: 'CHOICE_CORRECT', readAs: 'C' });
    expect(markResponse(choice, 'B')).toMatchObject({ score: 0, category: 0, note: 'FRAC_CONFUSED' });
    expect(markResponse(choice, 'A')).toMatchObject({ score: 0, note: 'CHOICE_INCORRECT' });
  });

  it('an answer of the wrong shape is a mark with a note, not a throw', () => {
    expect(markResponse(choice, ['C'])).toMatchObject({ score: 0, note: 'ANSWER_MALFORMED' });
    expect(markResponse(choice, { a: 'C' })).toMatchObject({ score: 0, note: 'ANSWER_MALFORMED' });
    expect(markResponse(choice, '')).toMatchObject({ score: 0, note: 'NO_ANSWER' });
  });
});

describe('IRT categories from marks', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { categoryCount, categoryFor } = require('../../../server/scoring/markResponse') as typeof import('../../../server/scoring/markResponse');

  it('counts categories from the model', () => {
    expect(categoryCount({ model: '2PL', a: 1, b: 0, source: { kind: 'provisional' } })).toBe(2);
    expect(categoryCount({ model: 'GRM', a: 1, thresholds: [-1, 0, 1], source: { kind: 'provisional' } })).toBe(4);
    expect(categoryCount({ model: 'PCM', steps: [0, 1], source: { kind: 'provisional' } })).toBe(3);
  });

  it('is the score when the model has one category per mark, else the share of marks rounded down', () => {
    expect([0, 1, 2, 3].map((s) => categoryFor(s, 3, 4))).toEqual([0, 1, 2, 3]);
    // Dichotomous: only full marks reach category 1.
    expect([0, 1, 2].map((s) => categoryFor(s, 2, 2))).toEqual([0, 0, 1]);
    // 4 marks onto 3 categories: 0–1 → 0, 2–3 → 1, 4 → 2.
    expect([0, 1, 2, 3, 4].map((s) => categoryFor(s, 4, 3))).toEqual([0, 0, 1, 1, 2]);
  });

  it('a 2-mark item on a 2PL model gives category 1 only for both marks', () => {
    const item = buildItem({ type: 'numeric' }, { type: 'numeric', value: 200, marks: 2, anticipated: [{ tolerance: { relative: 0.05 }, score: 1, note: 'NUM_CLOSE' }] });
    expect(markResponse(item, '200')).toMatchObject({ score: 2, maxScore: 2, category: 1 });
    expect(markResponse(item, '205')).toMatchObject({ score: 1, maxScore: 2, category: 0, note: 'NUM_CLOSE' });
  });
});
