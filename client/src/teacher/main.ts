import { io, type Socket } from 'socket.io-client';
import { el, focusHeading, replaceChildren } from '../shared/element';
import { explainError, requestJson } from '../shared/api';
import { announce } from '../shared/announce';
import {
  field, isSignedOut, main, mountHeaderSettings, problem, showAccount, showStaffLogin, signOutButton,
} from '../shared/staffPage';
import type { Ack, ClassSummary, ModuleSummary, PupilProgress, User } from '../shared/protocol';
import {
  STATUS_LABELS, announcementFor, describeResult, elapsedNow, formatElapsed, mergeProgress, sortedRows,
  type ProgressRow,
} from './classProgress';

/**
 * The teacher's view: sign in, pick a class, assign a module, watch the class live over the
 * `/class` namespace, pause or resume a pupil.
 */
const banner = document.getElementById('connection') as HTMLElement;
let socket: Socket | null = null;
let ticker: number | undefined;

function showLogin(message?: string): void {
  socket?.disconnect();
  socket = null;
  showStaffLogin<User>({
    heading: 'Sign in',
    message,
    aside: el('p', { class: 'aside' }, 'Pupil? ', el('a', { href: './' }, 'Go to the pupil sign-in')),
    onSignedIn: (user) => void showDashboard(user),
  });
}

function connectClassSocket(): Socket {
  const classSocket = io('/class', { withCredentials: true });
  classSocket.on('connect', () => { banner.textContent = ''; });
  classSocket.on('disconnect', () => { banner.textContent = 'Reconnecting to the live view…'; });
  classSocket.on('connect_error', (error: Error) => {
    if (!classSocket.active) showLogin(`Please sign in again (${error.message}).`);
  });
  return classSocket;
}

/** The pages a staff account's duties open, so every account lands somewhere useful. */
function toolLinks(staffRoles: readonly string[]): HTMLElement {
  const links: [string, string][] = [];
  if (staffRoles.some((role) => role === 'teacher' || role === 'reviewer' || role === 'standards-manager')) links.push(['authoring.html', 'Item bank: write and review questions']);
  if (staffRoles.includes('standards-manager')) links.push(['standards.html', 'Standards: cut scores, criteria and calibration'], ['progress.html?view=awards', 'Awards to certify']);
  if (staffRoles.includes('sampling-administrator')) links.push(['sampling-admin.html', 'National sampling administration']);
  if (staffRoles.includes('teacher')) links.push(['sampling.html', 'National sampling: codes for pupils at a sampled school']);
  return el('nav', { 'aria-label': 'Your Waymark tools' }, el('ul', { class: 'tool-links' }, ...links.map(([href, text]) => el('li', {}, el('a', { href }, text)))));
}

async function showDashboard(user: User): Promise<void> {
  showAccount(user, signOutButton(() => showLogin()));
  const staffRoles = user.staffRoles ?? ['teacher'];
  if (!staffRoles.includes('teacher')) {
    // A standards manager or sampling administrator has no classes: show their own pages.
    const toolsHeading = el('h1', { id: 'tools-heading' }, 'Your Waymark tools');
    replaceChildren(main, el('section', { class: 'panel', 'aria-labelledby': toolsHeading.id }, toolsHeading, toolLinks(staffRoles)));
    focusHeading(toolsHeading);
    return;
  }
  const heading = el('h1', { id: 'classes-heading' }, 'Your classes');
  replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'Loading…')));
  let classes: ClassSummary[];
  let modules: ModuleSummary[];
  try {
    [{ classes }, { modules }] = await Promise.all([
      requestJson<{ classes: ClassSummary[] }>('GET', '/api/teacher/classes'),
      requestJson<{ modules: ModuleSummary[] }>('GET', '/api/teacher/modules'),
    ]);
  } catch (failure) {
    if (isSignedOut(failure)) { showLogin(); return; }
    replaceChildren(main, el('section', { class: 'panel' }, heading, problem(explainError(failure))));
    focusHeading(heading);
    return;
  }
  socket?.disconnect();
  socket = connectClassSocket();

  const classSelect = el('select', {}, ...classes.map((group) => el('option', { value: group.id }, group.name)));
  const moduleSelect = el('select', {}, ...modules.map((module) => el('option', { value: module.id }, module.title)));
  const assignStatus = el('p', { class: 'send-status', role: 'status' });
  const assignButton = el('button', { type: 'submit', class: 'primary' }, 'Assign to this class');
  const assignForm = el('form', { class: 'toolbar', 'aria-label': 'Assign a module' },
    field('module', 'Module', moduleSelect), assignButton);
  assignForm.addEventListener('submit', (event) => {
    event.preventDefault();
    assignButton.disabled = true;
    const chosenClass = classes.find((group) => group.id === classSelect.value);
    requestJson('POST', '/api/teacher/assignments', { classId: classSelect.value, moduleId: moduleSelect.value })
      .then(() => { assignStatus.textContent = `Assigned “${moduleSelect.selectedOptions[0]?.textContent ?? ''}” to ${chosenClass?.name ?? 'the class'}.`; })
      .catch((failure: unknown) => { assignStatus.textContent = `Not assigned: ${explainError(failure)}`; })
      .finally(() => { assignButton.disabled = false; });
  });

  const resultsLink = el('a', { href: classes.length > 0 ? `progress.html?class=${encodeURIComponent(classes[0].id)}` : '#', id: 'class-results-link' }, 'Class results and qualification progress');
  classSelect.addEventListener('change', () => { resultsLink.href = `progress.html?class=${encodeURIComponent(classSelect.value)}`; });
  const liveRegion = el('section', { class: 'panel', 'aria-labelledby': 'live-heading' });
  replaceChildren(main,
    el('section', { class: 'panel', 'aria-labelledby': heading.id },
      heading,
      classes.length === 0 ? el('p', {}, 'You have no classes yet.') : el('div', { class: 'toolbar' }, field('class', 'Class', classSelect)),
      classes.length > 0 && modules.length > 0 ? assignForm : null,
      assignStatus,
      classes.length > 0 ? el('p', {}, resultsLink) : null,
      toolLinks(staffRoles),
    ),
    liveRegion,
  );
  focusHeading(heading);
  if (classes.length === 0) return;
  const watch = (): void => watchClass(classes.find((group) => group.id === classSelect.value) ?? classes[0], liveRegion);
  classSelect.addEventListener('change', watch);
  watch();
}

function watchClass(group: ClassSummary, container: HTMLElement): void {
  const classSocket = socket;
  if (!classSocket) return;
  let rows = new Map<string, ProgressRow>();
  const body = el('tbody');
  const table = el('table', { class: 'live-table' },
    el('caption', { class: 'visually-hidden' }, `Live progress of ${group.name}`),
    el('thead', {}, el('tr', {}, ...['Pupil', 'Status', 'Question', 'Time taken', 'Result', 'Action'].map((title) => el('th', { scope: 'col' }, title)))),
    body,
  );
  replaceChildren(container, el('h2', { id: 'live-heading' }, `Live: ${group.name}`),
    el('p', { class: 'hint' }, 'Updates as pupils answer. Finished pupils are announced.'), table);

  const pause = (row: ProgressRow, paused: boolean, button: HTMLButtonElement): void => {
    if (!row.sessionId) return;
    button.disabled = true;
    requestJson('POST', `/api/teacher/sessions/${encodeURIComponent(row.sessionId)}/pause`, { paused })
      .then(() => announce(`${row.name} ${paused ? 'paused' : 'can carry on'}.`))
      .catch((failure: unknown) => { announce(`Could not ${paused ? 'pause' : 'resume'} ${row.name}: ${explainError(failure)}`); button.disabled = false; });
  };

  // One button per pupil, kept across redraws: a progress push arriving while the teacher is
  // pressing Pause must not swap the button out from under the pointer or the keyboard.
  const buttons = new Map<string, HTMLButtonElement>();
  const actionButton = (row: ProgressRow): HTMLButtonElement => {
    let button = buttons.get(row.pupilId);
    if (!button) {
      const created = el('button', { type: 'button', class: 'secondary', 'data-pupil': row.pupilId });
      created.addEventListener('click', () => {
        const current = rows.get(row.pupilId);
        if (current) pause(current, current.status !== 'paused', created);
      });
      buttons.set(row.pupilId, created);
      button = created;
    }
    const label = `${row.status === 'paused' ? 'Resume' : 'Pause'} ${row.name}`;
    if (button.getAttribute('aria-label') !== label) {
      button.setAttribute('aria-label', label);
      button.textContent = row.status === 'paused' ? 'Resume' : 'Pause';
      button.disabled = false;
    }
    return button;
  };

  const draw = (): void => {
    const now = performance.now();
    const focusedAction = (document.activeElement as HTMLElement | null)?.dataset?.pupil;
    replaceChildrenOf(body, sortedRows(rows).map((row) => {
      const canPause = row.sessionId !== null && (row.status === 'in-progress' || row.status === 'paused');
      const button = canPause ? actionButton(row) : null;
      return el('tr', { 'data-pupil-row': row.pupilId },
        el('th', { scope: 'row' }, row.name),
        el('td', { 'data-label': 'Status' }, el('span', { class: `status status-${row.status}` }, STATUS_LABELS[row.status])),
        el('td', { 'data-label': 'Question' }, row.status === 'not-started' ? '–' : String(row.itemNumber)),
        el('td', { 'data-label': 'Time taken', class: 'elapsed' }, row.status === 'not-started' ? '–' : formatElapsed(elapsedNow(row, now))),
        el('td', { 'data-label': 'Result' }, describeResult(row.result)),
        el('td', { 'data-label': 'Action' }, button),
      );
    }));
    // Redrawing must not throw away the teacher's keyboard position.
    if (focusedAction) body.querySelector<HTMLElement>(`[data-pupil="${CSS.escape(focusedAction)}"]`)?.focus();
  };

  const receive = (update: PupilProgress): void => {
    if (!rows.has(update.pupilId) && !group.pupils.some((pupil) => pupil.id === update.pupilId)) return;
    const spoken = announcementFor(rows.get(update.pupilId), update);
    rows = mergeProgress(rows, update, performance.now());
    draw();
    if (spoken) announce(spoken);
  };

  classSocket.off('class:progress');
  classSocket.on('class:progress', receive);
  const subscribe = (): void => {
    classSocket.emit('class:watch', { classId: group.id }, (ack: Ack<{ snapshot: { classId: string; pupils: PupilProgress[] } }>) => {
      if (!ack.ok) { announce(`The live view is not available: ${ack.error.message}`); return; }
      const now = performance.now();
      rows = new Map(ack.snapshot.pupils.map((pupil) => [pupil.pupilId, { ...pupil, receivedAt: now }]));
      draw();
    });
  };
  // Watching is per connection: after a reconnect, ask again (and get a fresh snapshot).
  classSocket.off('connect');
  classSocket.on('connect', () => { banner.textContent = ''; subscribe(); });
  if (classSocket.connected) subscribe();

  window.clearInterval(ticker);
  ticker = window.setInterval(() => {
    const now = performance.now();
    for (const cell of Array.from(body.querySelectorAll<HTMLElement>('tr[data-pupil-row]'))) {
      const row = rows.get(cell.dataset.pupilRow ?? '');
      const elapsed = cell.querySelector<HTMLElement>('.elapsed');
      if (row && elapsed && row.status === 'in-progress') elapsed.textContent = formatElapsed(elapsedNow(row, now));
    }
  }, 1000);
}

function replaceChildrenOf(parent: HTMLElement, children: HTMLElement[]): void {
  replaceChildren(parent, ...children);
}

async function boot(): Promise<void> {
  mountHeaderSettings();
  try {
    const { user } = await requestJson<{ user: User }>('GET', '/api/me');
    if (user.role === 'teacher') { await showDashboard(user); return; }
    showLogin();
  } catch {
    showLogin();
  }
}

void boot();
