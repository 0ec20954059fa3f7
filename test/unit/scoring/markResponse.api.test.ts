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
