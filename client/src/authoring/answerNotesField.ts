/**
 * Answer notes in the editor (docs/item-bank.md "Answer notes"): the note a wrong option of a
 * "choose one" question records (the misconception it shows, e.g. FRAC_ADDED_DENOMINATORS), and
 * anticipated wrong answers with their note for typed answers (text, number, expression,
 * quantity: the answer types whose schema has `anticipated`). "Try an answer" shows the note.
 */
import { el } from '../shared/element';
import type { FieldKit } from './fieldKit';

type Loose = Record<string, unknown>;

const NOTE_HINT = 'Capital letters, digits and underscores, starting with a letter, for example FRAC_ADDED_DENOMINATORS.';
/** The answer types whose schema has `anticipated` (item.schema.json). */
const ANTICIPATING_TYPES = ['text', 'numeric', 'expression', 'quantity'];

function groupOf(kit: FieldKit, aPath: string): string {
  return `${kit.idPrefix}${aPath.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

function input(kit: FieldKit, id: string, path: string, value: string, set: (value: string) => void, describedBy?: string): HTMLInputElement {
  const field = el('input', { type: 'text', id, name: id, value, autocomplete: 'off', spellcheck: 'false', 'data-path': path, 'aria-describedby': describedBy });
  field.addEventListener('input', () => { set(field.value); kit.changed(); });
  return field;
}

/** The note recorded when a pupil chooses option `optionId` (of a "choose one" question). */
export function optionNoteField(kit: FieldKit, answer: Loose, aPath: string, optionId: string): HTMLElement {
  const id = `${groupOf(kit, aPath)}-note-${optionId}`;
  const path = `${aPath}/optionNotes/${optionId}`;
  const notes = (): Loose => (answer.optionNotes as Loose | undefined) ?? {};
  const field = input(kit, id, path, String(notes()[optionId] ?? ''), (value) => {
    const next = { ...notes(), [optionId]: value.trim() };
    if (next[optionId] === '') delete next[optionId];
    if (Object.keys(next).length === 0) delete answer.optionNotes; else answer.optionNotes = next;
  }, `${groupOf(kit, aPath)}-notes-hint`);
  const error = kit.register(path, field);
  return el('div', { class: 'field option-note' }, el('label', { for: id }, `Answer note if a pupil chooses ${optionId} and it is wrong (optional)`), error, field);
}

/** Once per options list: what an option note is for (the note fields point to it). */
export function optionNotesHint(kit: FieldKit, aPath: string): HTMLElement {
  return el('p', { class: 'hint', id: `${groupOf(kit, aPath)}-notes-hint` },
    `A wrong option's answer note names the misconception it shows; teachers and item analysis see it. ${NOTE_HINT}`);
}

/** Anticipated wrong answers with their notes, for the answer types that have them (else nothing). */
export function anticipatedFields(kit: FieldKit, answer: Loose, aPath: string): HTMLElement[] {
  if (!ANTICIPATING_TYPES.includes(String(answer.type))) return [];
  const group = groupOf(kit, aPath);
  const list = (): Loose[] => {
    if (!Array.isArray(answer.anticipated)) answer.anticipated = [];
    return answer.anticipated as Loose[];
  };
  const legendId = `${group}-anticipated-legend`;
  const hintId = `${group}-anticipated-hint`;
  const rows = list().map((entry, index) => {
    const base = `${aPath}/anticipated/${index}`;
    const valueId = `${group}-anticipated-${index}-value`;
    const noteId = `${group}-anticipated-${index}-note`;
    const value = input(kit, valueId, `${base}/value`, entry.value === undefined ? '' : String(entry.value), (v) => { entry.value = v.trim(); });
    const note = input(kit, noteId, `${base}/note`, String(entry.note ?? ''), (v) => { entry.note = v.trim(); }, hintId);
    const rowError = kit.registerGroup(base);
    return el('li', { class: 'anticipated-row' }, rowError,
      el('div', { class: 'field' }, el('label', { for: valueId }, `Expected wrong answer ${index + 1}`), kit.register(`${base}/value`, value), value),
      el('div', { class: 'field' }, el('label', { for: noteId }, `Its answer note`), kit.register(`${base}/note`, note), note),
      el('button', {
        type: 'button', class: 'secondary small',
        onclick: () => { list().splice(index, 1); kit.rebuild(`${group}-anticipated-add`); },
      }, `Remove expected wrong answer ${index + 1}`));
  });
  return [el('fieldset', { class: 'anticipated-editor', 'aria-labelledby': legendId },
    el('legend', { id: legendId }, 'Wrong answers you expect (optional)'),
    el('p', { class: 'hint', id: hintId }, `A pupil giving one of these scores 0 and the note records why, e.g. 1/5 for 1/2 + 1/3 with FRAC_ADDED_DENOMINATORS. ${NOTE_HINT}`),
    kit.registerGroup(`${aPath}/anticipated`),
    el('ol', { class: 'anticipated-list' }, ...rows),
    el('button', {
      type: 'button', class: 'secondary', id: `${group}-anticipated-add`,
      onclick: () => {
        const next = list().length;
        list().push({ value: '', note: '' });
        kit.rebuild(`${group}-anticipated-${next}-value`);
      },
    }, 'Add an expected wrong answer'))];
}

/**
 * Before saving: notes only for options that still exist, and no empty anticipated rows (an
 * author who added a row and left it blank meant nothing by it).
 */
export function tidyAnswerNotes(interaction: Loose, answer: Loose | undefined): void {
  if (!answer) return;
  if (answer.optionNotes && typeof answer.optionNotes === 'object') {
    const ids = new Set(Array.isArray(interaction.options) ? (interaction.options as Loose[]).map((o) => String(o.id)) : []);
    const kept = Object.entries(answer.optionNotes as Loose).filter(([id, note]) => ids.has(id) && note !== '');
    if (kept.length === 0 || answer.type !== 'choice') delete answer.optionNotes; else answer.optionNotes = Object.fromEntries(kept);
  }
  if (Array.isArray(answer.anticipated)) {
    const kept = (answer.anticipated as Loose[])
      .filter((entry) => (entry.value ?? '') !== '' || (entry.note ?? '') !== '')
      .map((entry) => Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== '')));
    if (kept.length === 0) delete answer.anticipated; else answer.anticipated = kept;
  }
}
