/**
 * tidyAnswerNotes (client/src/authoring/answerNotesField.ts), run on the editor's draft before
 * saving: notes of options that were removed and blank rows are dropped, so the server never
 * sees a note for an option that no longer exists or an anticipated answer with nothing in it.
 */
import { tidyAnswerNotes } from '../../../client/src/authoring/answerNotesField';

test('option notes: only for options that still exist, non-empty, and only for choose-one', () => {
  const interaction = { type: 'choice', options: [{ id: 'A', content: '1' }, { id: 'C', content: '3' }] };
  const answer: Record<string, unknown> = { type: 'choice', correct: 'A', optionNotes: { B: 'GONE_OPTION', C: 'DEC_LONGER_IS_LARGER', A: '' } };
  tidyAnswerNotes(interaction, answer);
  expect(answer.optionNotes).toEqual({ C: 'DEC_LONGER_IS_LARGER' });

  const removedAll: Record<string, unknown> = { type: 'choice', correct: 'A', optionNotes: { B: 'GONE_OPTION' } };
  tidyAnswerNotes(interaction, removedAll);
  expect(removedAll).not.toHaveProperty('optionNotes');

  // Switching the kind of answer to "choose all that apply" keeps the options but not the notes (its schema has none).
  const multiple: Record<string, unknown> = { type: 'multiple-response', correct: ['A'], optionNotes: { C: 'SOME_NOTE' } };
  tidyAnswerNotes({ ...interaction, type: 'multiple-response' }, multiple);
  expect(multiple).not.toHaveProperty('optionNotes');
});

test('anticipated answers: blank rows dropped, blank fields of a half-filled row left out for the server to name', () => {
  const answer: Record<string, unknown> = {
    type: 'numeric', value: '5/6',
    anticipated: [{ value: '2/5', note: 'FRAC_ADDED_DENOMINATORS' }, { value: '', note: '' }, { value: '', note: 'NO_VALUE' }],
  };
  tidyAnswerNotes({ type: 'numeric' }, answer);
  expect(answer.anticipated).toEqual([{ value: '2/5', note: 'FRAC_ADDED_DENOMINATORS' }, { note: 'NO_VALUE' }]);

  const empty: Record<string, unknown> = { type: 'text', accepted: ['x'], anticipated: [{ value: '', note: '' }] };
  tidyAnswerNotes({ type: 'text' }, empty);
  expect(empty).not.toHaveProperty('anticipated');
});
