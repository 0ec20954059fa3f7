import { el, focusHeading, replaceChildren } from '../shared/element';
import { ApiError, explainError, requestJson } from '../shared/api';
import { announce } from '../shared/announce';
import { mountSettingsPanel } from '../shared/settingsPanel';
import type { Assignment, User } from '../shared/protocol';
import { loadSittingPointer, saveSittingPointer } from './answerOutbox';
import { Player } from './player';
import { ConnectionLost } from './sittingConnection';

/**
 * The pupil player: sign in with school code + PIN, choose an assigned module, sit it.
 * Plain DOM, no framework: it must stay small and quick on old school laptops.
 */
const main = document.getElementById('main') as HTMLElement;
const banner = document.getElementById('connection') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let player: Player | null = null;

function setBanner(message: string | null): void {
  // The banner is a live region that always exists (an empty one takes no space), so the
  // change of text is announced.
  banner.textContent = message ?? '';
}

function showAccount(user: User | null): void {
  if (!user) { replaceChildren(account); return; }
  replaceChildren(account,
    el('span', { class: 'who' }, user.name),
    el('button', { type: 'button', class: 'link-button', onclick: () => void signOut() }, 'Sign out'),
  );
}

function field(id: string, label: string, attributes: Record<string, string>): { wrapper: HTMLElement; input: HTMLInputElement } {
  const input = el('input', { type: 'text', id, name: id, ...attributes });
  return { wrapper: el('div', { class: 'field' }, el('label', { for: id }, label), input), input };
}

function showLogin(message?: string): void {
  player?.close();
  player = null;
  showAccount(null);
  setBanner(null);
  const heading = el('h1', {}, 'Sign in');
  const error = el('p', { class: 'problem', id: 'login-problem', role: 'alert', hidden: !message }, message ?? '');
  const school = field('school-code', 'School code', { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: 'true' });
  const pin = field('pin', 'Your PIN', { type: 'password', inputmode: 'numeric', autocomplete: 'off', required: 'true' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el('form', { class: 'panel login', novalidate: true, 'aria-labelledby': 'login-heading' },
    heading, el('p', {}, 'Type the school code and PIN your teacher gave you.'), error,
    school.wrapper, pin.wrapper, el('div', { class: 'actions' }, submit),
    el('p', { class: 'aside' }, 'Teacher? ', el('a', { href: 'teacher.html' }, 'Sign in to the class view')),
  );
  heading.id = 'login-heading';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const schoolCode = school.input.value.trim().toUpperCase();
    const pinValue = pin.input.value.trim();
    if (!schoolCode || !pinValue) {
      error.textContent = !schoolCode ? 'Type your school code.' : 'Type your PIN.';
      error.hidden = false;
      (!schoolCode ? school.input : pin.input).focus();
      return;
    }
    submit.disabled = true;
    requestJson<{ user: User }>('POST', '/api/auth/pupil', { schoolCode, pin: pinValue })
      .then(({ user }) => signedIn(user))
      .catch((failure: unknown) => {
        submit.disabled = false;
        error.textContent = explainError(failure);
        error.hidden = false;
        pin.input.value = '';
        pin.input.focus();
      });
  });
  replaceChildren(main, form);
  focusHeading(heading);
}

async function signOut(): Promise<void> {
  saveSittingPointer(window.localStorage, null);
  await requestJson('POST', '/api/auth/logout').catch(() => undefined);
  showLogin();
  announce('You have signed out.');
}

function signedIn(user: User): void {
  showAccount(user);
  player?.close();
  player = new Player(main, user.id, {
    setConnectionBanner: setBanner,
    backToModules: () => void showAssignments(user),
    signedOut: (message) => showLogin(`Please sign in again (${message}).`),
  });
  const sessionId = loadSittingPointer(window.localStorage, user.id);
  if (sessionId) {
    replaceChildren(main, el('p', { class: 'panel' }, 'Loading your question…'));
    player.resume(sessionId).catch((error: unknown) => {
      // A dropped connection is not a lost sitting: the player resumes it when the connection
      // comes back. Only a refusal (finished elsewhere, not this pupil's) abandons the pointer.
      if (error instanceof ConnectionLost) return;
      saveSittingPointer(window.localStorage, null);
      void showAssignments(user);
    });
  } else {
    void showAssignments(user);
  }
}

function assignmentAction(assignment: Assignment): string {
  if (!assignment.session) return 'Start';
  return assignment.session.status === 'finished' ? 'See your result' : 'Carry on';
}

async function showAssignments(user: User): Promise<void> {
  const heading = el('h1', {}, 'Your modules');
  replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'Loading…')));
  let assignments: Assignment[];
  try {
    ({ assignments } = await requestJson<{ assignments: Assignment[] }>('GET', '/api/pupil/assignments'));
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) { showLogin(); return; }
    replaceChildren(main, el('section', { class: 'panel' }, heading,
      el('p', { class: 'problem', role: 'alert' }, explainError(failure)),
      el('button', { type: 'button', class: 'secondary', onclick: () => void showAssignments(user) }, 'Try again')));
    focusHeading(heading);
    return;
  }
  const list = assignments.length === 0
    ? el('p', {}, 'You have no modules to do yet. Your teacher will set one.')
    : el('ul', { class: 'assignments' }, ...assignments.map((assignment) => {
      const titleId = `assignment-${assignment.assignmentId}`;
      const button = el('button', { type: 'button', class: 'primary', 'aria-describedby': titleId }, assignmentAction(assignment));
      button.addEventListener('click', () => {
        button.disabled = true;
        replaceChildren(main, el('p', { class: 'panel' }, 'Loading your question…'));
        const opening = assignment.session ? player?.resume(assignment.session.id) : player?.start(assignment.assignmentId);
        opening?.catch((failure: unknown) => {
          const reason = failure instanceof Error ? failure.message : 'Something went wrong.';
          void showAssignments(user).then(() => announce(`That module could not be opened: ${reason}`));
        });
      });
      return el('li', { class: 'assignment' },
        el('h2', { id: titleId }, assignment.title),
        el('p', { class: 'meta' }, assignment.timeLimitMinutes ? `Time limit: ${assignment.timeLimitMinutes} minutes` : 'No time limit',
          assignment.session?.status === 'in-progress' ? ' · started' : '',
          assignment.session?.status === 'paused' ? ' · paused' : '',
          assignment.session?.status === 'finished' ? ' · finished' : ''),
        button,
      );
    }));
  const progress = el('p', {}, el('a', { href: 'progress.html' }, 'Your progress and transcript'));
  replaceChildren(main, el('section', { class: 'panel', 'aria-labelledby': 'modules-heading' }, heading, progress, list));
  heading.id = 'modules-heading';
  focusHeading(heading);
}

async function boot(): Promise<void> {
  mountSettingsPanel(document.getElementById('settings') as HTMLElement);
  try {
    const { user } = await requestJson<{ user: User }>('GET', '/api/me');
    if (user.role === 'pupil') { signedIn(user); return; }
    showLogin();
  } catch {
    showLogin();
  }
}

void boot();
