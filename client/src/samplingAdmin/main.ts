import { io, type Socket } from 'socket.io-client';
import { el, focusHeading, replaceChildren, type Child } from '../shared/element';
import { ApiError, explainError, requestJson } from '../shared/api';
import { announce } from '../shared/announce';
import { mountSettingsPanel } from '../shared/settingsPanel';
import type { Ack, User } from '../shared/protocol';
import { trendPlot, type SeriesPoint } from './trendPlot';

/**
 * The national sampling administrator's dashboard: cycles, frame import with errors by line,
 * forms, draw, publish, live completion by stratum (`/sampling-admin`), response rates against
 * the thresholds, national estimates (suppressed cells shown as such), the trend, exports and the
 * audit log. National and stratum aggregates only: the API has nothing finer to give.
 */
const main = document.getElementById('main') as HTMLElement;
const banner = document.getElementById('connection') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let socket: Socket | null = null;

interface Cycle {
  id: string; name: string; status: string; moduleId: string;
  design: { schools: number; pupilsPerSchool: number; seed: number; thresholds: { school: number; pupil: number }; linkError: number; replication: string };
  frame: { schools: number; exclusions: number; exclusionRate: number; warnings: string[]; strata: string[] } | null;
  sample: { strata: { stratum: string; allocated: number; certaintySchools: number; frameSchools: number }[]; schools: { schoolId: string; stratum: string; inclusionProbability: number; certainty: boolean; firstReplacement: string | null; secondReplacement: string | null; refused: boolean; replacementId: string | null }[] } | null;
  forms: { mode: string; items: number; blocks: { blockId: string; items: number; trend: boolean }[]; forms: { formId: string; blockIds: string[] }[] } | null;
  window: { opensAt: string; closesAt: string } | null;
  hasResults: boolean;
}
interface RateSet { schoolBeforeReplacement: number; schoolAfterReplacement: number; pupil: number; overallAfterReplacement: number }
interface Progress { strata: { stratum: string; sampled: number; started: number; finished: number }[]; responseRates: { weighted: RateSet; unweighted: RateSet; thresholds: { school: number; pupil: number }; meetsThresholds: boolean } | null }
interface Interval { estimate: number; se: number; lower: number; upper: number }
interface DomainEstimate { domain: { kind: string; stratum?: string; variable?: string; value?: string }; pupils: number; zones: number; suppressed: boolean; suppressionReason: string | null; mean: Interval | null; atOrAbove: { label: string; share: Interval }[] | null }
interface Results { name: string; estimates: DomainEstimate[]; trend: { since: string; change: number; se: number; lower: number; upper: number; p: number; threshold: number; significant: boolean }[]; series: SeriesPoint[]; respondents: number; replicates: number; replication: string; plausibleValues: number; scaleName: string }

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

function field(id: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
  input.id = id;
  input.setAttribute('name', id);
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { class: 'field' }, el('label', { for: id }, label), hint ? el('p', { class: 'aside', id: `${id}-hint` }, hint) : null, input);
}

function table(caption: string, headings: string[], rows: Child[][]): HTMLTableElement {
  return el('table', { class: 'live-table' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map(([first, ...rest]) => el('tr', {}, el('th', { scope: 'row' }, first), ...rest.map((cell) => el('td', {}, cell))))));
}

function problemList(failure: unknown): HTMLElement {
  const details = failure instanceof ApiError ? (failure.error.details ?? []) : [];
  return el('div', { class: 'problem', role: 'alert' },
    el('p', {}, explainError(failure)),
    details.length > 0 ? el('ul', { class: 'frame-errors' }, ...details.map((d) => el('li', {}, d.message))) : null);
}

function showLogin(message?: string): void {
  socket?.disconnect();
  socket = null;
  replaceChildren(account);
  const heading = el('h1', { id: 'login-heading' }, 'National sampling: sign in');
  const error = el('p', { class: 'problem', role: 'alert', hidden: !message }, message ?? '');
  const email = el('input', { type: 'email', autocomplete: 'username', required: true });
  const password = el('input', { type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', { class: 'panel login', novalidate: true, 'aria-labelledby': 'login-heading' },
    heading, error, field('email', 'Email address', email), field('password', 'Password', password),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    requestJson<{ user: User & { staffRoles?: string[] } }>('POST', '/api/auth/teacher', { email: email.value.trim(), password: password.value })
      .then(({ user }) => showCycles(user))
      .catch((failure: unknown) => { error.textContent = explainError(failure); error.hidden = false; password.value = ''; password.focus(); });
  });
  replaceChildren(main, form);
  focusHeading(heading);
}

async function signOut(): Promise<void> {
  await requestJson('POST', '/api/auth/logout').catch(() => undefined);
  showLogin();
  announce('You have signed out.');
}

async function showCycles(user: User & { staffRoles?: string[] }): Promise<void> {
  replaceChildren(account, el('span', { class: 'who' }, user.name), el('button', { type: 'button', class: 'link-button', onclick: () => void signOut() }, 'Sign out'));
  const heading = el('h1', { id: 'cycles-heading' }, 'National sampling cycles');
  const section = el('section', { class: 'panel', 'aria-labelledby': 'cycles-heading' }, heading);
  replaceChildren(main, section);
  focusHeading(heading);
  let cycles: { id: string; name: string; status: string; moduleId: string; createdAt: string }[];
  try {
    ({ cycles } = await requestJson<{ cycles: typeof cycles }>('GET', '/api/sampling/admin/cycles'));
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) { showLogin(); return; }
    section.append(el('p', { class: 'problem', role: 'alert' }, failure instanceof ApiError && failure.status === 403
      ? 'Your account cannot use the national sampling dashboard: it is for the national sampling administrator only.' : explainError(failure)));
    return;
  }
  section.append(cycles.length === 0 ? el('p', {}, 'No cycles yet.') : table('Cycles', ['Cycle', 'Status', 'Module', 'Created', 'Open'],
    cycles.map((c) => [c.name, c.status, c.moduleId, new Date(c.createdAt).toLocaleDateString('en-GB'),
      el('button', { type: 'button', class: 'secondary', 'aria-label': `Open ${c.name}`, onclick: () => void showCycle(c.id) }, 'Open')])));

  const name = el('input', { type: 'text', required: true });
  const moduleId = el('input', { type: 'text', value: 'fdp-1', required: true });
  const schools = el('input', { type: 'number', min: '1', value: '12', required: true });
  const pupils = el('input', { type: 'number', min: '1', value: '30' });
  const seed = el('input', { type: 'number', min: '0' });
  const schoolRate = el('input', { type: 'number', min: '0', max: '100', value: '85' });
  const pupilRate = el('input', { type: 'number', min: '0', max: '100', value: '85' });
  const status = el('div', { role: 'status' });
  const form = el('form', { class: 'panel', 'aria-labelledby': 'new-cycle-heading', novalidate: true },
    el('h2', { id: 'new-cycle-heading' }, 'New cycle'),
    field('cycle-name', 'Name', name), field('cycle-module', 'Module', moduleId), field('cycle-schools', 'Schools to sample', schools),
    field('cycle-pupils', 'Pupils per school', pupils), field('cycle-seed', 'Seed (optional, for a reproducible draw)', seed),
    field('cycle-school-threshold', 'School response threshold (%)', schoolRate), field('cycle-pupil-threshold', 'Pupil response threshold (%)', pupilRate),
    status, el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Create cycle')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      name: name.value.trim(), moduleId: moduleId.value.trim(), schools: Number(schools.value), pupilsPerSchool: Number(pupils.value || 30),
      thresholds: { school: Number(schoolRate.value) / 100, pupil: Number(pupilRate.value) / 100 },
    };
    if (seed.value) body.seed = Number(seed.value);
    requestJson<{ cycle: Cycle }>('POST', '/api/sampling/admin/cycles', body)
      .then(({ cycle }) => showCycle(cycle.id))
      .catch((failure: unknown) => replaceChildren(status, problemList(failure)));
  });
  main.append(form, el('p', {}, el('button', { type: 'button', class: 'link-button', onclick: () => void showAudit(user) }, 'Audit log of access to sampling data')));
}

function action(label: string, run: () => Promise<unknown>, status: HTMLElement, after: () => void): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'primary' }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    replaceChildren(status, el('p', {}, `${label}…`));
    run().then(() => { announce(`${label}: done.`); after(); })
      .catch((failure: unknown) => { button.disabled = false; replaceChildren(status, problemList(failure)); });
  });
  return button;
}

function progressTables(progress: Progress): HTMLElement {
  const box = el('div', { id: 'completion' });
  box.append(table('Completion by stratum', ['Stratum', 'Pupils sampled', 'Started', 'Finished', 'Finished share'],
    progress.strata.map((s) => [s.stratum, String(s.sampled), String(s.started), String(s.finished), s.sampled ? percent(s.finished / s.sampled) : '–'])));
  const rates = progress.responseRates;
  if (rates) {
    const mark = (value: number, threshold: number): string => `${percent(value)} ${value >= threshold ? '(meets' : '(below'} ${percent(threshold)})`;
    box.append(table('Response rates (weighted) against the thresholds', ['Rate', 'Value'], [
      ['Schools before replacement', mark(rates.weighted.schoolBeforeReplacement, rates.thresholds.school)],
      ['Schools after replacement', mark(rates.weighted.schoolAfterReplacement, rates.thresholds.school)],
      ['Pupils', mark(rates.weighted.pupil, rates.thresholds.pupil)],
      ['Overall after replacement', percent(rates.weighted.overallAfterReplacement)],
    ]), el('p', {}, rates.meetsThresholds ? 'The response rates meet the thresholds.' : 'The response rates do not yet meet the thresholds.'));
  }
  return box;
}

function domainLabel(d: DomainEstimate['domain']): string {
  return d.kind === 'nation' ? 'Nation' : d.kind === 'stratum' ? `Stratum ${d.stratum}` : `${d.variable}: ${d.value}`;
}

function resultsSection(results: Results, cycleId: string): HTMLElement {
  const cuts = results.estimates.find((e) => e.atOrAbove)?.atOrAbove?.map((a) => a.label) ?? [];
  const rows = results.estimates.map((e): Child[] => {
    if (e.suppressed || !e.mean) return [domainLabel(e.domain), `Suppressed: ${e.suppressionReason ?? ''}`, '', String(e.pupils), ...cuts.map(() => '')];
    return [domainLabel(e.domain), e.mean.estimate.toFixed(1), `${e.mean.lower.toFixed(1)} to ${e.mean.upper.toFixed(1)} (SE ${e.mean.se.toFixed(2)})`, String(e.pupils),
      ...cuts.map((label) => { const s = e.atOrAbove!.find((a) => a.label === label)!.share; return `${percent(s.estimate)} (SE ${percent(s.se)})`; })];
  });
  const section = el('section', { class: 'panel', 'aria-labelledby': 'estimates-heading' },
    el('h2', { id: 'estimates-heading' }, 'National estimates'),
    el('p', {}, `${results.respondents} pupils; ${results.plausibleValues} plausible values; ${results.replication} with ${results.replicates} replicates. Cells with fewer than 62 pupils or 5 variance zones are suppressed.`),
    table(`Mean ${results.scaleName} score and share at or above each grade`, ['Domain', 'Mean', '95% interval', 'Pupils', ...cuts.map((c) => `At or above grade ${c}`)], rows));
  if (results.trend.length > 0) {
    section.append(table('Change since earlier cycles (link error included; Bonferroni-corrected)', ['Since', 'Change', '95% interval', 'p', 'Significant'],
      results.trend.map((t) => [t.since, t.change.toFixed(1), `${t.lower.toFixed(1)} to ${t.upper.toFixed(1)}`, t.p.toFixed(4), t.significant ? `yes (p < ${t.threshold.toFixed(4)})` : 'no'])));
  }
  if (results.series.length > 0) section.append(el('h3', {}, 'Trend'), trendPlot(results.series, results.scaleName));
  section.append(el('h3', {}, 'Exports'), el('ul', {},
    el('li', {}, el('a', { href: `/api/sampling/admin/cycles/${cycleId}/exports/national-tables.csv` }, 'National tables (CSV)')),
    el('li', {}, el('a', { href: `/api/sampling/admin/cycles/${cycleId}/exports/analysis-file.csv` }, 'Pupil-level analysis file without identifiers, with replicate weights (CSV)'))));
  return section;
}

async function showCycle(cycleId: string): Promise<void> {
  socket?.disconnect();
  socket = null;
  let cycle: Cycle;
  try {
    ({ cycle } = await requestJson<{ cycle: Cycle }>('GET', `/api/sampling/admin/cycles/${cycleId}`));
  } catch (failure) {
    replaceChildren(main, el('section', { class: 'panel' }, problemList(failure)));
    return;
  }
  const reload = (): void => void showCycle(cycleId);
  const status = el('div', { role: 'status', id: 'cycle-status' });
  const heading = el('h1', { id: 'cycle-heading' }, cycle.name);
  const overview = el('section', { class: 'panel', 'aria-labelledby': 'cycle-heading' }, heading,
    el('p', {}, `Status: ${cycle.status}. Module ${cycle.moduleId}; ${cycle.design.schools} schools, ${cycle.design.pupilsPerSchool} pupils per school, seed ${cycle.design.seed}, ${cycle.design.replication}.`),
    status,
    el('p', {}, el('button', { type: 'button', class: 'link-button', onclick: () => void requestJson<{ user: User }>('GET', '/api/me').then(({ user }) => showCycles(user)) }, 'All cycles')));
  const parts: HTMLElement[] = [overview];

  if (cycle.status === 'created' || cycle.status === 'frame-imported') {
    const csv = el('textarea', { rows: 8, cols: 60, spellcheck: 'false' });
    const file = el('input', { type: 'file', accept: '.csv,text/csv' });
    file.addEventListener('change', () => { void file.files?.[0]?.text().then((text) => { csv.value = text; }); });
    const implicit = el('input', { type: 'text', value: '' });
    const reporting = el('input', { type: 'text', value: '' });
    const list = (input: HTMLInputElement): string[] => input.value.split(',').map((v) => v.trim()).filter(Boolean);
    parts.push(el('section', { class: 'panel', 'aria-labelledby': 'frame-heading' },
      el('h2', { id: 'frame-heading' }, 'Sampling frame'),
      cycle.frame ? el('p', {}, `${cycle.frame.schools} schools in strata ${cycle.frame.strata.join(', ')}; ${cycle.frame.exclusions} excluded schools; exclusion rate ${percent(cycle.frame.exclusionRate)}.`) : el('p', {}, 'No frame imported yet.'),
      ...(cycle.frame?.warnings ?? []).map((w) => el('p', { class: 'problem' }, `Warning: ${w}`)),
      field('frame-file', 'Frame file (CSV)', file),
      field('frame-csv', 'Or paste the frame (CSV)', csv, 'Columns: school_id, stratum, pupils, optional excluded_pupils and exclusion_reason, and your sort variables.'),
      field('frame-implicit', 'Implicit sort variables (comma-separated)', implicit),
      field('frame-reporting', 'Reporting variables (comma-separated, school-level columns)', reporting),
      el('div', { class: 'actions' }, action('Import frame', () => requestJson('POST', `/api/sampling/admin/cycles/${cycleId}/frame`, { csv: csv.value, implicitSortVariables: list(implicit), reportingVariables: list(reporting) }), status, reload))));
  }
  if (['created', 'frame-imported', 'drawn'].includes(cycle.status)) {
    const mode = el('select', {}, el('option', { value: 'forms' }, 'Blocks rotated over forms'), el('option', { value: 'adaptive' }, 'Adaptive module over a restricted pool'));
    const blocks = el('input', { type: 'number', min: '1', value: '6' });
    const perForm = el('input', { type: 'number', min: '2', value: '2' });
    const items = el('input', { type: 'text' });
    parts.push(el('section', { class: 'panel', 'aria-labelledby': 'forms-heading' },
      el('h2', { id: 'forms-heading' }, 'Forms'),
      cycle.forms ? el('p', {}, `${cycle.forms.mode}: ${cycle.forms.items} items, ${cycle.forms.blocks.length} blocks, ${cycle.forms.forms.length} forms.`) : el('p', {}, 'No forms yet.'),
      field('forms-mode', 'Design', mode), field('forms-blocks', 'New blocks', blocks), field('forms-per-form', 'Blocks per form', perForm),
      field('forms-items', 'Item pool (comma-separated ids; empty: the whole module)', items),
      el('div', { class: 'actions' }, action('Assemble forms', () => requestJson('POST', `/api/sampling/admin/cycles/${cycleId}/forms`, {
        mode: mode.value, ...(mode.value === 'forms' ? { newBlocks: Number(blocks.value), blocksPerForm: Number(perForm.value) } : {}),
        ...(items.value.trim() ? { itemIds: items.value.split(',').map((v) => v.trim()).filter(Boolean) } : {}),
      }), status, reload))));
  }
  if (cycle.status === 'frame-imported') parts.push(el('section', { class: 'panel' }, el('h2', {}, 'Draw'), el('p', {}, 'Draws the schools (systematic PPS within strata, seeded) and the pupils in each.'), action('Draw the sample', () => requestJson('POST', `/api/sampling/admin/cycles/${cycleId}/draw`, {}), status, reload)));
  if (cycle.sample) {
    parts.push(el('section', { class: 'panel', 'aria-labelledby': 'sample-heading' }, el('h2', { id: 'sample-heading' }, 'Sample'),
      table('Schools by stratum', ['Stratum', 'Frame schools', 'Sampled', 'Certainty'], cycle.sample.strata.map((s) => [s.stratum, String(s.frameSchools), String(s.allocated), String(s.certaintySchools)])),
      table('Sampled schools (design only: no results)', ['School', 'Stratum', 'Inclusion probability', 'Replacements', 'Status'],
        cycle.sample.schools.map((s) => [s.schoolId, s.stratum, s.inclusionProbability.toFixed(3) + (s.certainty ? ' (certainty)' : ''), [s.firstReplacement, s.secondReplacement].filter(Boolean).join(', ') || '–',
          s.refused ? `refused; ${s.replacementId ? `replaced by ${s.replacementId}` : 'no replacement'}` : (cycle.status === 'drawn' || cycle.status === 'open'
            ? el('button', { type: 'button', class: 'secondary', 'aria-label': `Record that ${s.schoolId} refuses`, onclick: () => void requestJson('POST', `/api/sampling/admin/cycles/${cycleId}/schools/${encodeURIComponent(s.schoolId)}/refusal`, {}).then(reload).catch((f: unknown) => replaceChildren(status, problemList(f))) }, 'Refuses')
            : 'taking part')]))));
  }
  if (cycle.status === 'drawn') {
    const toLocal = (d: Date): string => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    const opens = el('input', { type: 'datetime-local', value: toLocal(new Date()) });
    const closes = el('input', { type: 'datetime-local', value: toLocal(new Date(Date.now() + 14 * 86400000)) });
    parts.push(el('section', { class: 'panel', 'aria-labelledby': 'publish-heading' }, el('h2', { id: 'publish-heading' }, 'Publish the sample and the window'),
      field('window-opens', 'Window opens', opens), field('window-closes', 'Window closes', closes),
      el('div', { class: 'actions' }, action('Publish', () => requestJson('POST', `/api/sampling/admin/cycles/${cycleId}/publish`, { opensAt: new Date(opens.value).toISOString(), closesAt: new Date(closes.value).toISOString() }), status, reload))));
  }
  if (cycle.status === 'open' || cycle.status === 'closed') {
    const live = el('section', { class: 'panel', 'aria-labelledby': 'live-heading', 'aria-live': 'polite' }, el('h2', { id: 'live-heading' }, 'Completion'), el('p', {}, 'Loading…'));
    parts.push(live);
    if (cycle.status === 'open') {
      socket = io('/sampling-admin', { withCredentials: true });
      const draw = (progress: Progress): void => replaceChildren(live, el('h2', { id: 'live-heading' }, 'Completion (live)'), progressTables(progress));
      socket.on('connect', () => {
        banner.textContent = '';
        socket!.emit('sampling:watch', { cycleId }, (ack: Ack<{ progress: Progress }>) => { if (ack.ok) draw(ack.progress); });
      });
      socket.on('disconnect', () => { banner.textContent = 'Reconnecting to live completion…'; });
      socket.on('sampling:completion', draw);
      parts.push(el('section', { class: 'panel' }, el('h2', {}, 'Close the window'),
        el('p', {}, 'Computes weights, replicate weights, plausible values and the national estimates, publishes them, and drops the link between sittings and schools.'),
        action('Close and publish estimates', () => requestJson('POST', `/api/sampling/admin/cycles/${cycleId}/close`, {}), status, reload)));
    } else {
      void requestJson<{ progress: Progress }>('GET', `/api/sampling/admin/cycles/${cycleId}/progress`).then(({ progress }) => replaceChildren(live, el('h2', { id: 'live-heading' }, 'Completion'), progressTables(progress)));
    }
  }
  replaceChildren(main, ...parts);
  if (cycle.hasResults) {
    try {
      const { estimates } = await requestJson<{ estimates: Results }>('GET', `/api/sampling/admin/cycles/${cycleId}/estimates`);
      main.append(resultsSection(estimates, cycleId));
    } catch (failure) {
      main.append(el('section', { class: 'panel' }, problemList(failure)));
    }
  }
  focusHeading(heading);
}

async function showAudit(user: User): Promise<void> {
  const heading = el('h1', { id: 'audit-heading' }, 'Audit log');
  const section = el('section', { class: 'panel', 'aria-labelledby': 'audit-heading' }, heading);
  replaceChildren(main, section);
  focusHeading(heading);
  try {
    const { entries } = await requestJson<{ entries: { at: string; actorName: string; actorRole: string; action: string; cycleId: string | null; detail: string }[] }>('GET', '/api/sampling/admin/audit');
    section.append(table('Every access to sampling data, newest first', ['When', 'Who', 'Role', 'Action', 'Detail'],
      entries.map((e) => [new Date(e.at).toLocaleString('en-GB'), e.actorName, e.actorRole, e.action, e.detail])));
  } catch (failure) {
    section.append(problemList(failure));
  }
  section.append(el('p', {}, el('button', { type: 'button', class: 'link-button', onclick: () => void showCycles(user) }, 'All cycles')));
}

async function boot(): Promise<void> {
  mountSettingsPanel(document.getElementById('settings') as HTMLElement);
  try {
    const { user } = await requestJson<{ user: User }>('GET', '/api/me');
    if (user.role === 'teacher') { void showCycles(user); return; }
    showLogin();
  } catch {
    showLogin();
  }
}

void boot();
