import { el } from '../shared/element';
import { parseInline, parseStem } from '../shared/stemMarkup';
import { renderBlocks, renderInlines } from '../shared/renderStem';
import { blocksToSpeech, inlinesToSpeech } from '../shared/stemSpeech';
import { announce } from '../shared/announce';
import type {
  Interaction, InteractionOption, PupilAnswer, SingleInteraction, SinglePupilAnswer, TypedInteraction,
} from '../shared/protocol';
import { stableShuffle } from './optionOrder';
import { attachAnswerPreview } from './answerPreview';

/** What the pupil must fix before an answer can be sent, and where to put their focus. */
export interface AnswerProblem { problem: string; focus: HTMLElement }

export interface RenderedInteraction {
  element: HTMLElement;
  collect(): { answer: PupilAnswer } | AnswerProblem;
  /** The options as words, for read-aloud. */
  speech(): string;
}

interface SingleRendered {
  element: HTMLElement;
  collect(): { answer: SinglePupilAnswer } | AnswerProblem;
  speech(): string;
}

interface RenderContext {
  /** Unique per item on the page, so ids never clash between parts. */
  idPrefix: string;
  /** Seeds a stable option order per session and item. */
  shuffleSeed: string;
  /** A previously typed answer (e.g. queued while offline before a reload). */
  restore?: PupilAnswer;
  /** The accessible name of the answer group (the question heading, or the part's stem). */
  labelledBy: string;
}

const TYPED_MATHS = new Set(['numeric', 'expression', 'quantity']);

function optionLabel(option: InteractionOption): Node[] {
  return renderInlines(parseInline(option.content));
}

function optionSpeech(options: InteractionOption[]): string {
  return options.map((option, index) => `Option ${index + 1}: ${inlinesToSpeech(parseInline(option.content))}.`).join(' ');
}

function renderChoice(
  interaction: Extract<SingleInteraction, { type: 'choice' | 'multiple-response' }>, context: RenderContext,
  restore: SinglePupilAnswer | undefined,
): SingleRendered {
  const multiple = interaction.type === 'multiple-response';
  const options = interaction.shuffle ? stableShuffle(interaction.options, context.shuffleSeed) : interaction.options;
  const chosen = new Set(Array.isArray(restore) ? restore : restore ? [restore] : []);
  const inputs = options.map((option) => el('input', {
    type: multiple ? 'checkbox' : 'radio',
    name: `${context.idPrefix}-choice`,
    id: `${context.idPrefix}-option-${option.id}`,
    value: option.id,
    checked: chosen.has(option.id),
  }));
  const hint = multiple ? el('p', { class: 'hint', id: `${context.idPrefix}-hint` }, hintForChoices(interaction)) : null;
  const fieldset = el('fieldset', { class: 'choices', 'aria-describedby': hint ? hint.id : null },
    el('legend', { class: 'visually-hidden' }, multiple ? 'Choose all the answers that apply' : 'Choose one answer'),
    hint,
    ...options.map((option, index) => el('div', { class: 'choice-row' },
      inputs[index],
      el('label', { for: inputs[index].id }, ...optionLabel(option)),
    )),
  );
  return {
    element: fieldset,
    collect() {
      const picked = inputs.filter((input) => input.checked).map((input) => input.value);
      if (picked.length === 0) {
        return { problem: multiple ? 'Choose at least one answer.' : 'Choose an answer.', focus: inputs[0] };
      }
      if (multiple) {
        const limits = interaction as Extract<SingleInteraction, { type: 'multiple-response' }>;
        if (limits.minChoices !== undefined && picked.length < limits.minChoices) {
          return { problem: `Choose at least ${limits.minChoices} answers.`, focus: inputs[0] };
        }
        if (limits.maxChoices !== undefined && picked.length > limits.maxChoices) {
          return { problem: `Choose no more than ${limits.maxChoices} answers.`, focus: inputs[0] };
        }
        return { answer: picked };
      }
      return { answer: picked[0] };
    },
    speech: () => `${multiple ? 'Choose all that apply.' : 'Choose one.'} ${optionSpeech(options)}`,
  };
}

function hintForChoices(interaction: Extract<SingleInteraction, { type: 'multiple-response' }>): string {
  const { minChoices, maxChoices } = interaction;
  if (minChoices !== undefined && minChoices === maxChoices) return `Choose ${minChoices} answers.`;
  return 'Choose all the answers that apply.';
}

/**
 * Ordering with buttons rather than drag and drop: keyboard and switch users can do it, and the
 * screen reader hears where each thing moved.
 */
function renderOrdering(
  interaction: Extract<SingleInteraction, { type: 'ordering' }>, context: RenderContext,
  restore: SinglePupilAnswer | undefined,
): SingleRendered {
  const byId = new Map(interaction.options.map((option) => [option.id, option]));
  let order: InteractionOption[] = Array.isArray(restore) && restore.every((id) => byId.has(id))
    ? restore.map((id) => byId.get(id) as InteractionOption)
    : interaction.options.slice();
  const list = el('ol', { class: 'ordering' });
  const words = (option: InteractionOption): string => inlinesToSpeech(parseInline(option.content));

  const draw = (focusId?: string, direction?: 'up' | 'down'): void => {
    while (list.firstChild) list.removeChild(list.firstChild);
    order.forEach((option, index) => {
      const move = (step: -1 | 1): void => {
        const target = index + step;
        const next = order.slice();
        [next[index], next[target]] = [next[target], next[index]];
        order = next;
        draw(option.id, step < 0 ? 'up' : 'down');
        announce(`${words(option)} moved to position ${target + 1} of ${order.length}.`);
      };
      const up = el('button', {
        type: 'button', class: 'move', 'data-option': option.id, 'data-direction': 'up',
        'aria-label': `Move ${words(option)} up`, disabled: index === 0, onclick: () => move(-1),
      }, '↑');
      const down = el('button', {
        type: 'button', class: 'move', 'data-option': option.id, 'data-direction': 'down',
        'aria-label': `Move ${words(option)} down`, disabled: index === order.length - 1, onclick: () => move(1),
      }, '↓');
      list.appendChild(el('li', { class: 'ordering-row' },
        el('span', { class: 'ordering-content' }, ...optionLabel(option)),
        el('span', { class: 'ordering-buttons' }, up, down),
      ));
    });
    if (focusId) {
      // Keep focus on the moved thing; if it hit an end, the other button is the one still usable.
      const buttons = Array.from(list.querySelectorAll<HTMLButtonElement>(`button[data-option="${CSS.escape(focusId)}"]`));
      const preferred = buttons.find((button) => button.dataset.direction === direction && !button.disabled)
        ?? buttons.find((button) => !button.disabled);
      preferred?.focus();
    }
  };
  draw();
  const instructions = `Use the ↑ and ↓ buttons to put these in order${interaction.orderLabel ? ` (${interaction.orderLabel})` : ''}.`;
  return {
    element: el('div', { class: 'ordering-group', role: 'group', 'aria-labelledby': context.labelledBy },
      el('p', { class: 'hint' }, instructions), list),
    collect: () => ({ answer: order.map((option) => option.id) }),
    speech: () => `Put these in order${interaction.orderLabel ? `, ${interaction.orderLabel}` : ''}. ${order.map((option, index) => `${index + 1}: ${words(option)}.`).join(' ')}`,
  };
}

function renderTyped(interaction: TypedInteraction, context: RenderContext, restore: SinglePupilAnswer | undefined): SingleRendered {
  const inputId = `${context.idPrefix}-answer`;
  const prefix = interaction.prefix ? el('span', { class: 'affix', id: `${inputId}-prefix` }, interaction.prefix) : null;
  const suffix = interaction.suffix ? el('span', { class: 'affix', id: `${inputId}-suffix` }, interaction.suffix) : null;
  const maths = TYPED_MATHS.has(interaction.type);
  const preview = maths ? el('p', { class: 'answer-preview', id: `${inputId}-preview` }) : null;
  const describedBy = [prefix?.id, suffix?.id, preview?.id].filter(Boolean).join(' ') || null;
  const input = el('input', {
    type: 'text', id: inputId, name: inputId, class: `answer-input answer-${interaction.type}`,
    autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
    maxlength: interaction.maxLength ?? (maths ? 200 : 500),
    'aria-describedby': describedBy,
    value: typeof restore === 'string' ? restore : null,
  });
  if (preview) attachAnswerPreview(input, preview, interaction.type);
  const label = {
    text: 'Your answer', numeric: 'Your answer (a number)', expression: 'Your answer (an expression)',
    quantity: 'Your answer (with units)',
  }[interaction.type];
  return {
    element: el('div', { class: 'typed-answer' },
      el('label', { for: inputId, class: 'answer-label' }, label),
      el('div', { class: 'answer-row' }, prefix, input, suffix),
      preview,
    ),
    collect() {
      const value = input.value.trim();
      if (value === '') return { problem: 'Type your answer in the box.', focus: input };
      return { answer: value };
    },
    speech: () => [interaction.prefix, 'Type your answer', interaction.suffix ? `in ${interaction.suffix}` : '']
      .filter(Boolean).join(' ') + '.',
  };
}

function renderSingle(interaction: SingleInteraction, context: RenderContext, restore: SinglePupilAnswer | undefined): SingleRendered {
  switch (interaction.type) {
    case 'choice':
    case 'multiple-response':
      return renderChoice(interaction, context, restore);
    case 'ordering':
      return renderOrdering(interaction, context, restore);
    default:
      return renderTyped(interaction, context, restore);
  }
}

export function renderInteraction(interaction: Interaction, context: RenderContext): RenderedInteraction {
  if (interaction.type !== 'multi-part') {
    const restore = typeof context.restore === 'string' || Array.isArray(context.restore) ? context.restore : undefined;
    return renderSingle(interaction, context, restore);
  }
  const restored = context.restore && typeof context.restore === 'object' && !Array.isArray(context.restore)
    ? context.restore : {};
  const parts = interaction.parts.map((part) => {
    const partPrefix = `${context.idPrefix}-${part.id}`;
    const stemBlocks = parseStem(part.stem);
    const stemId = `${partPrefix}-stem`;
    const rendered = renderSingle(part.interaction, {
      idPrefix: partPrefix, shuffleSeed: `${context.shuffleSeed}:${part.id}`, labelledBy: stemId,
    }, restored[part.id]);
    const element = el('section', { class: 'part', 'aria-labelledby': stemId },
      el('div', { class: 'part-stem', id: stemId }, ...renderBlocks(stemBlocks)),
      rendered.element,
    );
    return { part, rendered, element, speech: () => `${blocksToSpeech(stemBlocks)} ${rendered.speech()}` };
  });
  return {
    element: el('div', { class: 'parts' }, ...parts.map((part) => part.element)),
    collect() {
      const answer: { [partId: string]: SinglePupilAnswer } = {};
      for (const { part, rendered } of parts) {
        const collected = rendered.collect();
        if ('problem' in collected) return { problem: `Part ${part.id}: ${collected.problem}`, focus: collected.focus };
        answer[part.id] = collected.answer;
      }
      return { answer };
    },
    speech: () => parts.map((part) => part.speech()).join(' '),
  };
}
