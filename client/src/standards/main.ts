/**
 * The standards manager's pages (standards.html): modules → standard setting (item map,
 * proposed and published cuts, adjust with a reason, publish, the decision record);
 * calibration runs (start, follow, per-item estimates beside provisional values, information
 * curves, accept / send back) and drift flags. Hash routes: #/, #/modules/ID, #/criteria/SUBJECT, #/qualifications/ID, #/runs/ID.
 */
import { ApiError, explainError, requestJson } from '../shared/api';
import { announce } from '../shared/announce';
import { el, focusHeading, replaceChildren } from '../shared/element';
import { main, mountHeaderSettings, showAccount, showStaffLogin, signOutButton } from '../shared/staffPage';
import { informationCurves, itemMapChart } from './scaleCharts';
import type { CalibrationRun, ModuleSummary, RunItem, StaffUser, StandardSettingView } from './standardsApi';

let polling: number | undefined;

const fixed = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

function problem(text: string, id?: string): HTMLElement {
  return el('p', { class: 'problem', role: 'alert', id }, text);
}

function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  input.id = id;
  input.name = id;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { class: 'field' }, el('label', { for: id }, label), hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null, input);
}

function showLogin(message?: string): void {
  showStaffLogin<StaffUser>({ heading: 'Sign in', message, onSignedIn: () => void start() });
}

function failed(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    showLogin('Please sign in again.');
    return;
  }
  const heading = el('h1', {}, error instanceof ApiError && error.status === 403 ? 'This page is for standards managers' : 'Something went wrong');
  replaceChildren(main, heading, problem(explainError(error)), el('p', {}, el('a', { href: '#/' }, 'Back to standards')));
  focusHeading(heading);
}

/** Server error details shown beside the fields their paths name (and in a summary). */
function showDetails(error: unknown, summary: HTMLElement, fieldFor: (path: string) => HTMLElement | null): void {
  document.querySelectorAll('.field-problem').forEach((node) => node.remove());
  const details = error instanceof ApiError ? error.error.details ?? [] : [];
  // A problem with no field on screen names where it is (e.g. /definition/items/3).
  replaceChildren(summary, explainError(error), details.length > 0
    ? el('ul', {}, ...details.map((d) => el('li', {}, fieldFor(d.path) ? d.message : `${d.path || 'the request'}: ${d.message}`)))
    : null);
  summary.hidden = false;
  for (const [i, d] of details.entries()) {
    const target = fieldFor(d.path);
    if (!target) continue;
    const id = `problem-${i}`;
    target.insertAdjacentElement('afterend', el('p', { class: 'problem field-problem', id }, d.message));
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  }
  summary.focus();
}

// ——— home: modules and runs ———

async function showHome(): Promise<void> {
  const [{ modules }, { runs }] = await Promise.all([
    requestJson<{ modules: ModuleSummary[] }>('GET', '/api/standards/modules'),
    requestJson<{ runs: CalibrationRun[] }>('GET', '/api/calibration/runs'),
  ]);
  const heading = el('h1', {}, 'Standards');
  const moduleTable = el('table', { class: 'data-table' },
    el('caption', {}, 'Published modules'),
    el('thead', {}, el('tr', {}, ...['Module', 'Version', 'Items', 'Cut scores', ''].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...modules.map((m) => el('tr', {},
      el('th', { scope: 'row' }, m.title),
      el('td', {}, String(m.version)),
      el('td', {}, String(m.items)),
      el('td', {}, `${m.cutScores.version}${m.cutScores.provisional ? ' (provisional)' : ''}`),
      el('td', {}, el('a', { href: `#/modules/${encodeURIComponent(m.id)}` }, `Review cut scores`, el('span', { class: 'visually-hidden' }, ` for ${m.title}`)))))));

  const moduleSelect = el('select', {}, ...modules.map((m) => el('option', { value: m.id }, m.title)));
  const kind = el('select', {}, el('option', { value: 'calibration' }, 'Calibrate pretest items'), el('option', { value: 'drift' }, 'Check live items for drift'));
  const minResponses = el('input', { type: 'number', min: 1, step: 1, value: 200, inputmode: 'numeric' });
  const grouping = el('input', { type: 'text', value: 'disadvantaged', autocomplete: 'off' });
  const from = el('input', { type: 'date' });
  const to = el('input', { type: 'date' });
  const itemIds = el('input', { type: 'text', autocomplete: 'off' });
  const summary = el('div', { class: 'problem', role: 'alert', tabindex: -1, hidden: true });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Start run');
  const form = el('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'start-run-heading' },
    el('h2', { id: 'start-run-heading' }, 'Start a calibration run'), summary,
    field('run-module', 'Module', moduleSelect), field('run-kind', 'Kind of run', kind),
    field('run-min-responses', 'Minimum responses for a pretest item', minResponses, 'Items with fewer responses wait for a later run.'),
    field('run-grouping', 'Pupil group for DIF (optional)', grouping, 'A group recorded on pupils, e.g. disadvantaged.'),
    field('run-from', 'Answers from (optional)', from),
    field('run-to', 'Answers up to (optional)', to),
    field('run-items', 'Only these items (optional)', itemIds, 'Item ids separated by commas; all eligible items when empty.'),
    el('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    const body: Record<string, unknown> = { moduleId: moduleSelect.value, kind: kind.value, minResponses: Number(minResponses.value) };
    if (grouping.value.trim()) body.grouping = grouping.value.trim();
    if (from.value) body.from = from.value;
    if (to.value) body.to = to.value;
    const chosen = itemIds.value.split(',').map((id) => id.trim()).filter(Boolean);
    if (chosen.length > 0) body.itemIds = chosen;
    requestJson<{ run: CalibrationRun }>('POST', '/api/calibration/runs', body)
      .then(({ run }) => {
        announce('The run has started.');
        window.location.hash = `#/runs/${run._id}`;
      })
      .catch((error: unknown) => {
        submit.disabled = false;
        showDetails(error, summary, (path) => (path.startsWith('/itemIds') ? itemIds : null) ?? ({ '/minResponses': minResponses, '/grouping': grouping, '/from': from, '/to': to, '/moduleId': moduleSelect } as Record<string, HTMLElement>)[path] ?? null);
      });
  });

  const runList = runs.length === 0
    ? el('p', {}, 'No runs yet.')
    : el('table', { class: 'data-table' },
      el('caption', {}, 'Calibration and drift runs'),
      el('thead', {}, el('tr', {}, ...['Run', 'Module', 'Status', 'Started by', 'Decisions'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...runs.map((r) => el('tr', {},
        el('th', { scope: 'row' }, el('a', { href: `#/runs/${r._id}` }, `${r.kind === 'drift' ? 'Drift check' : 'Calibration'} of ${new Date(r.requestedAt).toLocaleString('en-GB')}`)),
        el('td', {}, r.moduleId), el('td', {}, r.status), el('td', {}, r.requestedByName), el('td', {}, String(r.decisions.length))))));

  const { criteria } = await requestJson<{ criteria: { moduleId: string; id: string; grade: string | null; statement: string }[] }>('GET', '/api/standards/criteria');
  const { subjects } = await requestJson<{ subjects: { id: string; version: number; title: string; criteria: number }[] }>('GET', '/api/standards/subjects');
  const subjectLinks = el('ul', {}, ...subjects.map((subject) => el('li', {},
    el('a', { href: `#/criteria/${encodeURIComponent(subject.id)}` }, `${subject.title}: ${subject.criteria} published criteria (version ${subject.version})`))));
  const { qualifications } = await requestJson<{ qualifications: { id: string; version: number; title: string; modules: number }[] }>('GET', '/api/standards/qualifications');
  const qualificationLinks = el('ul', {}, ...qualifications.map((q) => el('li', {},
    el('a', { href: `#/qualifications/${encodeURIComponent(q.id)}` }, `${q.title}: rules over ${q.modules} modules (version ${q.version})`))));
  const criteriaView = el('details', {}, el('summary', {}, `Published criteria (${criteria.length})`),
    el('table', { class: 'data-table' },
      el('caption', {}, 'Criteria of each module, with the grade they evidence'),
      el('thead', {}, el('tr', {}, ...['Module', 'Criterion', 'Grade', 'Statement'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...criteria.map((c) => el('tr', {}, el('td', {}, c.moduleId), el('th', { scope: 'row' }, c.id), el('td', {}, c.grade ?? '—'), el('td', {}, c.statement))))));

  replaceChildren(main, heading,
    el('section', { 'aria-labelledby': 'modules-heading' }, el('h2', { id: 'modules-heading' }, 'Modules and cut scores'), moduleTable, criteriaView),
    el('section', { 'aria-labelledby': 'subjects-heading' }, el('h2', { id: 'subjects-heading' }, 'Published criteria'), subjectLinks),
    el('section', { 'aria-labelledby': 'qualifications-heading' }, el('h2', { id: 'qualifications-heading' }, 'Qualifications'), qualificationLinks),
    el('section', { 'aria-labelledby': 'runs-heading' }, el('h2', { id: 'runs-heading' }, 'Calibration'), form, runList));
  focusHeading(heading);
}

// ——— standard setting ———

async function showModule(moduleId: string): Promise<void> {
  const view = await requestJson<StandardSettingView>('GET', `/api/standards/modules/${encodeURIComponent(moduleId)}/standard-setting`);
  const heading = el('h1', {}, `Cut scores: ${view.module.title}`);
  const published = view.published.boundaries;
  const inputs = view.proposed.map((p, i) => el('input', {
    type: 'number', step: 0.01, min: -6, max: 6, inputmode: 'decimal',
    value: p.theta !== null && p.position === 'inside' ? p.theta.toFixed(2) : published[i].theta.toFixed(2),
  }));
  // The exact proposal is sent back for a cut left as proposed (the field shows it rounded).
  const exact = view.proposed.map((p, i) => (p.theta !== null && p.position === 'inside' ? p.theta : published[i].theta));
  const reasons = view.proposed.map(() => el('input', { type: 'text', autocomplete: 'off' }));
  const cutsNow = (): { grade: string; theta: number | null }[] => view.proposed.map((p, i) => ({ grade: p.grade, theta: Number.isFinite(Number(inputs[i].value)) ? Number(inputs[i].value) : null }));
  const chartSlot = el('div', { class: 'chart' });
  const drawChart = (): void => replaceChildren(chartSlot, itemMapChart(view.itemMap, view.grades, cutsNow(), view.rp));
  drawChart();

  const cutTable = el('table', { class: 'data-table cut-table' },
    el('caption', {}, `Cuts (item mapping at response probability ${view.rp})`),
    el('thead', {}, el('tr', {}, ...['Grade', 'Proposed θ', 'Published θ', 'Cut θ', 'Reason for changing it'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...view.proposed.map((p, i) => {
      inputs[i].id = `cut-${i}`;
      inputs[i].setAttribute('aria-label', `Cut for grade ${p.grade} (θ)`);
      reasons[i].id = `reason-${i}`;
      reasons[i].setAttribute('aria-label', `Reason for changing the cut for grade ${p.grade}`);
      inputs[i].addEventListener('input', drawChart);
      return el('tr', {},
        el('th', { scope: 'row' }, p.grade),
        el('td', {}, p.theta === null ? 'no items' : p.position === 'inside' ? fixed(p.theta) : `${fixed(p.theta)} (${p.position})`),
        el('td', {}, fixed(published[i].theta)),
        el('td', {}, inputs[i]),
        el('td', {}, reasons[i]));
    })));

  const reason = el('textarea', { rows: 3 });
  const summary = el('div', { class: 'problem', role: 'alert', tabindex: -1, hidden: true });
  const publish = el('button', { type: 'submit', class: 'primary' }, 'Publish cut scores');
  const form = el('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'adjust-heading' },
    el('h2', { id: 'adjust-heading' }, 'Review, adjust and publish'), summary,
    view.violations.length > 0 ? el('div', { class: 'notice' }, el('p', {}, 'The proposal cannot be published unchanged:'), el('ul', {}, ...view.violations.map((v) => el('li', {}, v.message)))) : null,
    cutTable,
    field('publish-reason', 'Reason for publishing', reason, 'Recorded with the new version, e.g. the standard-setting meeting and its evidence.'),
    el('div', { class: 'actions' }, publish));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    publish.disabled = true;
    const cuts = view.proposed.map((p, i) => {
      const typed = Number(inputs[i].value);
      const theta = inputs[i].value.trim() !== '' && Math.abs(typed - exact[i]) < 0.005 ? exact[i] : (inputs[i].value.trim() === '' ? Number.NaN : typed);
      return { grade: p.grade, theta: Number.isFinite(theta) ? theta : 99, ...(reasons[i].value.trim() ? { reason: reasons[i].value.trim() } : {}) };
    });
    requestJson<{ decision: { label: string }; moduleVersion: number }>('POST', `/api/standards/modules/${encodeURIComponent(moduleId)}/cut-scores`,
      { basedOnVersion: view.module.version, reason: reason.value.trim(), cuts })
      .then(async (result) => {
        await showModule(moduleId);
        const status = el('p', { class: 'success', role: 'status' }, `Published ${result.decision.label} as module version ${result.moduleVersion}. Results already given keep their grades.`);
        main.insertBefore(status, main.children[1] ?? null);
        announce(`Published ${result.decision.label}.`);
      })
      .catch((error: unknown) => {
        publish.disabled = false;
        showDetails(error, summary, (path) => {
          const m = /^\/cuts\/(\d+)\/(theta|reason)$/.exec(path);
          if (m) return m[2] === 'theta' ? inputs[Number(m[1])] : reasons[Number(m[1])];
          return path === '/reason' ? reason : null;
        });
      });
  });

  const mapTable = el('table', { class: 'data-table' },
    el('caption', {}, 'Items on the scale, easiest first (the item map as a table)'),
    el('thead', {}, el('tr', {}, ...['Item', `θ at RP ${view.rp}`, 'Grades', 'Criteria', 'Parameters'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...view.itemMap.map((m) => el('tr', {},
      el('th', { scope: 'row' }, m.itemId), el('td', {}, fixed(m.theta)), el('td', {}, m.grades.join(', ')), el('td', {}, m.criteria.join(', ')), el('td', {}, m.source)))));

  const decisions = view.decisions.length === 0
    ? el('p', {}, `No cut scores published through standard setting yet; in force: ${view.published.version}${view.published.provisional ? ' (provisional)' : ''}.`)
    : el('ol', { class: 'decisions' }, ...view.decisions.map((d) => el('li', {},
      el('strong', {}, d.label), ` — module version ${d.moduleVersion}, published by ${d.publishedByName} on ${new Date(d.publishedAt).toLocaleString('en-GB')}: ${d.reason}`,
      d.adjustments.length > 0 ? el('ul', {}, ...d.adjustments.map((a) => el('li', {}, `Grade ${a.grade}: ${fixed(a.from)} → ${fixed(a.to)} — ${a.reason}`))) : null)));

  const definitionForm = await moduleDefinitionForm(moduleId);
  replaceChildren(main,
    el('p', {}, el('a', { href: '#/' }, 'Back to standards')),
    heading,
    el('p', {}, `Module version ${view.module.version}. In force: ${view.published.version}${view.published.provisional ? ' (provisional)' : ''}. `,
      view.ungradedCriteria.length > 0 ? `Criteria without a grade (not used for cuts): ${view.ungradedCriteria.join(', ')}.` : ''),
    el('section', { 'aria-labelledby': 'map-heading' }, el('h2', { id: 'map-heading' }, 'Item map'),
      el('p', {}, 'Filled marks: calibrated parameters; open marks: provisional. Dashed lines: the cuts in the form below.'), chartSlot, mapTable),
    form,
    el('section', { 'aria-labelledby': 'decisions-heading' }, el('h2', { id: 'decisions-heading' }, 'Cut-score decisions'), decisions),
    definitionForm);
  focusHeading(heading);
}

/**
 * A form that publishes a new version of a published JSON document (a module definition, a
 * subject's criteria): edited as JSON, validated by the server, written all or nothing.
 */
function jsonPublishForm(options: {
  id: string; heading: string; disclosure: string; label: string; hint: string; submitLabel: string;
  document: Record<string, unknown>; publish: (parsed: unknown) => Promise<string>; published: () => Promise<void>;
}): HTMLElement {
  const text = el('textarea', { rows: 16, spellcheck: 'false', class: 'definition-json' });
  text.value = JSON.stringify(options.document, null, 2);
  const summary = el('div', { class: 'problem', role: 'alert', tabindex: -1, hidden: true });
  const submit = el('button', { type: 'submit' }, options.submitLabel);
  const form = el('form', { novalidate: true, 'aria-labelledby': `${options.id}-heading` }, summary,
    field(options.id, options.label, text, options.hint),
    el('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.value);
    } catch {
      replaceChildren(summary, 'This is not valid JSON.');
      summary.hidden = false;
      summary.focus();
      return;
    }
    submit.disabled = true;
    options.publish(parsed)
      .then(async (message) => {
        announce(message);
        await options.published();
      })
      .catch((error: unknown) => {
        submit.disabled = false;
        showDetails(error, summary, () => null);
      });
  });
  return el('section', { 'aria-labelledby': `${options.id}-heading` }, el('h2', { id: `${options.id}-heading` }, options.heading),
    el('details', {}, el('summary', {}, options.disclosure), form));
}

/** Publish a new version of the module definition. */
async function moduleDefinitionForm(moduleId: string): Promise<HTMLElement> {
  const { module } = await requestJson<{ module: { version: number; definition: Record<string, unknown> } }>('GET', `/api/standards/modules/${encodeURIComponent(moduleId)}`);
  const { _id: _ignored, ...definition } = module.definition;
  return jsonPublishForm({
    id: 'module-definition', heading: 'Publish a new module version', disclosure: 'Edit the module definition',
    label: `Module definition (version ${module.version + 1}, JSON)`, hint: 'Cut scores change only above, with reasons; everything else may change here.',
    submitLabel: 'Publish this module version', document: { ...definition, version: module.version + 1 },
    publish: async (parsed) => {
      const result = await requestJson<{ module: { version: number } }>('POST', `/api/standards/modules/${encodeURIComponent(moduleId)}/versions`, { definition: parsed });
      return `Published module version ${result.module.version}.`;
    },
    published: () => showModule(moduleId),
  });
}

// ——— published criteria ———

interface PublishedSubject {
  id: string;
  version: number;
  definition: Record<string, unknown> & {
    title: string;
    strands: { id: string; title: string }[];
    gradeScale: { grades: string[] };
    criteria: { id: string; strand: string; grade: string; statement: string }[];
  };
}

/** A subject's published criteria by strand and grade, and publishing the next version. */
async function showCriteria(subjectId: string): Promise<void> {
  const { subject } = await requestJson<{ subject: PublishedSubject }>('GET', `/api/standards/subjects/${encodeURIComponent(subjectId)}`);
  const { definition } = subject;
  const heading = el('h1', {}, `${definition.title}: published criteria, version ${subject.version}`);
  const strands = definition.strands.map((strand) => el('section', { 'aria-labelledby': `strand-${strand.id}` },
    el('h2', { id: `strand-${strand.id}` }, strand.title),
    el('table', { class: 'data-table' },
      el('caption', { class: 'visually-hidden' }, `${strand.title} criteria by grade`),
      el('thead', {}, el('tr', {}, ...['Grade', 'Criterion', 'Statement'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...definition.gradeScale.grades.flatMap((grade) => definition.criteria
        .filter((c) => c.strand === strand.id && c.grade === grade)
        .map((c) => el('tr', {}, el('td', {}, grade), el('th', { scope: 'row' }, c.id), el('td', {}, c.statement))))))));
  const { _id: _ignored, ...document } = definition;
  const form = jsonPublishForm({
    id: 'subject-definition', heading: 'Publish a new version of the criteria', disclosure: 'Edit the criteria',
    label: `${definition.title} criteria (version ${subject.version + 1}, JSON)`,
    hint: 'A criterion a module is graded on stays until the module is published without it; its code names its strand and grade.',
    submitLabel: 'Publish these criteria', document: { ...document, version: subject.version + 1 },
    publish: async (parsed) => {
      const result = await requestJson<{ subject: { version: number } }>('POST', `/api/standards/subjects/${encodeURIComponent(subjectId)}/versions`, { definition: parsed });
      return `Published version ${result.subject.version} of the criteria.`;
    },
    published: () => showCriteria(subjectId),
  });
  replaceChildren(main, el('p', {}, el('a', { href: '#/' }, 'Back to standards')), heading, ...strands, form);
  focusHeading(heading);
}

// ——— qualification rules ———

/** A qualification's published rules, and publishing the next version. */
async function showQualification(qualificationId: string): Promise<void> {
  const { qualification } = await requestJson<{ qualification: { id: string; version: number; title: string; source: Record<string, unknown> } }>(
    'GET', `/api/standards/qualifications/${encodeURIComponent(qualificationId)}`);
  const heading = el('h1', {}, `${qualification.title}: rules, version ${qualification.version}`);
  const { _id: _ignored, ...source } = qualification.source;
  const rules = el('pre', { class: 'definition-json', tabindex: 0, 'aria-label': `Published rules, version ${qualification.version}` }, JSON.stringify(source, null, 2));
  const form = jsonPublishForm({
    id: 'qualification-definition', heading: 'Publish a new version of the rules', disclosure: 'Edit the rules',
    label: `${qualification.title} rules (version ${qualification.version + 1}, JSON)`,
    hint: 'Rules that can never be met are refused with the reason; awards already made keep the version they were made under.',
    submitLabel: 'Publish these rules', document: { ...source, version: qualification.version + 1 },
    publish: async (parsed) => {
      const result = await requestJson<{ qualification: { version: number } }>('POST', '/api/standards/qualifications', parsed);
      return `Published version ${result.qualification.version} of the rules.`;
    },
    published: () => showQualification(qualificationId),
  });
  replaceChildren(main, el('p', {}, el('a', { href: '#/' }, 'Back to standards')), heading,
    el('section', { 'aria-labelledby': 'rules-heading' }, el('h2', { id: 'rules-heading' }, 'Published rules'), rules), form);
  focusHeading(heading);
}

// ——— calibration runs ———

function parameterText(p: RunItem['provisional'] | null): string {
  if (!p) return '—';
  const parts: string[] = [];
  if (p.a !== undefined) parts.push(`a ${fixed(p.a)}`);
  if (p.b !== undefined) parts.push(`b ${fixed(p.b)}`);
  if (p.c !== undefined) parts.push(`c ${fixed(p.c)}`);
  if (p.thresholds) parts.push(`thresholds ${p.thresholds.map((t) => fixed(t)).join(' ')}`);
  if (p.steps) parts.push(`steps ${p.steps.map((t) => fixed(t)).join(' ')}`);
  return parts.join(', ');
}

function seText(se: RunItem['se']): string {
  if (!se) return '—';
  return Object.entries(se).map(([k, v]) => `${k} ${fixed(v)}`).join(', ');
}

function itemDecision(run: CalibrationRun, item: RunItem): HTMLElement {
  const decided = run.decisions.find((d) => d.itemId === item.itemId);
  const slot = el('div', { class: 'decision' });
  if (decided) {
    replaceChildren(slot, decided.action === 'accepted'
      ? `Accepted by ${decided.byName}: live as version ${decided.newVersion}.`
      : `Sent back by ${decided.byName} (version ${decided.newVersion} is a draft for the author): ${decided.comment ?? ''}`);
    return slot;
  }
  const key = item.itemId.replace(/[^A-Za-z0-9_-]/g, '-');
  const comment = el('textarea', { rows: 2 });
  const error = el('p', { class: 'problem', role: 'alert', hidden: true });
  const decide = (action: 'accept' | 'send-back'): void => {
    error.hidden = true;
    requestJson('POST', `/api/calibration/runs/${run._id}/items/${encodeURIComponent(item.itemId)}/decision`,
      action === 'accept' ? { action } : { action, comment: comment.value.trim() })
      .then(() => {
        announce(action === 'accept' ? `${item.itemId} accepted into the live bank.` : `${item.itemId} sent back to its author.`);
        return showRun(run._id, `decision-${key}`);
      })
      .catch((failure: unknown) => {
        error.textContent = explainError(failure);
        error.hidden = false;
        (action === 'accept' ? slot.querySelector('button') as HTMLElement : comment).focus();
      });
  };
  replaceChildren(slot,
    item.estimate ? el('button', { type: 'button', class: 'primary', onclick: () => decide('accept') }, 'Accept', el('span', { class: 'visually-hidden' }, ` ${item.itemId}`)) : null,
    field(`comment-${key}`, `Comment for the author of ${item.itemId}`, comment),
    el('button', { type: 'button', onclick: () => decide('send-back') }, 'Send back', el('span', { class: 'visually-hidden' }, ` ${item.itemId}`)),
    error);
  return slot;
}

async function showRun(runId: string, focusId?: string): Promise<void> {
  window.clearTimeout(polling);
  const { run } = await requestJson<{ run: CalibrationRun }>('GET', `/api/calibration/runs/${encodeURIComponent(runId)}`);
  const heading = el('h1', {}, `${run.kind === 'drift' ? 'Drift check' : 'Calibration run'}: ${run.moduleId}`);
  const status = el('p', { role: 'status', class: 'run-status' },
    run.status === 'running' ? `Running: ${run.stage}…` : run.status === 'failed' ? `The run failed: ${run.error ?? ''}` : 'Finished.');
  const parts: HTMLElement[] = [el('p', {}, el('a', { href: '#/' }, 'Back to standards')), heading, status,
    el('p', {}, `Started by ${run.requestedByName} on ${new Date(run.requestedAt).toLocaleString('en-GB')}; pretest items need ${run.options.minResponses} responses.`)];
  if (run.status === 'running') {
    polling = window.setTimeout(() => void showRun(runId).catch(failed), 1000);
  }
  const outcome = run.outcome;
  if (outcome) {
    parts.push(el('p', {}, `${outcome.persons} sittings; EM ${outcome.converged ? 'converged' : 'did not converge'} in ${outcome.iterations} iterations`,
      outcome.ability ? `; this sample's ability on the bank's scale: mean ${fixed(outcome.ability.mean)}, SD ${fixed(outcome.ability.sd)}` : '', '. ', outcome.groups.message, '.'));
    const shown = outcome.items.filter((i) => i.role === 'free');
    const anchors = outcome.items.length - shown.length;
    const driftColumn = run.kind === 'drift';
    const table = el('table', { class: 'data-table run-table' },
      el('caption', {}, run.kind === 'drift' ? `Live items re-estimated against the other ${anchors} anchored items` : `Items estimated (${anchors} live items held fixed as anchors)`),
      el('thead', {}, el('tr', {}, ...['Item', 'Responses', 'Provisional', 'Estimated', 'Standard errors', 'Infit / outfit', 'DIF', driftColumn ? 'Drift' : 'Decision']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...shown.map((item) => {
        const key = item.itemId.replace(/[^A-Za-z0-9_-]/g, '-');
        const curves = el('details', {}, el('summary', {}, 'Information curve'),
          informationCurves(item.itemId, outcome.informationGrid, item.information.provisional, item.information.estimate));
        return el('tr', { id: `row-${key}` },
          el('th', { scope: 'row' }, item.itemId, el('br', {}), `v${item.version}`),
          el('td', {}, String(item.responses)),
          el('td', {}, parameterText(item.provisional)),
          el('td', {}, item.estimate ? parameterText(item.estimate) : item.problem ?? '—', curves),
          el('td', {}, seText(item.se)),
          el('td', {}, item.fit ? `${fixed(item.fit.infit)} / ${fixed(item.fit.outfit)}` : '—'),
          el('td', {}, item.dif ? `${item.dif.classification} (Δ ${fixed(item.dif.deltaDif)})` : '—'),
          el('td', { id: `decision-${key}`, tabindex: -1 }, driftColumn
            ? (item.drift ? (item.drift.drifted ? el('strong', { class: 'flag' }, `Drifted (|z| > ${fixed(item.drift.critical)}): ${item.drift.checks.filter((c) => c.drifted).map((c) => `${c.parameter} ${fixed(c.previous)} → ${fixed(c.current)}`).join(', ')}`) : 'Stable') : '—')
            : itemDecision(run, item)));
      })));
    parts.push(shown.length > 0 ? table : el('p', {}, 'No item was estimated in this run.'));
  }
  if (run.excluded.length > 0) {
    parts.push(el('section', { 'aria-labelledby': 'excluded-heading' }, el('h2', { id: 'excluded-heading' }, 'Left out of this run'),
      el('ul', {}, ...run.excluded.map((e) => el('li', {}, `${e.itemId} v${e.version} (${e.responses} responses): ${e.reason}`)))));
  }
  const refresh = !focusId && document.activeElement && main.contains(document.activeElement) && run.status === 'running';
  replaceChildren(main, ...parts);
  if (focusId) document.getElementById(focusId)?.focus();
  else if (!refresh) focusHeading(heading);
  if (run.status !== 'running') announce(status.textContent ?? '');
}

// ——— routing ———

async function route(): Promise<void> {
  window.clearTimeout(polling);
  const parts = window.location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'modules' && parts[1]) await showModule(parts[1]);
    else if (parts[0] === 'criteria' && parts[1]) await showCriteria(parts[1]);
    else if (parts[0] === 'qualifications' && parts[1]) await showQualification(parts[1]);
    else if (parts[0] === 'runs' && parts[1]) await showRun(parts[1]);
    else await showHome();
  } catch (error) {
    failed(error);
  }
}

async function start(): Promise<void> {
  try {
    const { user } = await requestJson<{ user: StaffUser }>('GET', '/api/me');
    if (user.role !== 'teacher' || !(user.staffRoles ?? []).includes('standards-manager')) {
      showLogin('These pages are for standards managers. Please sign in with a standards manager account.');
      return;
    }
    showAccount(user, signOutButton(() => {
      window.location.hash = '';
      showLogin();
    }));
    await route();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showLogin();
    else failed(error);
  }
}

window.addEventListener('hashchange', () => void route());
mountHeaderSettings();
void start();
