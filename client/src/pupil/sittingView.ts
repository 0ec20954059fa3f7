import { el, focusHeading, replaceChildren } from '../shared/element';
import { parseStem } from '../shared/stemMarkup';
import { renderBlocks } from '../shared/renderStem';
import { blocksToSpeech } from '../shared/stemSpeech';
import { announce } from '../shared/announce';
import type { ModuleResult, PupilAnswer, SittingState } from '../shared/protocol';
import { renderInteraction, type RenderedInteraction } from './interactions';
import { readAloudAvailable, speak, stopSpeaking } from './readAloud';
import { crossedWarning, describeDuration, formatClock } from './timeRemaining';

export interface ItemViewOptions {
  state: SittingState;
  /** An answer to put back in the form (queued before a reload, or refused and to be resent). */
  restore?: PupilAnswer;
  /** A message to show above the submit button (e.g. why the last send was refused). */
  notice?: string;
  onSubmit(answer: PupilAnswer): void;
}

/** The ticking clock of a timed module; the server enforces the limit, this only shows it. */
class Countdown {
  private timer: number | undefined;

  constructor(private readonly output: HTMLElement, private readonly onTimeUp: () => void) {}

  start(remainingMs: number): void {
    this.stop();
    const endsAt = performance.now() + remainingMs;
    let previous = remainingMs;
    const tick = (): void => {
      const left = endsAt - performance.now();
      this.output.textContent = formatClock(left);
      this.output.setAttribute('aria-label', `Time left: ${describeDuration(left)}`);
      const warning = crossedWarning(previous, left);
      if (warning !== null) announce(`${describeDuration(warning)} left.`);
      previous = left;
      if (left <= 0) { this.stop(); this.onTimeUp(); }
    };
    tick();
    this.timer = window.setInterval(tick, 1000);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * Draws the sitting's screens (question, paused, finished) into <main>. Holds no sitting state
 * of its own: the player decides what to show.
 */
export class SittingView {
  private countdown: Countdown | null = null;
  private submitButton: HTMLButtonElement | null = null;
  private statusLine: HTMLElement | null = null;

  constructor(private readonly main: HTMLElement, private readonly onTimeUp: () => void) {}

  showItem(options: ItemViewOptions): void {
    const { state } = options;
    const item = state.item;
    if (!item) return;
    this.clear();
    const headingId = 'question-heading';
    const heading = el('h1', { id: headingId, class: 'question-heading' }, `Question ${state.sequence}`);
    const stemBlocks = parseStem(item.stem);
    const interaction: RenderedInteraction = renderInteraction(item.interaction, {
      idPrefix: `item-${state.sequence}`, shuffleSeed: `${state.sessionId}:${item.id}`, restore: options.restore,
      labelledBy: headingId,
    });
    const problem = el('p', { class: 'problem', id: 'answer-problem', hidden: true });
    this.statusLine = el('p', { class: 'send-status', id: 'send-status' }, options.notice ?? '');
    this.submitButton = el('button', { type: 'submit', class: 'primary' }, 'Submit answer');

    const readButton = readAloudAvailable() ? el('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, 'Read aloud') : null;
    if (readButton) {
      readButton.addEventListener('click', () => {
        if (readButton.getAttribute('aria-pressed') === 'true') {
          stopSpeaking();
          readButton.setAttribute('aria-pressed', 'false');
          return;
        }
        readButton.setAttribute('aria-pressed', 'true');
        const words = `Question ${state.sequence}. ${blocksToSpeech(stemBlocks)} ${item.image ? `Picture: ${item.image.alt}.` : ''} ${interaction.speech()}`;
        speak(words, () => readButton.setAttribute('aria-pressed', 'false'));
      });
    }

    const clock = el('span', { class: 'clock', role: 'timer' });
    const progress = el('div', { class: 'sitting-bar' },
      el('p', { class: 'progress' }, `${state.answered} answered so far`),
      state.timeRemainingMs !== null ? el('p', { class: 'time' }, 'Time left ', clock) : null,
      readButton,
    );

    const form = el('form', { class: 'answer-form', novalidate: true, 'aria-labelledby': headingId },
      interaction.element, problem, this.statusLine,
      el('div', { class: 'actions' }, this.submitButton),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.submitButton?.disabled) return;
      const collected = interaction.collect();
      if ('problem' in collected) {
        problem.textContent = collected.problem;
        problem.hidden = false;
        collected.focus.setAttribute('aria-invalid', 'true');
        collected.focus.setAttribute('aria-errormessage', problem.id);
        collected.focus.focus();
        announce(collected.problem);
        return;
      }
      problem.hidden = true;
      stopSpeaking();
      options.onSubmit(collected.answer);
    });

    replaceChildren(this.main,
      el('article', { class: 'item', 'aria-labelledby': headingId },
        progress,
        heading,
        el('div', { class: 'stem' }, ...renderBlocks(stemBlocks)),
        item.image ? el('img', { class: 'stem-image', src: item.image.src, alt: item.image.alt }) : null,
        form,
      ),
    );
    if (state.timeRemainingMs !== null) {
      this.countdown = new Countdown(clock, this.onTimeUp);
      this.countdown.start(state.timeRemainingMs);
    }
    focusHeading(heading);
  }

  /** The answer is on its way (or waiting for the connection): no double submits meanwhile. */
  setSending(sending: boolean, message: string, waiting = false): void {
    if (this.submitButton) {
      this.submitButton.disabled = sending;
      this.submitButton.textContent = !sending ? 'Submit answer' : waiting ? 'Waiting to send…' : 'Sending…';
    }
    if (this.statusLine) this.statusLine.textContent = message;
  }

  showPaused(): void {
    this.clear();
    const heading = el('h1', {}, 'Paused');
    replaceChildren(this.main, el('section', { class: 'panel', 'aria-labelledby': 'paused-heading' },
      heading,
      el('p', {}, 'Your teacher has paused this module. Stay on this page: it carries on from the same question when your teacher lets you continue.'),
    ));
    heading.id = 'paused-heading';
    focusHeading(heading);
    announce('Paused by your teacher.');
  }

  showResult(result: ModuleResult | null, onBack: () => void): void {
    this.clear();
    const heading = el('h1', { id: 'result-heading' }, 'You have finished');
    const back = el('button', { type: 'button', class: 'secondary', onclick: onBack }, 'Back to your modules');
    if (!result) {
      replaceChildren(this.main, el('section', { class: 'panel', 'aria-labelledby': heading.id },
        heading, el('p', {}, 'Thank you. Your answers are saved.'), back));
      focusHeading(heading);
      return;
    }
    // The full criteria report (server/grading/moduleResult.ts) also says which were not shown yet.
    const report = (result as ModuleResult & { criteria?: { statement: string; shown: boolean }[] }).criteria ?? [];
    const notYet = report.filter((criterion) => !criterion.shown);
    const sure = typeof result.gradeProbability === 'number'
      ? el('p', { class: 'certainty' }, `We are ${Math.round(result.gradeProbability * 100)}% sure of this grade.`) : null;
    replaceChildren(this.main, el('section', { class: 'panel result', 'aria-labelledby': heading.id },
      heading,
      el('dl', { class: 'result-figures' },
        el('div', {}, el('dt', {}, 'Grade'), el('dd', { class: 'grade' }, result.grade === null ? 'Not graded' : String(result.grade))),
        el('div', {}, el('dt', {}, 'Scale score'), el('dd', { class: 'scale-score' }, String(Math.round(result.scaleScore)))),
      ),
      sure,
      result.canDo.length > 0 ? el('h2', {}, 'You showed that you can') : null,
      result.canDo.length > 0 ? el('ul', { class: 'can-do' }, ...result.canDo.map((statement) => el('li', {}, statement)))
        : el('p', {}, 'Your teacher will talk with you about what to practise next.'),
      notYet.length > 0 ? el('h2', {}, 'Not shown yet: things to practise') : null,
      notYet.length > 0 ? el('ul', { class: 'not-yet' }, ...notYet.map((criterion) => el('li', {}, criterion.statement))) : null,
      el('p', {}, el('a', { href: 'progress.html', id: 'progress-link' }, 'See your progress toward your qualification')),
      back,
    ));
    focusHeading(heading);
  }

  clear(): void {
    this.countdown?.stop();
    this.countdown = null;
    this.submitButton = null;
    this.statusLine = null;
    stopSpeaking();
  }
}
