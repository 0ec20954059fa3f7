/**
 * The item editor: a form for every interaction type (choice, multiple response, ordering,
 * text, numeric, expression, quantity, and questions in parts made of those), criteria and
 * module tags, and the provisional difficulty. It edits a plain item document in place; every
 * field registers the JSON Pointer it edits so the server's validation details appear beside
 * the right field (fieldErrors.ts) and in a summary that links to them.
 */
import { el, replaceChildren } from '../shared/element';
import type { ItemDocument, TaggingChoices } from './bankApi';
import { groupByField } from './fieldErrors';
import type { FieldKit } from './fieldKit';
import { createPictureField } from './imageField';
import { anticipatedFields, optionNoteField, optionNotesHint, tidyAnswerNotes } from './answerNotesField';

type Loose = Record<string, unknown>;
type Detail = { path: string; message: string };

const SINGLE_TYPES: [string, string][] = [
  ['choice', 'Choose one answer'],
  ['multiple-response', 'Choose all that apply'],
  ['ordering', 'Put in order'],
  ['text', 'Typed words'],
  ['numeric', 'Number'],
  ['expression', 'Algebraic expression'],
  ['quantity', 'Quantity with units'],
];
const ALL_TYPES: [string, string][] = [...SINGLE_TYPES, ['multi-part', 'Question in parts']];
const FORMS: [string, string][] = [
  ['expanded', 'expanded'], ['factorised', 'factorised'], ['simplified', 'simplified'], ['lowest-terms', 'fractions in lowest terms'], ['subject', 'letter as the subject'],
];

export interface ItemEditor {
  element: HTMLElement;
  /** The item as it would be saved: empty optional fields dropped, ordering keys kept in step. */
  item(): ItemDocument;
  showErrors(details: readonly Detail[]): void;
  clearErrors(): void;
  /** Called after every change (typing included). */
  onChange(listener: () => void): void;
}

interface Slot { error: HTMLElement; focus: HTMLElement }

function nextOptionId(options: Loose[]): string {
  for (let code = 65; code < 91; code++) {
    const id = String.fromCharCode(code);
    if (!options.some((o) => o.id === id)) return id;
  }
  return `O${options.length + 1}`;
}

function defaultsFor(type: string, keepOptions?: Loose[]): { interaction: Loose; answer: Loose } {
  const options = keepOptions && keepOptions.length > 0 ? keepOptions : [{ id: 'A', content: '' }, { id: 'B', content: '' }];
  const first = String(options[0]?.id ?? 'A');
  switch (type) {
    case 'choice': return { interaction: { type, options }, answer: { type, correct: first } };
    case 'multiple-response': return { interaction: { type, options }, answer: { type, correct: [first] } };
    case 'ordering': return { interaction: { type, options }, answer: { type, correctOrder: options.map((o) => o.id) } };
    case 'text': return { interaction: { type }, answer: { type, accepted: [''], normalise: { ignoreCase: true } } };
    case 'quantity': return { interaction: { type }, answer: { type, value: '', unit: '' } };
    case 'multi-part': {
      const part = defaultsFor('numeric');
      return { interaction: { type, parts: [{ id: 'a', stem: '', interaction: part.interaction }] }, answer: { type, parts: { a: part.answer } } };
    }
    default: return { interaction: { type }, answer: { type, value: '' } };
  }
}

function blankItem(): Loose {
  const today = new Date().toISOString().slice(0, 10);
  return {
    version: 1, status: 'draft', subject: 'mathematics', stem: '', ...defaultsFor('choice'), criteria: [], tags: {},
    parameters: { model: '2PL', a: 1, b: 0, source: { kind: 'provisional', date: today, note: 'Author\'s judgement of difficulty.' } },
  };
}

/** A typed value as the schema wants it: a number when it reads as one, else the text (the server then names the field). */
function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

function setOrDelete(target: Loose, key: string, value: unknown): void {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete target[key];
  else target[key] = value;
}

/** Drops empty optional fields and keeps each ordering key equal to the listed order. */
function cleaned(source: Loose): ItemDocument {
  const item = JSON.parse(JSON.stringify(source)) as Loose;
  const tidy = (interaction: Loose, answer: Loose | undefined): void => {
    for (const key of ['prefix', 'suffix', 'orderLabel']) if (interaction[key] === '') delete interaction[key];
    if (interaction.type === 'ordering' && answer) answer.correctOrder = (interaction.options as Loose[]).map((o) => o.id);
    if (answer?.type === 'text') answer.accepted = (answer.accepted as string[]).map((a) => a.trim()).filter((a) => a !== '');
    if (answer?.tolerance && Object.keys(answer.tolerance as Loose).length === 0) delete answer.tolerance;
    tidyAnswerNotes(interaction, answer);
  };
  const interaction = item.interaction as Loose;
  const answer = item.answer as Loose;
  if (interaction.type === 'multi-part') {
    for (const part of interaction.parts as Loose[]) tidy(part.interaction as Loose, (answer.parts as Record<string, Loose>)[String(part.id)]);
  } else tidy(interaction, answer);
  const tags = item.tags as Loose | undefined;
  if (tags && Array.isArray(tags.modules) && tags.modules.length === 0) delete tags.modules;
  if (tags && Object.keys(tags).length === 0) delete item.tags;
  return item as unknown as ItemDocument;
}

export function createItemEditor(initial: ItemDocument | null, choices: TaggingChoices, idPrefix = 'edit'): ItemEditor {
  const draft: Loose = initial ? JSON.parse(JSON.stringify(initial)) as Loose : blankItem();
  const isNew = initial === null;
  const listeners: (() => void)[] = [];
  let slots = new Map<string, Slot>();
  let lastErrors: readonly Detail[] = [];
  let criteriaFilter = '';
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const body = el('div', { class: 'editor-body' });
  const changed = (): void => listeners.forEach((listener) => listener());

  let counter = 0;
  const uid = (name: string): string => `${idPrefix}-${name.replace(/[^A-Za-z0-9-]/g, '-')}-${(counter += 1)}`;

  function register(path: string, focus: HTMLElement): HTMLElement {
    const error = el('p', { class: 'field-error', id: uid('error'), hidden: true });
    const describedBy = [focus.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' ');
    focus.setAttribute('aria-describedby', describedBy);
    slots.set(path, { error, focus });
    return error;
  }

  /** An error line for a whole group (a list, a fieldset): it is its own focus target. */
  function registerGroup(path: string): HTMLElement {
    const error = el('p', { class: 'field-error', id: uid('error'), hidden: true, tabindex: '-1' });
    slots.set(path, { error, focus: error });
    return error;
  }

  /** A labelled text input or textarea bound to a getter/setter, registered under `path`. */
  function textField(label: string, path: string, get: () => string, set: (value: string) => void, options: { multiline?: boolean; hint?: string; inputmode?: string; width?: string } = {}): HTMLElement {
    const id = uid(path || 'field');
    const hint = options.hint ? el('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null;
    const input = options.multiline
      ? el('textarea', { id, name: id, rows: 4, 'aria-describedby': hint?.id })
      : el('input', { id, name: id, type: 'text', inputmode: options.inputmode, class: options.width ? `width-${options.width}` : null, 'aria-describedby': hint?.id, autocomplete: 'off', spellcheck: options.inputmode ? 'false' : null });
    input.value = get();
    input.setAttribute('data-path', path);
    input.addEventListener('input', () => { set(input.value); changed(); });
    const error = register(path, input);
    return el('div', { class: 'field' }, el('label', { for: id }, label), hint, error, input);
  }

  function checkbox(label: string, path: string, checked: boolean, set: (value: boolean) => void): HTMLElement {
    const id = uid(path);
    const input = el('input', { type: 'checkbox', id, name: id, checked, 'data-path': path });
    input.addEventListener('change', () => { set(input.checked); changed(); });
    const error = register(path, input);
    return el('div', { class: 'check' }, input, el('label', { for: id }, label), error);
  }

  function select(label: string, path: string, options: [string, string][], value: string, set: (value: string) => void): HTMLElement {
    const id = uid(path);
    const input = el('select', { id, name: id, 'data-path': path }, ...options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
    input.addEventListener('change', () => set(input.value));
    const error = register(path, input);
    return el('div', { class: 'field' }, el('label', { for: id }, label), error, input);
  }

  /** Rebuilds the form after a structural change and puts focus back where the author was. */
  function rebuild(focusId?: string): void {
    render();
    if (lastErrors.length > 0) showErrors(lastErrors);
    changed();
    if (focusId) (document.getElementById(focusId) as HTMLElement | null)?.focus();
  }

  function optionsEditor(interaction: Loose, answer: Loose, iPath: string, aPath: string, group: string): HTMLElement {
    const options = interaction.options as Loose[];
    const type = String(interaction.type);
    const rows = options.map((option, index) => {
      const oid = String(option.id);
      const contentId = `${idPrefix}-${group}-option-${oid}`;
      const input = el('input', { id: contentId, name: contentId, type: 'text', value: String(option.content ?? ''), autocomplete: 'off', 'data-path': `${iPath}/options/${index}/content` });
      input.addEventListener('input', () => { option.content = input.value; changed(); });
      const error = register(`${iPath}/options/${index}`, input);
      const controls: HTMLElement[] = [];
      if (type === 'choice' || type === 'multiple-response') {
        const multiple = type === 'multiple-response';
        const correctSet = new Set(multiple ? (answer.correct as string[]) : [String(answer.correct)]);
        const markId = `${contentId}-correct`;
        const mark = el('input', { type: multiple ? 'checkbox' : 'radio', name: `${idPrefix}-${group}-correct`, id: markId, value: oid, checked: correctSet.has(oid) });
        mark.addEventListener('change', () => {
          if (multiple) {
            const list = new Set(answer.correct as string[]);
            if (mark.checked) list.add(oid); else list.delete(oid);
            answer.correct = options.map((o) => String(o.id)).filter((id) => list.has(id));
          } else if (mark.checked) answer.correct = oid;
          changed();
        });
        controls.push(el('span', { class: 'check inline' }, mark, el('label', { for: markId }, multiple ? `Option ${oid} is correct` : `Option ${oid} is the answer`)));
      }
      if (type === 'ordering') {
        const move = (delta: number, direction: string): void => {
          const [moved] = options.splice(index, 1);
          options.splice(index + delta, 0, moved as Loose);
          rebuild(`${contentId}-${direction}`);
        };
        controls.push(el('button', { type: 'button', class: 'secondary small', id: `${contentId}-up`, disabled: index === 0, onclick: () => move(-1, 'up') }, `Move ${oid} up`));
        controls.push(el('button', { type: 'button', class: 'secondary small', id: `${contentId}-down`, disabled: index === options.length - 1, onclick: () => move(1, 'down') }, `Move ${oid} down`));
      }
      controls.push(el('button', {
        type: 'button', class: 'secondary small', disabled: options.length <= 2,
        onclick: () => {
          options.splice(index, 1);
          if (type === 'choice' && answer.correct === oid) answer.correct = String(options[0]?.id ?? '');
          if (type === 'multiple-response') answer.correct = (answer.correct as string[]).filter((id) => id !== oid);
          rebuild(`${idPrefix}-${group}-add-option`);
        },
      }, `Remove option ${oid}`));
      return el('li', { class: 'option-row' },
        el('div', { class: 'field' }, el('label', { for: contentId }, `Option ${oid}`), error, input),
        el('div', { class: 'option-controls' }, ...controls),
        type === 'choice' ? optionNoteField(kit, answer, aPath, oid) : null);
    });
    const listError = registerGroup(`${iPath}/options`);
    const keyError = registerGroup(aPath);
    const add = el('button', {
      type: 'button', class: 'secondary', id: `${idPrefix}-${group}-add-option`,
      onclick: () => {
        const id = nextOptionId(options);
        options.push({ id, content: '' });
        rebuild(`${idPrefix}-${group}-option-${id}`);
      },
    }, 'Add an option');
    const extras: HTMLElement[] = [];
    if (type !== 'ordering') extras.push(checkbox('Shuffle the options for each pupil', `${iPath}/shuffle`, interaction.shuffle === true, (v) => setOrDelete(interaction, 'shuffle', v || undefined)));
    if (type === 'multiple-response') {
      extras.push(select('Partial credit', `${aPath}/partialCredit`, [['all-or-nothing', 'All or nothing'], ['per-option', 'Credit for each right option, less wrong ones']],
        String(answer.partialCredit ?? 'all-or-nothing'), (v) => { answer.partialCredit = v; changed(); }));
    }
    if (type === 'ordering') {
      extras.push(textField('What order? (for example "smallest first")', `${iPath}/orderLabel`, () => String(interaction.orderLabel ?? ''), (v) => { interaction.orderLabel = v; }));
    }
    const legend = type === 'ordering' ? 'Options, in the correct order (pupils see them scrambled)' : 'Options';
    const legendId = uid('options-legend');
    return el('fieldset', { class: 'options-editor', 'aria-labelledby': legendId },
      el('legend', { id: legendId }, legend), listError, keyError, type === 'choice' ? optionNotesHint(kit, aPath) : null,
      el('ol', { class: 'option-list' }, ...rows), add, ...extras);
  }

  function typedEditor(interaction: Loose, answer: Loose, iPath: string, aPath: string): HTMLElement[] {
    const type = String(interaction.type);
    const affixes = [
      textField('Text before the answer box (optional, e.g. "x =")', `${iPath}/prefix`, () => String(interaction.prefix ?? ''), (v) => { interaction.prefix = v; }, { width: 'short' }),
      textField('Text after the answer box (optional, e.g. "cm²")', `${iPath}/suffix`, () => String(interaction.suffix ?? ''), (v) => { interaction.suffix = v; }, { width: 'short' }),
    ];
    const tolerance = (): HTMLElement => textField('Accept answers within ± (optional)', `${aPath}/tolerance/absolute`,
      () => String((answer.tolerance as Loose | undefined)?.absolute ?? ''),
      (v) => { const t = (answer.tolerance as Loose | undefined) ?? {}; setOrDelete(t, 'absolute', numberOrText(v)); answer.tolerance = t; },
      { inputmode: 'decimal', width: 'short' });
    const rounding = (): HTMLElement[] => [
      textField('Pupils must give exactly this many decimal places (optional)', `${aPath}/decimalPlaces`, () => String(answer.decimalPlaces ?? ''), (v) => setOrDelete(answer, 'decimalPlaces', numberOrText(v)), { inputmode: 'numeric', width: 'short' }),
      textField('…or this many significant figures (optional)', `${aPath}/significantFigures`, () => String(answer.significantFigures ?? ''), (v) => setOrDelete(answer, 'significantFigures', numberOrText(v)), { inputmode: 'numeric', width: 'short' }),
    ];
    switch (type) {
      case 'text':
        return [
          textField('Accepted answers, one per line', `${aPath}/accepted`, () => (answer.accepted as string[]).join('\n'), (v) => { answer.accepted = v.split('\n'); }, { multiline: true }),
          checkbox('Ignore capital letters', `${aPath}/normalise/ignoreCase`, (answer.normalise as Loose | undefined)?.ignoreCase !== false, (v) => { answer.normalise = { ...(answer.normalise as Loose | undefined), ignoreCase: v }; }),
          checkbox('Ignore punctuation', `${aPath}/normalise/ignorePunctuation`, (answer.normalise as Loose | undefined)?.ignorePunctuation === true, (v) => { answer.normalise = { ...(answer.normalise as Loose | undefined), ignorePunctuation: v }; }),
        ];
      case 'numeric':
        return [
          textField('The answer', `${aPath}/value`, () => String(answer.value ?? ''), (v) => { answer.value = v.trim(); }, { hint: 'A number, a fraction such as 3/4 or a mixed number such as 2 1/2.', inputmode: 'decimal', width: 'short' }),
          tolerance(), ...rounding(), ...affixes,
        ];
      case 'expression':
        return [
          textField('The answer', `${aPath}/value`, () => String(answer.value ?? ''), (v) => { answer.value = v; }, { hint: 'As a pupil would type it, e.g. 2x(x+1) or y = 2x + 3. Any equivalent answer is accepted unless you ask for a form.', width: 'long' }),
          el('fieldset', { class: 'checks' }, el('legend', {}, 'The answer must also be (optional)'), registerGroup(`${aPath}/forms`),
            ...FORMS.map(([form, words]) => checkbox(words, `${aPath}/forms/${form}`, ((answer.forms as string[] | undefined) ?? []).includes(form), (on) => {
              const forms = new Set((answer.forms as string[] | undefined) ?? []);
              if (on) forms.add(form); else forms.delete(form);
              setOrDelete(answer, 'forms', FORMS.map(([f]) => f).filter((f) => forms.has(f)));
            }))),
          affixes[0] as HTMLElement,
        ];
      case 'quantity':
        return [
          textField('The answer (the number)', `${aPath}/value`, () => String(answer.value ?? ''), (v) => { answer.value = v.trim(); }, { inputmode: 'decimal', width: 'short' }),
          textField('Its units', `${aPath}/unit`, () => String(answer.unit ?? ''), (v) => { answer.unit = v.trim(); }, { hint: 'For example cm, m/s, km/h or cm^2.', width: 'short' }),
          checkbox('Only these units (otherwise any equivalent units are converted and accepted)', `${aPath}/units`, answer.units === 'strict', (v) => setOrDelete(answer, 'units', v ? 'strict' : undefined)),
          tolerance(), ...rounding(), affixes[0] as HTMLElement,
        ];
      default:
        return [];
    }
  }

  /** The interaction and key of a single question (the whole item, or one part). */
  function singleEditor(holder: { get(): { interaction: Loose; answer: Loose }; set(value: { interaction: Loose; answer: Loose }): void }, iPath: string, aPath: string, group: string, types: [string, string][]): HTMLElement[] {
    const { interaction, answer } = holder.get();
    const typeSelect = select('Kind of answer', `${iPath}/type`, types, String(interaction.type), (type) => {
      const options = Array.isArray(interaction.options) ? (interaction.options as Loose[]) : undefined;
      holder.set(defaultsFor(type, options));
      rebuild(document.activeElement?.id);
    });
    const body = Array.isArray(interaction.options) ? [optionsEditor(interaction, answer, iPath, aPath, group)] : [...typedEditor(interaction, answer, iPath, aPath), ...anticipatedFields(kit, answer, aPath)];
    return [typeSelect, ...body];
  }

  function partsEditor(): HTMLElement {
    const interaction = draft.interaction as Loose;
    const answer = draft.answer as Loose;
    const parts = interaction.parts as Loose[];
    const keys = answer.parts as Record<string, Loose>;
    const sections = parts.map((part, index) => {
      const pid = String(part.id);
      const legendId = uid(`part-${pid}`);
      const removeId = `${idPrefix}-part-${pid}-remove`;
      return el('fieldset', { class: 'part-editor', 'aria-labelledby': legendId },
        el('legend', { id: legendId }, `Part (${pid})`),
        textField(`Question for part (${pid})`, `/interaction/parts/${index}/stem`, () => String(part.stem ?? ''), (v) => { part.stem = v; }, { multiline: true }),
        ...singleEditor({
          get: () => ({ interaction: part.interaction as Loose, answer: keys[pid] as Loose }),
          set: (value) => { part.interaction = value.interaction; keys[pid] = value.answer; },
        }, `/interaction/parts/${index}/interaction`, `/answer/parts/${pid}`, `part-${pid}`, SINGLE_TYPES),
        el('button', {
          type: 'button', class: 'secondary small', id: removeId, disabled: parts.length <= 1,
          onclick: () => { parts.splice(index, 1); delete keys[pid]; rebuild(`${idPrefix}-add-part`); },
        }, `Remove part (${pid})`));
    });
    return el('div', { class: 'parts-editor' }, registerGroup('/interaction/parts'), ...sections,
      el('button', {
        type: 'button', class: 'secondary', id: `${idPrefix}-add-part`,
        onclick: () => {
          let code = 97;
          while (parts.some((p) => p.id === String.fromCharCode(code))) code += 1;
          const id = String.fromCharCode(code);
          const fresh = defaultsFor('numeric');
          parts.push({ id, stem: '', interaction: fresh.interaction });
          keys[id] = fresh.answer;
          rebuild(`${idPrefix}-add-part`);
        },
      }, 'Add a part'));
  }

  function criteriaEditor(): HTMLElement {
    const chosen = new Set(draft.criteria as string[]);
    const legendId = uid('criteria-legend');
    const filterId = uid('criteria-filter');
    const list = el('ul', { class: 'criteria-list' });
    const count = el('p', { class: 'hint', id: uid('criteria-count'), 'aria-live': 'polite' });
    const fill = (): void => {
      const words = criteriaFilter.toLowerCase();
      const matching = choices.criteria.filter((c) => chosen.has(c.id) || words === '' || `${c.id} ${c.statement} grade ${c.grade ?? ''}`.toLowerCase().includes(words));
      count.textContent = matching.length > 60 ? `Showing 60 of ${matching.length} criteria: type a code, a grade ("grade 5") or words to narrow them.` : `${matching.length} criteria shown.`;
      replaceChildren(list, ...matching
        .slice(0, 60)
        .map((c) => {
          const id = `${idPrefix}-criterion-${c.id.replace(/[^A-Za-z0-9-]/g, '-')}`;
          const box = el('input', { type: 'checkbox', id, value: c.id, checked: chosen.has(c.id), 'data-path': `/criteria/${c.id}` });
          box.addEventListener('change', () => {
            if (box.checked) chosen.add(c.id); else chosen.delete(c.id);
            draft.criteria = choices.criteria.map((x) => x.id).filter((x) => chosen.has(x)).concat([...chosen].filter((x) => !choices.criteria.some((y) => y.id === x)));
            changed();
          });
          return el('li', { class: 'check' }, box, el('label', { for: id }, el('strong', {}, c.id), ` ${c.statement}`, c.grade ? ` (grade ${c.grade})` : ''));
        }));
    };
    const filter = el('input', { type: 'search', id: filterId, value: criteriaFilter, autocomplete: 'off' });
    filter.addEventListener('input', () => { criteriaFilter = filter.value; fill(); });
    fill();
    const error = register('/criteria', filter);
    return el('fieldset', { class: 'criteria-editor', 'aria-labelledby': legendId },
      el('legend', { id: legendId }, 'Criteria this question evidences'),
      error,
      el('div', { class: 'field' }, el('label', { for: filterId }, 'Find a criterion by code, grade or words'), filter),
      count, list);
  }

  function modulesEditor(): HTMLElement {
    const tags = (draft.tags as Loose | undefined) ?? {};
    draft.tags = tags;
    const chosen = new Set(Array.isArray(tags.modules) ? (tags.modules as string[]) : []);
    const legendId = uid('modules-legend');
    return el('fieldset', { class: 'checks', 'aria-labelledby': legendId },
      el('legend', { id: legendId }, 'Modules to try it in'),
      el('p', { class: 'hint' }, 'Once live, the question is given to pupils sitting these modules as an unscored trial question until its difficulty has been estimated from their answers.'),
      registerGroup('/tags/modules'),
      ...choices.modules.map((m) => checkbox(m.title, `/tags/modules/${m.id}`, chosen.has(m.id), (on) => {
        if (on) chosen.add(m.id); else chosen.delete(m.id);
        tags.modules = choices.modules.map((x) => x.id).filter((x) => chosen.has(x));
      })));
  }

  function parametersEditor(): HTMLElement {
    const parameters = draft.parameters as Loose;
    const legendId = uid('parameters-legend');
    return el('fieldset', { class: 'parameters-editor', 'aria-labelledby': legendId },
      el('legend', { id: legendId }, 'How hard is it? (your judgement until pupils\' answers are analysed)'),
      el('p', { class: 'hint' }, 'Difficulty b is on the ability scale: about (grade − 5) × 0.55, so 0 is a grade 5 question, −1.1 grade 3, 1.65 grade 8. Discrimination a is usually between 0.8 and 1.6.'),
      textField('Difficulty (b)', '/parameters/b', () => String(parameters.b ?? ''), (v) => setOrDelete(parameters, 'b', numberOrText(v)), { inputmode: 'decimal', width: 'short' }),
      textField('Discrimination (a)', '/parameters/a', () => String(parameters.a ?? ''), (v) => setOrDelete(parameters, 'a', numberOrText(v)), { inputmode: 'decimal', width: 'short' }),
      registerGroup('/parameters'));
  }

  function render(): void {
    slots = new Map();
    counter = 0;
    const topInteraction = draft.interaction as Loose;
    const fields: HTMLElement[] = [];
    if (isNew) {
      fields.push(textField('Item id (optional; one is made up if you leave it empty)', '/id', () => String(draft.id ?? ''), (v) => setOrDelete(draft, 'id', v.trim()), { width: 'medium' }));
    }
    fields.push(textField('Question', '/stem', () => String(draft.stem ?? ''), (v) => { draft.stem = v; }, {
      multiline: true, hint: 'Markdown with maths between dollar signs, e.g. Work out $\\frac{3}{4}$ of 20.',
    }));
    fields.push(picture.render());
    fields.push(...singleEditor({
      get: () => ({ interaction: draft.interaction as Loose, answer: draft.answer as Loose }),
      set: (value) => { draft.interaction = value.interaction; draft.answer = value.answer; },
    }, '/interaction', '/answer', 'item', ALL_TYPES));
    if (topInteraction.type === 'multi-part') fields.push(partsEditor());
    fields.push(criteriaEditor(), modulesEditor(), parametersEditor());
    replaceChildren(body, ...fields);
  }

  function clearErrors(): void {
    lastErrors = [];
    summary.hidden = true;
    replaceChildren(summary);
    for (const slot of slots.values()) {
      slot.error.hidden = true;
      slot.error.textContent = '';
      slot.focus.removeAttribute('aria-invalid');
    }
  }

  function showErrors(details: readonly Detail[]): void {
    clearErrors();
    lastErrors = details;
    if (details.length === 0) return;
    const grouped = groupByField([...slots.keys()], details);
    const links: HTMLElement[] = [];
    for (const [path, messages] of grouped) {
      const slot = slots.get(path);
      if (!slot || path === '') {
        links.push(...messages.map((m) => el('li', {}, m)));
        continue;
      }
      slot.error.textContent = messages.join(' ');
      slot.error.hidden = false;
      if (slot.focus !== slot.error) slot.focus.setAttribute('aria-invalid', 'true');
      const target = slot.focus;
      links.push(...messages.map((m) => el('li', {}, el('a', { href: `#${target.id || ''}`, onclick: (event: Event) => { event.preventDefault(); target.focus(); } }, m))));
    }
    replaceChildren(summary, el('h2', {}, details.length === 1 ? 'There is 1 problem to fix' : `There are ${details.length} problems to fix`), el('ul', {}, ...links));
    summary.hidden = false;
  }

  const kit: FieldKit = { idPrefix, uid, register, registerGroup, changed, rebuild };
  const picture = createPictureField(draft, kit);
  render();
  return {
    element: el('div', { class: 'item-editor' }, summary, body),
    item: () => cleaned(draft),
    showErrors,
    clearErrors,
    onChange: (listener) => { listeners.push(listener); },
  };
}

/** The summary element, so a failed save can move focus to it. */
export function focusErrorSummary(editor: ItemEditor): void {
  const summary = editor.element.querySelector<HTMLElement>('.error-summary');
  if (summary && !summary.hidden) summary.focus();
}
