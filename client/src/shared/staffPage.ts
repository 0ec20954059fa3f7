/**
 * The shell the staff pages share (teacher.html, authoring.html, progress.html, standards.html): the header's
 * account slot (name and sign-out), the staff sign-in form, the settings panel in the header's
 * slot and the way a failure is shown. Each page keeps only what it does once signed in.
 */
import { ApiError, explainError, requestJson } from './api';
import { announce } from './announce';
import { el, focusHeading, replaceChildren } from './element';
import type { User } from './protocol';
import { mountSettingsPanel } from './settingsPanel';

export const main = document.getElementById('main') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;

export function mountHeaderSettings(): void {
  mountSettingsPanel(document.getElementById('settings') as HTMLElement);
}

/** True when the server said the session is missing or over (the page should ask to sign in). */
export function isSignedOut(failure: unknown): boolean {
  return failure instanceof ApiError && failure.status === 401;
}

/** A failure in words a person can act on, read out by screen readers as it appears. */
export function problem(message: string): HTMLElement {
  return el('p', { class: 'problem', role: 'alert' }, message);
}

/** The signed-in person's name in the header, then whatever the page adds (a sign-out button). */
export function showAccount(user: { name: string }, ...extra: HTMLElement[]): void {
  replaceChildren(account, el('span', { class: 'who' }, user.name), ...extra);
}

export function signOutButton(afterSignOut: () => void): HTMLElement {
  return el('button', { type: 'button', class: 'link-button', onclick: () => void signOut(afterSignOut) }, 'Sign out');
}

async function signOut(afterSignOut: () => void): Promise<void> {
  // Signing out locally must work even when the server cannot be reached.
  await requestJson('POST', '/api/auth/logout').catch(() => undefined);
  afterSignOut();
  announce('You have signed out.');
}

/** A labelled form control; the id doubles as the name so the browser can fill it in. */
export function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement): HTMLElement {
  input.id = id;
  input.name = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), input);
}

export interface StaffLogin<U> {
  heading: string;
  /** Why the form is shown (a session ended, the account is not staff); none on first visit. */
  message?: string;
  /** A line under the form, e.g. where pupils sign in instead. */
  aside?: HTMLElement;
  onSignedIn: (user: U) => void;
}

/** The staff sign-in form in place of the page, checking for empty fields before it asks the server. */
export function showStaffLogin<U extends Pick<User, 'name'>>({ heading: title, message, aside, onSignedIn }: StaffLogin<U>): void {
  replaceChildren(account);
  const heading = el('h1', { id: 'login-heading' }, title);
  const error = el('p', { class: 'problem', role: 'alert', hidden: !message }, message ?? '');
  const email = el('input', { type: 'email', autocomplete: 'username', required: true });
  const password = el('input', { type: 'password', autocomplete: 'current-password', required: true });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el('form', { class: 'panel login', novalidate: true, 'aria-labelledby': heading.id },
    heading, error, field('email', 'Email address', email), field('password', 'Password', password),
    el('div', { class: 'actions' }, submit),
    aside);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      error.textContent = !email.value.trim() ? 'Type your email address.' : 'Type your password.';
      error.hidden = false;
      (!email.value.trim() ? email : password).focus();
      return;
    }
    submit.disabled = true;
    requestJson<{ user: U }>('POST', '/api/auth/teacher', { email: email.value.trim(), password: password.value })
      .then(({ user }) => onSignedIn(user))
      .catch((failure: unknown) => {
        submit.disabled = false;
        error.textContent = explainError(failure);
        error.hidden = false;
        password.value = '';
        password.focus();
      });
  });
  replaceChildren(main, form);
  focusHeading(heading);
}
