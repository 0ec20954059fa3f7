import { el, focusHeading, replaceChildren } from '../shared/element';
import { ApiError, explainError, requestJson } from '../shared/api';
import { announce } from '../shared/announce';
import { mountSettingsPanel } from '../shared/settingsPanel';
import type { AnswerMessage, PupilAnswer, SittingState } from '../shared/protocol';
import { AnswerOutbox, newIdempotencyKey } from '../pupil/answerOutbox';
import { SittingView } from '../pupil/sittingView';
import { SamplingConnection, SamplingConnectionLost, SamplingRefused } from './samplingConnection';

/**
 * The national sampling sitting: a pupil types the sampling code their teacher handed out, sits
 * the questions in the normal player (the pupil player's view and answer outbox), and sees a
 * thank-you page: no result, no credit. School staff can list which pupils to enter.
 */
const main = document.getElementById('main') as HTMLElement;
const banner = document.getElementById('connection') as HTMLElement;
let connection: SamplingConnection | null = null;

function setBanner(message: string | null): void {
  banner.textContent = message ?? '';
}

function showCodeForm(message?: string): void {
  connection?.close();
  connection = null;
  setBanner(null);
  const heading = el('h1', { id: 'code-heading' }, 'National sample: sign in');
  const error = el('p', { class: 'problem', role: 'alert', hidden: !message }, message ?? '');
  const input = el('input', { type: 'text', id: 'sampling-code', name: 'sampling-code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, 'aria-describedby': 'code-hint' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Start');
  const form = el('form', { class: 'panel login', novalidate: true, 'aria-labelledby': 'code-heading' },
    heading,
    el('p', { id: 'code-hint' }, 'Type the sampling code on the slip your teacher gave you, for example ABCDE-23456. Your answers help measure how the whole country is doing; nobody gets a mark from them.'),
    error,
    el('div', { class: 'field' }, el('label', { for: 'sampling-code' }, 'Sampling code'), input),
    el('div', { class: 'actions' }, submit),
    el('p', { class: 'aside' }, 'School staff? ', el('button', { type: 'button', class: 'link-button', onclick: () => void showSchoolCodes() }, 'See which pupils to enter')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (!code) { error.textContent = 'Type your sampling code.'; error.hidden = false; input.focus(); return; }
    submit.disabled = true;
    requestJson('POST', '/api/sampling/sitting/login', { code })
      .then(() => startSitting())
      .catch((failure: unknown) => {
        submit.disabled = false;
        error.textContent = failure instanceof ApiError && failure.error.code === 'UNAUTHENTICATED'
          ? 'That code was not recognised. Check it with your teacher.' : explainError(failure);
        error.hidden = false;
        input.focus();
      });
  });
  replaceChildren(main, form);
  focusHeading(heading);
}

function showThankYou(): void {
  connection?.close();
  connection = null;
  const heading = el('h1', { id: 'thanks-heading' }, 'Thank you');
  replaceChildren(main, el('section', { class: 'panel', 'aria-labelledby': 'thanks-heading' },
    heading,
    el('p', {}, 'You have finished. Your answers are saved and will help measure how pupils across the country are doing.'),
    el('p', {}, 'There is no mark or result for you, your teacher or your school from this test.'),
    el('button', { type: 'button', class: 'secondary', onclick: () => void signOut() }, 'Finish'),
  ));
  focusHeading(heading);
  announce('You have finished. Thank you.');
}

async function signOut(): Promise<void> {
  await requestJson('POST', '/api/sampling/sitting/logout').catch(() => undefined);
  showCodeForm();
}

/** One sitting: the server is the source of truth; answers go through the outbox and are resent with the same key. */
function startSitting(): void {
  const outbox = new AnswerOutbox(window.localStorage);
  const view = new SittingView(main, () => undefined);
  let sessionId: string | null = null;
  let shown = '';
  let sending = false;
  replaceChildren(main, el('p', { class: 'panel' }, 'Loading your first question…'));

  const show = (state: SittingState, restore?: PupilAnswer, notice?: string): void => {
    sessionId = state.sessionId;
    if (state.status === 'finished') { showThankYou(); return; }
    const key = `${state.sequence}:${state.item?.id ?? ''}`;
    if (key === shown && restore === undefined && notice === undefined) return;
    shown = key;
    view.showItem({ state, restore, notice, onSubmit: (answer) => submit(state, answer) });
  };

  const flush = async (): Promise<void> => {
    if (!sessionId || sending || !connection) return;
    const message = outbox.get(sessionId);
    if (!message) return;
    sending = true;
    view.setSending(true, 'Sending your answer…');
    try {
      const state = await connection.answer(message);
      outbox.remove(message.sessionId, message.idempotencyKey);
      sending = false;
      show(state);
    } catch (error) {
      sending = false;
      if (error instanceof SamplingConnectionLost) { view.setSending(true, 'Your answer is saved on this computer and will be sent when the connection is back.', true); return; }
      outbox.remove(message.sessionId, message.idempotencyKey);
      const reason = error instanceof SamplingRefused ? error.error.message : 'The answer could not be saved.';
      const state = await connection!.resume(message.sessionId).catch(() => null);
      if (state) show(state, state.sequence === message.sequence ? message.answer : undefined, `Your answer was not saved: ${reason}`);
      else view.setSending(false, `Your answer was not saved: ${reason}`);
    }
  };

  const submit = (state: SittingState, answer: PupilAnswer): void => {
    if (!state.item) return;
    const message: AnswerMessage = { sessionId: state.sessionId, sequence: state.sequence, itemId: state.item.id, answer, idempotencyKey: newIdempotencyKey(window.crypto) };
    outbox.put(message);
    void flush();
  };

  connection = new SamplingConnection({
    onConnectionChange: (connected) => {
      if (!connected) { setBanner('Reconnecting… Your answers are kept on this computer.'); return; }
      setBanner(null);
      const opening = sessionId && outbox.get(sessionId) ? flush() : connection!.start().then((state) => show(state));
      opening.catch((failure: unknown) => showCodeForm(failure instanceof Error ? failure.message : 'The sitting could not start.'));
    },
    onRefused: () => showCodeForm('Please type your sampling code again.'),
  });
}

/** A sampled school's staff: the codes to hand out and the window; never a result. */
async function showSchoolCodes(): Promise<void> {
  const heading = el('h1', { id: 'school-heading' }, 'National sample: pupils to enter');
  const section = el('section', { class: 'panel', 'aria-labelledby': 'school-heading' }, heading);
  replaceChildren(main, section);
  focusHeading(heading);
  try {
    const { cycles } = await requestJson<{ cycles: { name: string; window: { opensAt: string; closesAt: string } | null; pupils: { pupil: string; code: string }[] }[] }>('GET', '/api/sampling/school');
    if (cycles.length === 0) section.append(el('p', {}, 'Your school has no pupils to enter in a national sample now.'));
    for (const cycle of cycles) {
      const when = cycle.window ? `from ${new Date(cycle.window.opensAt).toLocaleString('en-GB')} to ${new Date(cycle.window.closesAt).toLocaleString('en-GB')}` : 'when the window is published';
      section.append(
        el('h2', {}, cycle.name),
        el('p', {}, `Give each pupil their code; they sit the test at ${location.host}/sampling.html ${when}. No results are given to schools, teachers or pupils.`),
        el('table', { class: 'live-table' },
          el('caption', {}, `Sampling codes for ${cycle.name}`),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Pupil'), el('th', { scope: 'col' }, 'Sampling code'))),
          el('tbody', {}, ...cycle.pupils.map((p) => el('tr', {}, el('th', { scope: 'row' }, p.pupil), el('td', {}, p.code))))),
      );
    }
  } catch (failure) {
    const signIn = failure instanceof ApiError && (failure.status === 401 || failure.status === 403);
    section.append(el('p', { class: 'problem', role: 'alert' }, signIn ? 'Sign in as a teacher of your school first.' : explainError(failure)),
      el('p', {}, el('a', { href: 'teacher.html' }, 'Teacher sign-in')));
  }
  section.append(el('p', {}, el('button', { type: 'button', class: 'link-button', onclick: () => showCodeForm() }, 'Back to the pupil sign-in')));
}

async function boot(): Promise<void> {
  mountSettingsPanel(document.getElementById('settings') as HTMLElement);
  try {
    await requestJson('GET', '/api/sampling/sitting/me');
    startSitting();
  } catch {
    showCodeForm();
  }
}

void boot();
