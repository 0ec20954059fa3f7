/**
 * "How pupils will see it": the item's pupil projection drawn by THE SAME code as the pupil
 * player (shared/renderStem and pupil/interactions), and "try an answer", which collects what
 * the author entered in that preview exactly as the player would and shows the server's mark,
 * the answer note and how the answer was read.
 */
import { el, replaceChildren } from '../shared/element';
import { renderStem } from '../shared/renderStem';
import { renderInteraction, type RenderedInteraction } from '../pupil/interactions';
import { explainError } from '../shared/api';
import type { PupilAnswer, PupilItem, TriedAnswer } from './bankApi';

export interface PreviewPanel {
  element: HTMLElement;
  show(item: PupilItem): void;
  /** Shown instead of the question while it cannot be previewed. */
  waiting(message: string): void;
}

function describeMark(mark: TriedAnswer): HTMLElement[] {
  const lines: HTMLElement[] = [
    el('p', { class: 'try-score' }, el('strong', {}, `${mark.score} out of ${mark.maxScore} ${mark.maxScore === 1 ? 'mark' : 'marks'}`)),
    el('p', {}, 'Answer note: ', el('code', {}, mark.note), mark.noteText ? ` – ${mark.noteText}` : ''),
  ];
  if (mark.readAs) lines.push(el('p', {}, 'We read the answer as: ', el('span', { class: 'read-as' }, mark.readAs)));
  if (mark.parts) {
    lines.push(el('ul', {}, ...Object.entries(mark.parts).map(([id, part]) => el('li', {},
      `Part (${id}): ${part.score} out of ${part.maxScore}; `, el('code', {}, part.note), part.noteText ? ` – ${part.noteText}` : '',
      part.readAs ? `; read as ${part.readAs}` : ''))));
  }
  return lines;
}

export function createPreviewPanel(idPrefix: string, tryAnswer: (answer: PupilAnswer) => Promise<TriedAnswer>): PreviewPanel {
  const headingId = `${idPrefix}-preview-heading`;
  const questionId = `${idPrefix}-preview-question`;
  const body = el('div', { class: 'preview-body' });
  const result = el('div', { class: 'try-result', role: 'status', 'aria-live': 'polite' });
  const tryButton = el('button', { type: 'button', class: 'primary', id: `${idPrefix}-try`, disabled: true }, 'Try this answer');
  let rendered: RenderedInteraction | null = null;

  tryButton.addEventListener('click', () => {
    if (!rendered) return;
    const collected = rendered.collect();
    if ('problem' in collected) {
      replaceChildren(result, el('p', { class: 'problem' }, collected.problem));
      collected.focus.focus();
      return;
    }
    tryButton.disabled = true;
    replaceChildren(result, el('p', {}, 'Marking…'));
    tryAnswer(collected.answer)
      .then((mark) => replaceChildren(result, ...describeMark(mark)))
      .catch((error: unknown) => replaceChildren(result, el('p', { class: 'problem' }, explainError(error))))
      .finally(() => { tryButton.disabled = rendered === null; });
  });

  const element = el('section', { class: 'panel preview-panel', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, 'How pupils will see it'),
    el('div', { class: 'item pupil-preview', id: questionId }, body),
    el('h3', {}, 'Try an answer'),
    el('p', { class: 'hint' }, 'Answer in the preview above as a pupil would, then try it: you see the mark and the answer note the marking records.'),
    tryButton, result);

  return {
    element,
    show(item) {
      const stemId = `${idPrefix}-preview-stem`;
      rendered = renderInteraction(item.interaction, { idPrefix: `${idPrefix}-pv`, shuffleSeed: `preview:${item.id}`, labelledBy: stemId });
      replaceChildren(body,
        el('div', { class: 'stem', id: stemId }, ...renderStem(item.stem)),
        item.image ? el('img', { class: 'stem-image', src: item.image.src, alt: item.image.alt }) : null,
        el('form', { class: 'answer-form preview-form', onsubmit: (event: Event) => { event.preventDefault(); tryButton.click(); } }, rendered.element));
      tryButton.disabled = false;
    },
    waiting(message) {
      rendered = null;
      tryButton.disabled = true;
      replaceChildren(body, el('p', { class: 'hint' }, message));
    },
  };
}
