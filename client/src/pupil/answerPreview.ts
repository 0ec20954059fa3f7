import { readAnswer } from '../../../server/scoring/readAnswer';
import { announce } from '../shared/announce';

/** How long typing must pause before the preview is spoken, so a screen reader is not flooded. */
const SPEAK_AFTER_MS = 800;

/** A number followed by units ("12.5 km/h"): the units are words, not letters multiplied. */
const QUANTITY = /^([-−+]?[0-9][0-9.,]*(?:\s+[0-9]+\/[0-9]+)?(?:\/[0-9]+)?|[-−+]?[0-9]*[½¼¾⅓⅔⅛⅜⅝⅞])\s*(\S.*)?$/;

function unitsForDisplay(units: string): string {
  return units.replace(/\^2/g, '²').replace(/\^3/g, '³');
}

/** The preview line for what the pupil typed; `kind` is the interaction type. */
export function previewText(typed: string, kind: string): string {
  const trimmed = typed.trim();
  if (trimmed === '') return '';
  const quantity = kind === 'quantity' ? QUANTITY.exec(trimmed) : null;
  const source = quantity ? quantity[1] : trimmed;
  let display: string;
  let problem: string | undefined;
  try {
    ({ display, problem } = readAnswer(source));
  } catch {
    display = source;
  }
  if (quantity && quantity[2]) display = `${display} ${unitsForDisplay(quantity[2])}`;
  return `We read your answer as: ${display}${problem ? `. Check: ${problem}.` : ''}`;
}

/**
 * "We read your answer as …": the same reading the server's marking uses (server/scoring's pure
 * readAnswer, bundled), shown as the pupil types so a misread is caught before it is sent. The
 * preview is shown at once; it is spoken only once typing pauses.
 */
export function attachAnswerPreview(input: HTMLInputElement, preview: HTMLElement, kind: string): void {
  let timer: number | undefined;
  const show = (): void => { preview.textContent = previewText(input.value, kind); };
  input.addEventListener('input', () => {
    show();
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { if (preview.textContent) announce(preview.textContent); }, SPEAK_AFTER_MS);
  });
  show();
}
