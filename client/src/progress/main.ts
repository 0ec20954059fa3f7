/**
 * Qualification pages (progress.html): a pupil's progress toward the qualification with its
 * picture, their module results with the criteria report, the printable transcript and
 * cash-in; for a teacher, the same for a pupil of their school and the class results by module
 * and criterion; for a standards manager, the school's awards to certify.
 *
 *   progress.html                         the signed-in pupil's progress and results
 *   progress.html?view=transcript         their transcript (printable)
 *   progress.html?pupil=<id>[&view=transcript]   a teacher's view of one pupil
 *   progress.html?class=<id>              a teacher's class results
 *   progress.html?view=awards             a standards manager's awards
 *   …&qualification=<id>                  another qualification than the first published
 */
import { explainError, requestJson } from '../shared/api';
import { announce } from '../shared/announce';
import { el, focusHeading, replaceChildren } from '../shared/element';
import type { User } from '../shared/protocol';
import { isSignedOut, main, mountHeaderSettings, problem, showAccount } from '../shared/staffPage';
import { progressPicture } from './progressPicture';
import type { ClassResults, Progress, PupilResult, QualificationSummary, SchoolAward, TranscriptData } from './qualificationTypes';

const home = document.getElementById('home-link') as HTMLAnchorElement;
const params = new URLSearchParams(window.location.search);

const STATUS_WORDS = { banked: 'Banked', attempted: 'Sat, not yet passed', 'not-attempted': 'Not yet sat' } as const;

function date(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }) : '';
}

function link(href: string, text: string, attributes: Record<string, string> = {}): HTMLAnchorElement {
  return el('a', { href, ...attributes }, text);
}

function pageUrl(query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const text = search.toString();
  return `progress.html${text ? `?${text}` : ''}`;
}

/**
 * A data table in its own keyboard-focusable scrolling region, so a narrow screen (320 CSS px,
 * 400 % zoom) scrolls the table, never the page (WCAG 1.4.10 lets data tables scroll in two
 * dimensions).
 */
function scrollable(table: HTMLTableElement, label: string): HTMLElement {
  return el('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

function showProblem(heading: HTMLElement, failure: unknown): void {
  replaceChildren(main, el('section', { class: 'panel' }, heading, problem(explainError(failure))));
  focusHeading(heading);
}

function idempotencyKey(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `award-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function chooseQualification(): Promise<QualificationSummary | null> {
  const { qualifications } = await requestJson<{ qualifications: QualificationSummary[] }>('GET', '/api/qualifications');
  return qualifications.find((q) => q.id === params.get('qualification')) ?? qualifications[0] ?? null;
}

// ---- progress ----------------------------------------------------------------------------------

function moduleList(progress: Progress): HTMLElement {
  return el('ul', { class: 'module-progress' }, ...progress.modules.map((m) => el('li', { class: `module-state state-${m.status}` },
    el('span', { class: 'module-title' }, m.title),
    el('span', { class: 'module-status' }, STATUS_WORDS[m.status],
      m.banked ? ` at grade ${m.banked.grade}` : '', ` · ${m.credits} credits, level ${m.level}`,
      m.place === 'mandatory' ? ' · compulsory' : '',
      m.bankedUntil ? ` · counts until ${date(m.bankedUntil)}` : '',
      m.nextAttemptFrom === 'never' ? ' · no attempts left' : m.nextAttemptFrom ? ` · resit from ${date(m.nextAttemptFrom)}` : ''),
  )));
}

function cashIn(progress: Progress, path: string, forWhom: string): HTMLElement {
  const status = el('p', { role: 'status', class: 'send-status' });
  const button = el('button', { type: 'button', class: 'primary' }, forWhom);
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = 'Sending the request…';
    requestJson<{ outcome: string; award: { grade: string } }>('POST', path, { idempotencyKey: idempotencyKey() })
      .then(({ award }) => {
        status.textContent = `Awarded: ${progress.qualification.title}, grade ${award.grade}.`;
        announce(status.textContent);
        void render();
      })
      .catch((failure: unknown) => {
        status.textContent = `Not awarded: ${explainError(failure)}`;
        button.disabled = false;
      });
  });
  return el('div', { class: 'cash-in' }, button, status);
}

function resultsSection(results: PupilResult[], own: boolean): HTMLElement {
  const heading = el('h2', { id: 'results-heading' }, own ? 'Your module results' : 'Module results');
  if (results.length === 0) return el('section', { class: 'panel', 'aria-labelledby': heading.id }, heading, el('p', {}, 'No modules finished yet.'));
  return el('section', { class: 'panel', 'aria-labelledby': heading.id }, heading, ...results.map((r) => {
    const shown = r.criteria.filter((c) => c.shown);
    const notYet = r.criteria.filter((c) => !c.shown);
    return el('article', { class: 'result-card' },
      el('h3', {}, `${r.title}: grade ${r.grade}`),
      el('p', { class: 'meta' }, `Finished ${date(r.finishedAt)} · scale score ${Math.round(r.scaleScore)}`),
      shown.length > 0 ? el('h4', {}, own ? 'You showed that you can' : 'Shown') : null,
      shown.length > 0 ? el('ul', { class: 'can-do' }, ...shown.map((c) => el('li', {}, c.statement))) : null,
      notYet.length > 0 ? el('h4', {}, 'Not yet shown') : null,
      notYet.length > 0 ? el('ul', { class: 'not-yet' }, ...notYet.map((c) => el('li', {}, c.statement))) : null,
    );
  }));
}

async function showProgress(qualification: QualificationSummary, pupilId: string | null): Promise<void> {
  const own = pupilId === null;
  const base = own ? '/api/pupil' : `/api/teacher/pupils/${encodeURIComponent(pupilId)}`;
  const heading = el('h1', { id: 'progress-heading' }, own ? 'Your progress' : 'Progress');
  replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'Loading…')));
  let progress: Progress;
  let results: PupilResult[];
  try {
    [{ progress }, { results }] = await Promise.all([
      requestJson<{ progress: Progress }>('GET', `${base}/qualifications/${encodeURIComponent(qualification.id)}/progress`),
      requestJson<{ results: PupilResult[] }>('GET', `${base}/results`),
    ]);
  } catch (failure) {
    showProblem(heading, failure);
    return;
  }
  heading.textContent = own ? `Your progress: ${qualification.title}` : `${progress.pupil.name}: ${qualification.title}`;
  const current = progress.awards.find((a) => a.current) ?? null;
  const transcriptHref = pageUrl({ view: 'transcript', pupil: pupilId ?? undefined, qualification: qualification.id });
  replaceChildren(main,
    el('section', { class: 'panel', 'aria-labelledby': heading.id },
      heading,
      el('figure', { class: 'progress-figure' }, progressPicture(progress),
        el('figcaption', {}, `${progress.balance} of ${progress.requiredCredits ?? progress.balance} credits banked`)),
      el('h2', { id: 'modules-heading' }, 'Modules'),
      moduleList(progress),
      progress.met
        ? el('p', { class: 'met' }, own ? 'You have met the rules for this qualification.' : 'The rules for this qualification are met.')
        : el('div', {}, el('h2', {}, 'Still to do'), el('ul', { class: 'shortfalls' }, ...progress.shortfalls.map((s) => el('li', {}, s.message)))),
      current ? el('p', { class: 'award-line' }, `Awarded grade ${current.grade} on ${date(current.issuedAt)}`,
        current.certification ? ` · certified by ${current.certification.certifiedBy}` : ' · awaiting certification') : null,
      progress.met ? cashIn(progress, `${base}/qualifications/${encodeURIComponent(qualification.id)}/awards`, own ? 'Request your award' : 'Request the award for this pupil') : null,
      el('p', {}, link(transcriptHref, own ? 'See your transcript' : 'See the transcript', { id: 'transcript-link' })),
    ),
    resultsSection(results, own),
  );
  focusHeading(heading);
}

// ---- transcript --------------------------------------------------------------------------------

async function showTranscript(qualification: QualificationSummary, pupilId: string | null): Promise<void> {
  const base = pupilId === null ? '/api/pupil' : `/api/teacher/pupils/${encodeURIComponent(pupilId)}`;
  const heading = el('h1', { id: 'transcript-heading' }, 'Transcript');
  replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'Loading…')));
  let transcript: TranscriptData;
  try {
    ({ transcript } = await requestJson<{ transcript: TranscriptData }>('GET', `${base}/qualifications/${encodeURIComponent(qualification.id)}/transcript`));
  } catch (failure) {
    showProblem(heading, failure);
    return;
  }
  heading.textContent = `Transcript: ${transcript.pupil.name}`;
  const rows = transcript.modules.flatMap((m) => m.results.map((r) => el('tr', {},
    el('th', { scope: 'row' }, m.title), el('td', {}, date(r.satAt)), el('td', {}, r.grade),
    el('td', {}, r.passed ? 'Passed' : 'Not passed'), el('td', {}, r.banked ? `${m.creditsBanked} banked` : '—'),
    el('td', {}, r.countedIn.length > 0 ? r.countedIn.map((id) => `award ${id.split(':').pop()}`).join(', ') : '—'))));
  const awards = transcript.awards.map((a) => el('article', { class: `award ${a.current ? 'award-current' : 'award-superseded'}` },
    el('h3', {}, `Award ${a.number}: grade ${a.grade}`, a.current ? ' (current)' : ' (replaced by a later award)'),
    el('p', {}, `Issued ${date(a.issuedAt)} · ${a.totalCredits} credits`,
      a.certification ? ` · certified by ${a.certification.certifiedBy} on ${date(a.certification.certifiedAt)}` : ' · awaiting certification'),
    el('ul', {}, ...a.counted.map((c) => el('li', {}, `${c.title}: grade ${c.grade}, ${c.uniformMark} uniform marks`)))));
  const printButton = el('button', { type: 'button', class: 'secondary no-print', onclick: () => window.print() }, 'Print the transcript');
  replaceChildren(main, el('section', { class: 'panel transcript', 'aria-labelledby': heading.id },
    heading,
    el('p', { class: 'transcript-qualification' }, `${transcript.qualification.title} (version ${transcript.qualification.version})`),
    el('p', {}, `Credits banked now: ${transcript.creditBalance}`),
    el('h2', {}, 'Module results'),
    rows.length === 0 ? el('p', {}, 'No modules finished yet.') : scrollable(el('table', { class: 'transcript-table' },
      el('caption', { class: 'visually-hidden' }, 'Every module result'),
      el('thead', {}, el('tr', {}, ...['Module', 'Sat', 'Grade', 'Result', 'Credits', 'Counted in'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows)), 'Module results'),
    el('h2', {}, 'Awards'),
    awards.length === 0 ? el('p', {}, 'No award yet.') : el('div', {}, ...awards),
    el('p', { class: 'no-print' }, printButton, ' ', link(pageUrl({ pupil: pupilId ?? undefined, qualification: qualification.id }), 'Back to progress')),
  ));
  focusHeading(heading);
}

// ---- teacher: class results --------------------------------------------------------------------

async function showClassResults(qualification: QualificationSummary | null, classId: string): Promise<void> {
  const heading = el('h1', { id: 'class-results-heading' }, 'Class results');
  replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'Loading…')));
  let results: ClassResults;
  try {
    const query = qualification ? `?qualificationId=${encodeURIComponent(qualification.id)}` : '';
    ({ results } = await requestJson<{ results: ClassResults }>('GET', `/api/teacher/classes/${encodeURIComponent(classId)}/results${query}`));
  } catch (failure) {
    showProblem(heading, failure);
    return;
  }
  heading.textContent = `Class results: ${results.className}`;
  const modules = results.modules.map((m) => el('article', { class: 'result-card' },
    el('h3', {}, m.title),
    el('p', {}, `${m.sat} sat`, m.passed !== null ? ` · ${m.passed} passed` : '', ' · grades: ',
      Object.entries(m.grades).sort(([a], [b]) => a.localeCompare(b)).map(([g, n]) => `${g}: ${n}`).join(', ')),
    scrollable(el('table', { class: 'criteria-table' },
      el('caption', {}, 'Criteria, those most pupils have not yet shown first'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Criterion'), el('th', { scope: 'col' }, 'Not yet shown'), el('th', { scope: 'col' }, 'Shown'))),
      el('tbody', {}, ...m.criteria.map((c) => el('tr', {}, el('th', { scope: 'row' }, c.statement), el('td', {}, `${c.notYet} (${Math.round(c.notYetShare * 100)}%)`), el('td', {}, String(c.shown)))))), `Criteria of ${m.title}`)));
  const pupils = scrollable(el('table', { class: 'pupil-progress' },
    el('caption', { class: 'visually-hidden' }, 'Each pupil’s progress'),
    el('thead', {}, el('tr', {}, ...['Pupil', 'Credits', 'Modules banked', 'Qualification'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...results.pupils.map((p) => el('tr', {},
      el('th', { scope: 'row' }, link(pageUrl({ pupil: p.pupilId, qualification: qualification?.id }), p.name)),
      el('td', {}, p.balance === undefined ? '—' : String(p.balance)),
      el('td', {}, p.banked === undefined ? '—' : String(p.banked)),
      el('td', {}, p.met === undefined ? '—' : p.met ? 'Rules met' : (p.shortfalls ?? []).join(' ')))))), 'Pupils');
  replaceChildren(main,
    el('section', { class: 'panel', 'aria-labelledby': heading.id }, heading,
      qualification ? el('p', {}, `Progress toward ${qualification.title}`) : null,
      el('h2', { id: 'pupils-heading' }, 'Pupils'), pupils),
    el('section', { class: 'panel', 'aria-labelledby': 'by-module-heading' }, el('h2', { id: 'by-module-heading' }, 'By module and criterion'),
      modules.length === 0 ? el('p', {}, 'No module finished yet.') : el('div', {}, ...modules)),
  );
  focusHeading(heading);
}

// ---- standards manager: awards -----------------------------------------------------------------

async function showAwards(): Promise<void> {
  const heading = el('h1', { id: 'awards-heading' }, 'Awards to certify');
  replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'Loading…')));
  let awards: SchoolAward[];
  try {
    ({ awards } = await requestJson<{ awards: SchoolAward[] }>('GET', '/api/standards/awards'));
  } catch (failure) {
    showProblem(heading, failure);
    return;
  }
  const status = el('p', { role: 'status', class: 'send-status' });
  const rows = awards.map((a) => {
    const certify = el('button', { type: 'button', class: 'primary', 'aria-label': `Certify ${a.pupilName ?? a.pupilId}'s award, grade ${a.grade}` }, 'Certify');
    certify.addEventListener('click', () => {
      certify.disabled = true;
      requestJson('POST', `/api/standards/awards/${encodeURIComponent(a.awardId)}/certify`, {})
        .then(() => { status.textContent = `Certified ${a.pupilName ?? ''}’s award, grade ${a.grade}.`; void showAwards().then(() => announce(status.textContent ?? '')); })
        .catch((failure: unknown) => { status.textContent = `Not certified: ${explainError(failure)}`; certify.disabled = false; });
    });
    return el('tr', {},
      el('th', { scope: 'row' }, a.pupilName ?? a.pupilId), el('td', {}, a.qualificationId), el('td', {}, a.grade), el('td', {}, String(a.totalCredits)),
      el('td', {}, date(a.issuedAt)),
      el('td', {}, a.certification ? `Certified by ${a.certification.certifiedBy}` : !a.current ? 'Replaced by a later award' : certify));
  });
  replaceChildren(main, el('section', { class: 'panel', 'aria-labelledby': heading.id }, heading, status,
    rows.length === 0 ? el('p', {}, 'No awards yet.') : scrollable(el('table', { class: 'awards-table' },
      el('caption', { class: 'visually-hidden' }, 'Awards in your school'),
      el('thead', {}, el('tr', {}, ...['Pupil', 'Qualification', 'Grade', 'Credits', 'Issued', 'Certification'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows)), 'Awards')));
  focusHeading(heading);
}

// ---- boot --------------------------------------------------------------------------------------

async function render(): Promise<void> {
  let user: User;
  try {
    ({ user } = await requestJson<{ user: User }>('GET', '/api/me'));
  } catch (failure) {
    const heading = el('h1', {}, 'Please sign in');
    if (isSignedOut(failure)) {
      replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, link('index.html', 'Pupils sign in here'), ' · ', link('teacher.html', 'Teachers sign in here'))));
      focusHeading(heading);
      return;
    }
    showProblem(heading, failure);
    return;
  }
  showAccount(user);
  home.href = user.role === 'pupil' ? 'index.html' : 'teacher.html';
  home.textContent = user.role === 'pupil' ? 'Your modules' : 'Your classes';
  if (params.get('view') === 'awards') { await showAwards(); return; }
  let qualification: QualificationSummary | null;
  try {
    qualification = await chooseQualification();
  } catch (failure) {
    showProblem(el('h1', {}, 'Qualifications'), failure);
    return;
  }
  const classId = params.get('class');
  if (classId && user.role === 'teacher') { await showClassResults(qualification, classId); return; }
  if (!qualification) {
    const heading = el('h1', {}, 'Qualifications');
    replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'No qualification is published yet.')));
    focusHeading(heading);
    return;
  }
  const pupilId = user.role === 'teacher' ? params.get('pupil') : null;
  if (user.role === 'teacher' && !pupilId) {
    const heading = el('h1', {}, 'Progress');
    replaceChildren(main, el('section', { class: 'panel' }, heading, el('p', {}, 'Choose a pupil from ', link('teacher.html', 'your class results'), '.')));
    focusHeading(heading);
    return;
  }
  if (params.get('view') === 'transcript') await showTranscript(qualification, pupilId);
  else await showProgress(qualification, pupilId);
}

mountHeaderSettings();
void render();
