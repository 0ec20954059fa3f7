/**
 * The item bank's authoring screens (authoring.html; docs/item-bank.md): the bank with status
 * filters, the editor with a live pupil preview, "try an answer" and the information curve,
 * one item's versions, actions and audit trail, and the reviewers' queue. Hash routes:
 * #/ (bank), #/review, #/new, #/item/<id>, #/item/<id>/edit.
 */
import { el, focusHeading, replaceChildren } from '../shared/element';
import { ApiError, explainError, requestJson } from '../shared/api';
import { announce } from '../shared/announce';
import {
  isSignedOut, main, mountHeaderSettings, problem, showAccount, showStaffLogin, signOutButton,
} from '../shared/staffPage';
import {
  type InformationCurve, type ItemDetail, type ItemDocument, type ItemStatus, type ItemSummary,
  type PupilItem, type StaffUser, type TaggingChoices, type TriedAnswer,
} from './bankApi';
import { createItemEditor, focusErrorSummary } from './itemEditor';
import { createPreviewPanel } from './previewPanel';
import { describeCurve, informationChart } from './informationChart';

let me: StaffUser | null = null;
let choices: TaggingChoices | null = null;

const STATUS_WORDS: Record<ItemStatus, string> = {
  draft: 'Draft', 'in-review': 'In review', approved: 'Approved', live: 'Live', retired: 'Retired',
};
const ACTION_WORDS: Record<string, string> = {
  create: 'wrote the first draft', edit: 'edited the draft', 'new-version': 'started a new version', submit: 'sent it for review',
  approve: 'approved it', return: 'returned it to the author', publish: 'put it live', retire: 'retired it', import: 'imported it',
};
const KIND_WORDS: Record<string, string> = {
  choice: 'Choose one', 'multiple-response': 'Choose all that apply', ordering: 'Put in order', text: 'Words', numeric: 'Number',
  expression: 'Expression', quantity: 'Quantity', 'multi-part': 'In parts',
};

const has = (role: string): boolean => (me?.staffRoles ?? []).includes(role);

function statusBadge(status: ItemStatus): HTMLElement {
  return el('span', { class: `badge badge-${status}` }, STATUS_WORDS[status]);
}

function stemExcerpt(stem: string): string {
  const plain = stem.replace(/\$([^$]*)\$/g, '$1').replace(/\\frac\{([^}]*)\}\{([^}]*)\}/g, '$1/$2').replace(/[\\{}*_#]/g, '');
  return plain.length > 110 ? `${plain.slice(0, 107)}…` : plain;
}

function debounce(run: () => void, ms: number): () => void {
  let timer: number | undefined;
  return () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, ms);
  };
}

async function loadChoices(): Promise<TaggingChoices> {
  choices ??= await requestJson<TaggingChoices>('GET', '/api/bank/criteria');
  return choices;
}

// ——— sign in ———

function showLogin(message?: string): void {
  me = null;
  showStaffLogin({ heading: 'Sign in to the item bank', message, onSignedIn: () => void start() });
}

function signedOut(): void {
  choices = null;
  window.location.hash = '';
  showLogin();
}

function failed(error: unknown): void {
  if (isSignedOut(error)) {
    showLogin('Please sign in again.');
    return;
  }
  const heading = el('h1', {}, 'Something went wrong');
  replaceChildren(main, heading, problem(explainError(error)), el('p', {}, el('a', { href: '#/' }, 'Back to the item bank')));
  focusHeading(heading);
}

// ——— the bank ———

function nav(current: 'bank' | 'review' | 'new'): HTMLElement {
  const link = (href: string, text: string, key: string): HTMLElement => el('a', { href, 'aria-current': current === key ? 'page' : null }, text);
  return el('nav', { class: 'bank-nav', 'aria-label': 'Item bank' },
    el('ul', {},
      el('li', {}, link('#/', 'All questions', 'bank')),
      has('reviewer') ? el('li', {}, link('#/review', 'Review queue', 'review')) : null,
      has('teacher') ? el('li', {}, link('#/new', 'Write a new question', 'new')) : null,
      el('li', {}, el('a', { href: 'teacher.html' }, 'My classes'))));
}

function itemsTable(items: ItemSummary[], caption: string): HTMLElement {
  if (items.length === 0) return el('p', { class: 'empty' }, 'No questions match.');
  const shown = items.slice(0, 200);
  return el('div', { class: 'table-scroll' }, el('table', { class: 'bank-table' },
    el('caption', {}, shown.length < items.length ? `${caption}: the first ${shown.length} of ${items.length}; narrow the search to see others` : `${caption}: ${items.length}`),
    el('thead', {}, el('tr', {}, ...['Question', 'Id', 'Kind', 'Status', 'Version', 'Author'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...shown.map((item) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: `#/item/${encodeURIComponent(item.itemId)}` }, stemExcerpt(item.stem))),
      el('td', {}, item.itemId),
      el('td', {}, KIND_WORDS[item.interactionType] ?? item.interactionType),
      el('td', {}, statusBadge(item.status)),
      el('td', {}, String(item.version)),
      el('td', {}, item.mine ? `${item.author ?? ''} (you)` : item.author ?? '—'))))));
}

async function showBank(): Promise<void> {
  const tagging = await loadChoices();
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const heading = el('h1', {}, 'Item bank');
  const status = el('select', { id: 'filter-status', name: 'status' },
    el('option', { value: '' }, 'Any status'),
    ...(Object.keys(STATUS_WORDS) as ItemStatus[]).map((s) => el('option', { value: s, selected: params.get('status') === s }, STATUS_WORDS[s])));
  const module = el('select', { id: 'filter-module', name: 'module' },
    el('option', { value: '' }, 'Any module'),
    ...tagging.modules.map((m) => el('option', { value: m.id, selected: params.get('module') === m.id }, m.title)));
  const criterion = el('input', { type: 'text', id: 'filter-criterion', name: 'criterion', value: params.get('criterion') ?? '', autocomplete: 'off' });
  const mine = el('input', { type: 'checkbox', id: 'filter-mine', name: 'mine', checked: params.get('author') === 'me' });
  const text = el('input', { type: 'search', id: 'filter-text', name: 'text', value: params.get('text') ?? '' });
  const results = el('div', { class: 'results', 'aria-live': 'polite' });
  const form = el('form', { class: 'panel filters', role: 'search', 'aria-label': 'Find questions' },
    el('div', { class: 'filter-row' },
      el('div', { class: 'field' }, el('label', { for: 'filter-text' }, 'Words in the question or its id'), text),
      el('div', { class: 'field' }, el('label', { for: 'filter-status' }, 'Status'), status),
      el('div', { class: 'field' }, el('label', { for: 'filter-module' }, 'Module'), module),
      el('div', { class: 'field' }, el('label', { for: 'filter-criterion' }, 'Criterion code'), criterion)),
    el('div', { class: 'check' }, mine, el('label', { for: 'filter-mine' }, 'Only questions I wrote')),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Show questions')));
  const search = async (): Promise<void> => {
    const query = new URLSearchParams();
    if (status.value) query.set('status', status.value);
    if (module.value) query.set('module', module.value);
    if (criterion.value.trim()) query.set('criterion', criterion.value.trim());
    if (mine.checked) query.set('author', 'me');
    if (text.value.trim()) query.set('text', text.value.trim());
    try {
      const { items } = await requestJson<{ items: ItemSummary[] }>('GET', `/api/bank/items?${query.toString()}`);
      replaceChildren(results, itemsTable(items, 'Questions found'));
    } catch (error) {
      replaceChildren(results, problem(explainError(error)));
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); void search(); });
  replaceChildren(main, nav('bank'), heading, form, results, transferPanel());
  focusHeading(heading);
  await search();
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...Array.from(bytes.subarray(i, i + 0x8000)));
  return btoa(binary);
}

/** Export links and, for authors, an import form (a bank export, a QTI item file or a QTI package). */
function transferPanel(): HTMLElement {
  const outcome = el('div', { class: 'import-outcome', role: 'status' });
  const parts: HTMLElement[] = [
    el('h2', { id: 'transfer-heading' }, 'Import and export'),
    el('ul', {},
      el('li', {}, el('a', { href: '/api/bank/export?format=waymark&status=live', download: 'waymark-bank.json' }, 'Download the live questions (Waymark format)')),
      el('li', {}, el('a', { href: '/api/bank/export?format=qti&status=live', download: 'waymark-qti.zip' }, 'Download the live questions as a QTI 3.0 package'))),
  ];
  if (has('teacher')) {
    const file = el('input', { type: 'file', id: 'import-file', name: 'import-file', accept: '.json,.xml,.zip,application/json,application/xml,application/zip', 'aria-describedby': 'import-hint' });
    const submit = el('button', { type: 'submit', class: 'secondary' }, 'Import');
    const form = el('form', { class: 'import-form' },
      el('div', { class: 'field' }, el('label', { for: 'import-file' }, 'File to import'),
        el('p', { class: 'hint', id: 'import-hint' }, 'A Waymark export (.json), a QTI 3.0 item (.xml) or a QTI package (.zip). Everything is checked first: if anything is wrong nothing is imported. Imported questions arrive as your drafts.'),
        file),
      el('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen) {
        replaceChildren(outcome, problem('Choose a file to import.'));
        file.focus();
        return;
      }
      submit.disabled = true;
      replaceChildren(outcome, el('p', {}, 'Importing…'));
      void chosen.arrayBuffer()
        .then((buffer) => {
          const bytes = new Uint8Array(buffer);
          if (/\.json$/i.test(chosen.name)) return requestJson<{ items: { itemId: string; version: number }[] }>('POST', '/api/bank/import', JSON.parse(new TextDecoder().decode(bytes)) as unknown);
          return requestJson<{ items: { itemId: string; version: number }[] }>('POST', '/api/bank/import', { file: chosen.name, contentBase64: toBase64(bytes) });
        })
        .then(({ items }) => replaceChildren(outcome,
          el('p', {}, `Imported ${items.length} ${items.length === 1 ? 'question' : 'questions'} as drafts:`),
          el('ul', {}, ...items.map((i) => el('li', {}, el('a', { href: `#/item/${encodeURIComponent(i.itemId)}` }, `${i.itemId} (version ${i.version})`))))))
        .catch((error: unknown) => {
          const details = error instanceof ApiError ? error.error.details ?? [] : [];
          replaceChildren(outcome, problem(error instanceof SyntaxError ? 'The file is not valid JSON.' : explainError(error)),
            details.length > 0 ? el('ul', { class: 'import-problems' }, ...details.slice(0, 50).map((d) => el('li', {}, d.path ? `${d.path}: ` : '', d.message))) : null);
        })
        .finally(() => { submit.disabled = false; });
    });
    parts.push(form);
  }
  return el('section', { class: 'panel', 'aria-labelledby': 'transfer-heading' }, ...parts, outcome);
}

async function showReviewQueue(): Promise<void> {
  const heading = el('h1', {}, 'Review queue');
  const { items } = await requestJson<{ items: ItemSummary[] }>('GET', '/api/bank/items?status=in-review');
  const waiting = items.filter((item) => item.status === 'in-review' && !item.mine);
  const approved = (await requestJson<{ items: ItemSummary[] }>('GET', '/api/bank/items?status=approved')).items.filter((i) => i.status === 'approved');
  replaceChildren(main, nav('review'), heading,
    el('p', {}, 'Questions colleagues have sent for review. You cannot review your own questions.'),
    itemsTable(waiting, 'Waiting for review'),
    el('h2', {}, 'Approved, not yet live'),
    itemsTable(approved, 'Approved'));
  focusHeading(heading);
}

// ——— one item ———

async function drawCurve(target: HTMLElement, load: () => Promise<InformationCurve>, idPrefix: string): Promise<void> {
  try {
    const curve = await load();
    replaceChildren(target, informationChart(curve, idPrefix), el('p', { class: 'hint' }, describeCurve(curve)));
  } catch (error) {
    replaceChildren(target, el('p', { class: 'hint' }, error instanceof ApiError && error.error.code === 'VALIDATION_FAILED'
      ? 'The curve appears once the difficulty and discrimination are numbers the engine can use.' : explainError(error)));
  }
}

function auditTable(detail: ItemDetail): HTMLElement {
  return el('div', { class: 'table-scroll' }, el('table', { class: 'audit-table' },
    el('caption', {}, 'Who did what'),
    el('thead', {}, el('tr', {}, ...['When', 'Who', 'What', 'Version', 'Comment'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...detail.audit.map((entry) => el('tr', {},
      el('td', {}, new Date(entry.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })),
      el('td', {}, entry.actorName),
      el('td', {}, ACTION_WORDS[entry.action] ?? entry.action, entry.toStatus && entry.fromStatus !== entry.toStatus ? ` (now ${STATUS_WORDS[entry.toStatus as ItemStatus] ?? entry.toStatus})` : ''),
      el('td', {}, String(entry.version)),
      el('td', {}, entry.comment ?? ''))))));
}

async function showItem(itemId: string, notice?: string): Promise<void> {
  const detail = await requestJson<ItemDetail>('GET', `/api/bank/items/${encodeURIComponent(itemId)}`);
  const current = detail.versions.find((v) => v.version === detail.current) ?? detail.versions[0]!;
  const heading = el('h1', {}, `Question ${itemId}`);
  const message = el('div', { role: 'status', class: 'notice' }, notice ?? '');
  const actionError = el('div', { class: 'action-error' });
  const act = async (action: string, body: Record<string, unknown> = {}): Promise<void> => {
    try {
      await requestJson('POST', `/api/bank/items/${encodeURIComponent(itemId)}/${action}`, body);
      const done: Record<string, string> = { submit: 'Sent for review.', approve: 'Approved.', return: 'Returned to the author with your comment.', publish: 'The question is live.', retire: 'The question is retired.' };
      await showItem(itemId, done[action]);
      announce(done[action] ?? 'Done.');
    } catch (error) {
      replaceChildren(actionError, problem(explainError(error)));
    }
  };

  const actions: HTMLElement[] = [];
  const busy = (button: HTMLButtonElement, run: () => Promise<void>) => () => { button.disabled = true; void run().finally(() => { button.disabled = false; }); };
  const button = (text: string, action: string, primary = true): HTMLButtonElement => {
    const b = el('button', { type: 'button', class: primary ? 'primary' : 'secondary' }, text);
    b.addEventListener('click', busy(b, () => act(action)));
    return b;
  };
  if (current.status === 'draft' && current.mine) {
    actions.push(el('a', { class: 'button-link', href: `#/item/${encodeURIComponent(itemId)}/edit` }, 'Edit the draft'), button('Send for review', 'submit'));
  }
  if (current.status === 'in-review' && has('reviewer') && !current.mine) {
    const comment = el('textarea', { id: 'review-comment', name: 'comment', rows: 3 });
    const approve = el('button', { type: 'button', class: 'primary' }, 'Approve');
    approve.addEventListener('click', busy(approve, () => act('approve', comment.value.trim() ? { comment: comment.value.trim() } : {})));
    const giveBack = el('button', { type: 'button', class: 'secondary' }, 'Return to the author');
    giveBack.addEventListener('click', busy(giveBack, async () => {
      if (!comment.value.trim()) {
        replaceChildren(actionError, problem('Write a comment saying what the author should change.'));
        comment.focus();
        return;
      }
      await act('return', { comment: comment.value.trim() });
    }));
    actions.push(el('div', { class: 'field' }, el('label', { for: 'review-comment' }, 'Comment for the author (needed to return it)'), comment), approve, giveBack);
  }
  if (current.status === 'in-review' && current.mine) actions.push(el('p', {}, 'Waiting for another reviewer.'));
  if (current.status === 'approved' && (has('reviewer') || has('standards-manager'))) actions.push(button('Put it live', 'publish'));
  const live = detail.versions.find((v) => v.status === 'live');
  if (live && (has('reviewer') || has('standards-manager'))) {
    const retire = el('button', { type: 'button', class: 'secondary' }, `Retire live version ${live.version}`);
    retire.addEventListener('click', busy(retire, () => act('retire', { version: live.version })));
    actions.push(retire);
  }
  if ((current.status === 'live' || current.status === 'approved') && has('teacher')) {
    actions.push(el('a', { class: 'button-link secondary', href: `#/item/${encodeURIComponent(itemId)}/edit` }, 'Change it (starts a new version)'));
  }

  const preview = createPreviewPanel('item', (answer) => requestJson<{ mark: TriedAnswer }>('POST', `/api/bank/items/${encodeURIComponent(itemId)}/try`, { answer, version: current.version }).then((r) => r.mark));
  const curve = el('div', { class: 'curve-slot' });
  const doc = current.document;
  replaceChildren(main, nav('bank'), heading, message,
    el('p', { class: 'item-status' }, 'Version ', String(current.version), ': ', statusBadge(current.status), current.author ? ` · written by ${current.author}` : '',
      doc.reviewers?.length ? ` · reviewed by ${doc.reviewers.join(', ')}` : ''),
    el('section', { class: 'panel', 'aria-labelledby': 'actions-heading' }, el('h2', { id: 'actions-heading' }, 'What you can do'),
      actionError, actions.length > 0 ? el('div', { class: 'actions wrap-actions' }, ...actions) : el('p', {}, 'Nothing for you to do on this question now.')),
    el('div', { class: 'two-columns' },
      preview.element,
      el('section', { class: 'panel', 'aria-labelledby': 'facts-heading' }, el('h2', { id: 'facts-heading' }, 'About this question'),
        el('dl', { class: 'facts' },
          el('dt', {}, 'Kind'), el('dd', {}, KIND_WORDS[doc.interaction.type] ?? doc.interaction.type),
          el('dt', {}, 'Criteria'), el('dd', {}, doc.criteria.join(', ')),
          el('dt', {}, 'Difficulty (b), discrimination (a)'), el('dd', {}, `${doc.parameters.b ?? '—'}, ${doc.parameters.a ?? '—'} (${doc.parameters.source.kind})`)),
        el('h3', {}, 'Information curve'), curve)),
    el('section', { class: 'panel', 'aria-labelledby': 'history-heading' }, el('h2', { id: 'history-heading' }, 'Versions and history'),
      el('ul', { class: 'versions' }, ...detail.versions.map((v) => el('li', {}, `Version ${v.version}: `, statusBadge(v.status), v.author ? ` by ${v.author}` : ''))),
      auditTable(detail)));
  focusHeading(heading);
  try {
    const { item } = await requestJson<{ item: PupilItem }>('GET', `/api/bank/items/${encodeURIComponent(itemId)}/preview?version=${current.version}`);
    preview.show(item);
  } catch (error) {
    preview.waiting(explainError(error));
  }
  await drawCurve(curve, () => requestJson<{ curve: InformationCurve }>('GET', `/api/bank/items/${encodeURIComponent(itemId)}/information?version=${current.version}`).then((r) => r.curve), 'item-curve');
}

// ——— the editor ———

async function showEditor(itemId: string | null): Promise<void> {
  const tagging = await loadChoices();
  let initial: ItemDocument | null = null;
  let startsNewVersion = false;
  if (itemId) {
    const detail = await requestJson<ItemDetail>('GET', `/api/bank/items/${encodeURIComponent(itemId)}`);
    const current = detail.versions.find((v) => v.version === detail.current) ?? detail.versions[0]!;
    initial = current.document;
    startsNewVersion = current.status !== 'draft';
  }
  const heading = el('h1', {}, itemId ? `Edit question ${itemId}` : 'Write a new question');
  const editor = createItemEditor(initial, tagging);
  const saveStatus = el('div', { role: 'status', class: 'notice' });
  const save = el('button', { type: 'submit', class: 'primary' }, startsNewVersion ? 'Save as a new draft version' : 'Save the draft');
  let showProblems = false;
  const form = el('form', { class: 'panel editor-form', novalidate: true, 'aria-labelledby': 'editor-heading' },
    el('h2', { id: 'editor-heading' }, 'The question'),
    startsNewVersion ? el('p', { class: 'hint' }, 'This question is approved or live: saving starts a new version as a draft. The live version stays live until the new one is approved and put live.') : null,
    editor.element,
    el('div', { class: 'actions' }, save, el('a', { href: itemId ? `#/item/${encodeURIComponent(itemId)}` : '#/' }, 'Cancel')),
    saveStatus);
  // A new item has no id until it is saved; the preview and the marking need one.
  const withId = (item: ItemDocument): ItemDocument => ({ ...item, id: item.id || itemId || 'new-item' });
  const preview = createPreviewPanel('edit', (answer) => requestJson<{ mark: TriedAnswer }>('POST', '/api/bank/try', { item: withId(editor.item()), answer }).then((r) => r.mark));
  const curve = el('div', { class: 'curve-slot' });
  const curvePanel = el('section', { class: 'panel', 'aria-labelledby': 'curve-heading' }, el('h2', { id: 'curve-heading' }, 'Information curve'), curve);

  const refresh = async (): Promise<void> => {
    const item = editor.item();
    try {
      const { item: pupil } = await requestJson<{ item: PupilItem }>('POST', '/api/bank/preview', { item: withId(item) });
      preview.show(pupil);
      if (showProblems) editor.clearErrors();
    } catch (error) {
      if (error instanceof ApiError && error.error.code === 'VALIDATION_FAILED') {
        const details = (error.error.details ?? []).map((d) => ({ path: d.path.replace(/^\/item/, ''), message: d.message }));
        preview.waiting(`The preview appears when the question is complete (${details.length} ${details.length === 1 ? 'thing' : 'things'} to finish${showProblems ? ', listed above the form' : '; saving lists them'}).`);
        if (showProblems) editor.showErrors(details);
      } else preview.waiting(explainError(error));
    }
    await drawCurve(curve, () => requestJson<{ curve: InformationCurve }>('POST', '/api/bank/information', { parameters: item.parameters }).then((r) => r.curve), 'edit-curve');
  };
  const refreshSoon = debounce(() => void refresh(), 500);
  editor.onChange(refreshSoon);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save.disabled = true;
    replaceChildren(saveStatus, 'Saving…');
    const item = editor.item();
    const request = itemId
      ? requestJson<{ item: ItemDocument }>('PUT', `/api/bank/items/${encodeURIComponent(itemId)}`, { ...item, id: itemId })
      : requestJson<{ item: ItemDocument }>('POST', '/api/bank/items', item);
    request
      .then(({ item: saved }) => {
        announce('Saved.');
        window.location.hash = `#/item/${encodeURIComponent(saved.id)}`;
      })
      .catch((error: unknown) => {
        save.disabled = false;
        replaceChildren(saveStatus);
        if (error instanceof ApiError && error.error.code === 'VALIDATION_FAILED') {
          showProblems = true;
          editor.showErrors(error.error.details ?? [{ path: '', message: error.error.message }]);
          focusErrorSummary(editor);
        } else {
          replaceChildren(saveStatus, problem(explainError(error)));
        }
      });
  });

  replaceChildren(main, nav(itemId ? 'bank' : 'new'), heading,
    el('div', { class: 'two-columns editor-layout' }, form, el('div', { class: 'side' }, preview.element, curvePanel)));
  focusHeading(heading);
  void refresh();
}

// ——— routing ———

async function route(): Promise<void> {
  if (!me) return;
  const hash = window.location.hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = hash.split('/').filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === 'new') await showEditor(null);
    else if (parts[0] === 'review') await showReviewQueue();
    else if (parts[0] === 'item' && parts[1] && parts[2] === 'edit') await showEditor(parts[1]);
    else if (parts[0] === 'item' && parts[1]) await showItem(parts[1]);
    else await showBank();
  } catch (error) {
    failed(error);
  }
}

async function start(): Promise<void> {
  try {
    const { user } = await requestJson<{ user: StaffUser }>('GET', '/api/me');
    if (user.role !== 'teacher') {
      showLogin('The item bank is for staff. Please sign in with a staff account.');
      return;
    }
    me = user;
    showAccount(user, signOutButton(signedOut));
    await route();
  } catch (error) {
    if (isSignedOut(error)) showLogin();
    else failed(error);
  }
}

window.addEventListener('hashchange', () => void route());
mountHeaderSettings();
void start();
