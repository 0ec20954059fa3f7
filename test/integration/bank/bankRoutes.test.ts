/**
 * The item bank routes on FerretDB: who may do what, the whole lifecycle with its audit trail,
 * new versions of live items, bad input (nothing written), try-an-answer, the pupil preview,
 * the information curve and pretest seeding into a module's pool.
 */
import request from 'supertest';
import { ModuleContentCache } from '../../../server/assessment/moduleContent';
import { pretestResponseCounts } from '../../../server/bank/pretestItems';
import { BankAudit, ItemVersion } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginPupil, loginTeacher, startApp, type RunningApp, type TestSchool } from '../http/appHarness';

useTestDatabase();
// Generous: the bank holds the whole starting bank (700+ items) and FerretDB reads the collection for
// every query but a primary-key one; on the shared 2-core machine one request can take a second.
jest.setTimeout(120_000);

const pid = process.pid;
const author = { email: `author-${pid}@bank.test`, password: 'author-pass', name: 'Ms Author', roles: ['teacher'] as const };
const colleague = { email: `colleague-${pid}@bank.test`, password: 'colleague-pass', name: 'Mr Colleague', roles: ['teacher'] as const };
const reviewer = { email: `reviewer-${pid}@bank.test`, password: 'reviewer-pass', name: 'Mr Reviewer', roles: ['teacher', 'reviewer'] as const };
const authorReviewer = { email: `selfreview-${pid}@bank.test`, password: 'self-pass', name: 'Ms Self', roles: ['teacher', 'reviewer'] as const };
const sampling = { email: `sampling-${pid}@bank.test`, password: 'sampling-pass', name: 'Sam', roles: ['sampling-administrator'] as const };

let running: RunningApp;
let school: TestSchool;
const cookies: Record<string, string> = {};
let criterion: string;

const api = () => request(running.baseUrl);
const as = (who: string) => ({
  get: (url: string) => api().get(url).set('Cookie', cookies[who] ?? ''),
  post: (url: string, body: unknown = {}) => api().post(url).set('Cookie', cookies[who] ?? '').set('X-Waymark-CSRF', '1').send(body as object),
  put: (url: string, body: unknown) => api().put(url).set('Cookie', cookies[who] ?? '').set('X-Waymark-CSRF', '1').send(body as object),
});

function choiceItem(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    version: 1,
    status: 'draft',
    subject: 'mathematics',
    stem: `Which is the largest? (${id})`,
    interaction: { type: 'choice', options: [{ id: 'A', content: '$0.5$' }, { id: 'B', content: '$0.45$' }, { id: 'C', content: '$0.405$' }] },
    answer: { type: 'choice', correct: 'A', optionNotes: { B: 'DEC_LONGER_IS_LARGER' } },
    criteria: [criterion],
    tags: { modules: ['fdp-1'] },
    parameters: { model: '2PL', a: 1.2, b: 0.5, source: { kind: 'provisional', date: '2026-11-23' } },
    ...overrides,
  };
}

async function rowsWritten(): Promise<number> {
  return (await ItemVersion.countDocuments({})) + (await BankAudit.countDocuments({}));
}

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(1, [author, colleague, reviewer, authorReviewer, sampling]);
  for (const [key, account] of Object.entries({ author, colleague, reviewer, authorReviewer, sampling })) {
    cookies[key] = await loginTeacher(running.baseUrl, account.email, account.password);
  }
  cookies.pupil = await loginPupil(running.baseUrl, school.code, school.pupils[0]!.pin);
  const choices = await as('author').get('/api/bank/criteria').expect(200);
  criterion = choices.body.criteria[0].id;
  expect(choices.body.modules.map((m: { id: string }) => m.id)).toContain('fdp-1');
}, 60_000);
afterAll(() => running.close());

describe('authorisation', () => {
  test('no login: 401; a pupil and a sampling administrator: 403', async () => {
    expect((await api().get('/api/bank/items').expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await as('pupil').get('/api/bank/items').expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await as('sampling').get('/api/bank/items').expect(403)).body.error.code).toBe('FORBIDDEN');
    await as('pupil').post('/api/bank/items', choiceItem('pupil-item')).expect(403);
    expect(await ItemVersion.exists({ itemId: 'pupil-item' })).toBeNull();
  });

  test('a write without the CSRF header is refused', async () => {
    await api().post('/api/bank/items').set('Cookie', cookies.author!).send(choiceItem('no-csrf')).expect(403);
    expect(await ItemVersion.exists({ itemId: 'no-csrf' })).toBeNull();
  });

  test('live content loaded from item-bank/ is listed for any teacher, with its keys (staff only)', async () => {
    const list = await as('colleague').get('/api/bank/items?status=live&module=').expect(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(40);
    const first = await as('colleague').get(`/api/bank/items/${list.body.items[0].itemId}`).expect(200);
    expect(first.body.versions[0].document.answer).toBeDefined();
  });
});

describe('national content across schools', () => {
  test('a teacher of another school sees live items but not a draft written elsewhere', async () => {
    const elsewhere = { email: `elsewhere-${pid}@bank.test`, password: 'elsewhere-pass', name: 'Ms Elsewhere', roles: ['teacher', 'reviewer'] as const };
    const outsider = { email: `outsider-${pid}@bank.test`, password: 'outsider-pass', name: 'Mr Outsider', roles: ['teacher'] as const };
    await createTestSchool(1, [elsewhere, outsider]);
    cookies.elsewhere = await loginTeacher(running.baseUrl, elsewhere.email, elsewhere.password);
    cookies.outsider = await loginTeacher(running.baseUrl, outsider.email, outsider.password);
    const id = `bank-school-${pid}`;
    await as('author').post('/api/bank/items', choiceItem(id)).expect(201);
    await as('outsider').get(`/api/bank/items/${id}`).expect(404);
    await as('outsider').get('/api/bank/items/fdp-001').expect(200);
    // Review is national too: a reviewer in another school may review it once it is submitted.
    await as('author').post(`/api/bank/items/${id}/submit`).expect(200);
    await as('elsewhere').post(`/api/bank/items/${id}/approve`).expect(200);
  });
});

describe('the lifecycle', () => {
  const id = `bank-flow-${pid}`;

  test('draft → returned with a comment → edited → approved by another reviewer → live, every step audited', async () => {
    const created = await as('author').post('/api/bank/items', choiceItem(id)).expect(201);
    expect(created.body.item).toMatchObject({ id, version: 1, status: 'draft', author: 'Ms Author' });

    // A draft is not published to colleagues.
    await as('colleague').get(`/api/bank/items/${id}`).expect(404);
    expect((await as('colleague').get(`/api/bank/items?text=${id}`).expect(200)).body.items).toHaveLength(0);
    const mine = await as('author').get('/api/bank/items?author=me&status=draft').expect(200);
    expect(mine.body.items.map((i: { itemId: string }) => i.itemId)).toContain(id);

    await as('colleague').post(`/api/bank/items/${id}/submit`).expect(404);
    await as('author').post(`/api/bank/items/${id}/approve`).expect(409);
    await as('author').post(`/api/bank/items/${id}/submit`).expect(200);
    expect((await as('author').put(`/api/bank/items/${id}`, choiceItem(id)).expect(409)).body.error.code).toBe('CONFLICT');

    // A colleague cannot see a draft in review at all, so cannot approve it.
    await as('colleague').post(`/api/bank/items/${id}/approve`).expect(404);
    const returnedNoComment = await as('reviewer').post(`/api/bank/items/${id}/return`, {}).expect(400);
    expect(returnedNoComment.body.error.details[0].path).toBe('/comment');
    const returned = await as('reviewer').post(`/api/bank/items/${id}/return`, { comment: 'Add a fourth option, 0.5 as a fraction.' }).expect(200);
    expect(returned.body.versions[0].status).toBe('draft');

    const edited = choiceItem(id, {
      interaction: { type: 'choice', options: [{ id: 'A', content: '$0.5$' }, { id: 'B', content: '$0.45$' }, { id: 'C', content: '$0.405$' }, { id: 'D', content: '$\\frac{2}{5}$' }] },
    });
    await as('colleague').put(`/api/bank/items/${id}`, edited).expect(403);
    expect((await as('author').put(`/api/bank/items/${id}`, edited).expect(200)).body.item.version).toBe(1);
    await as('author').post(`/api/bank/items/${id}/submit`).expect(200);

    // The author also holds the reviewer duty on another account: still never their own item.
    const selfId = `bank-self-${pid}`;
    await as('authorReviewer').post('/api/bank/items', choiceItem(selfId)).expect(201);
    await as('authorReviewer').post(`/api/bank/items/${selfId}/submit`).expect(200);
    expect((await as('authorReviewer').post(`/api/bank/items/${selfId}/approve`).expect(403)).body.error.message).toMatch(/own item/);

    await as('author').post(`/api/bank/items/${id}/publish`).expect(409);
    await as('reviewer').post(`/api/bank/items/${id}/approve`, { comment: 'Good distractors.' }).expect(200);
    await as('author').post(`/api/bank/items/${id}/publish`).expect(403);
    const live = await as('reviewer').post(`/api/bank/items/${id}/publish`).expect(200);
    expect(live.body.versions[0]).toMatchObject({ version: 1, status: 'live' });
    expect(live.body.versions[0].document.reviewers).toEqual(['Mr Reviewer']);
    expect(live.body.audit.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'return', 'edit', 'submit', 'approve', 'publish']);
    expect(live.body.audit[2]).toMatchObject({ actorName: 'Mr Reviewer', fromStatus: 'in-review', toStatus: 'draft', comment: 'Add a fourth option, 0.5 as a fraction.' });

    // Now national content: a colleague sees it.
    await as('colleague').get(`/api/bank/items/${id}`).expect(200);
  });

  test('editing a live item makes version 2 a draft; version 1 stays live until 2 is published, then retires', async () => {
    const changed = choiceItem(id, { stem: 'Which of these numbers is the largest?' });
    const v2 = await as('colleague').put(`/api/bank/items/${id}`, changed).expect(200);
    expect(v2.body.item).toMatchObject({ version: 2, status: 'draft', author: 'Mr Colleague' });
    expect((await ItemVersion.findOne({ itemId: id, version: 1 }).lean())?.status).toBe('live');
    await as('colleague').post(`/api/bank/items/${id}/submit`).expect(200);
    await as('reviewer').post(`/api/bank/items/${id}/approve`).expect(200);
    expect((await ItemVersion.findOne({ itemId: id, version: 1 }).lean())?.status).toBe('live');
    const published = await as('reviewer').post(`/api/bank/items/${id}/publish`).expect(200);
    expect(published.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'live'], [1, 'retired']]);
    const v1Audit = published.body.audit.filter((e: { version: number }) => e.version === 1).map((e: { action: string }) => e.action);
    expect(v1Audit[v1Audit.length - 1]).toBe('retire');
    await as('reviewer').post(`/api/bank/items/${id}/retire`, { version: 1 }).expect(409);
  });
});

describe('bad input: a clear 4xx naming the field, nothing written', () => {
  // Built when the test runs: the criterion comes from the server.
  const cases: [string, () => Record<string, unknown>, string][] = [
    ['a missing answer', () => { const item = choiceItem('bad-1'); delete item.answer; return item; }, '/answer'],
    ['a key that is not an option', () => choiceItem('bad-2', { answer: { type: 'choice', correct: 'Z' } }), '/answer/correct'],
    ['a numeric key of 1e999999', () => choiceItem('bad-3', { interaction: { type: 'numeric' }, answer: { type: 'numeric', value: '1e999999' } }), '/answer/value'],
    ['an expression key calling import(...)', () => choiceItem('bad-4', { interaction: { type: 'expression' }, answer: { type: 'expression', value: 'import("fs")' } }), '/answer/value'],
    ['an expression key nested 400 deep', () => choiceItem('bad-5', { interaction: { type: 'expression' }, answer: { type: 'expression', value: `${'('.repeat(400)}x${')'.repeat(400)}` } }), '/answer/value'],
    ['a difficulty that is not a number', () => choiceItem('bad-6', { parameters: { model: '2PL', a: 1, b: 'hard', source: { kind: 'provisional' } } }), '/parameters/b'],
    ['an unknown field', () => choiceItem('bad-7', { secret: 1 }), '/secret'],
    ['a criterion code with spaces', () => choiceItem('bad-8', { criteria: ['not a code'] }), '/criteria/0'],
  ];
  test.each(cases)('%s', async (_name, build, path) => {
    const body = build();
    const before = await rowsWritten();
    const response = await as('author').post('/api/bank/items', body).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.length).toBeGreaterThan(0);
    for (const detail of response.body.error.details) expect(detail.message.length).toBeGreaterThan(5);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await rowsWritten()).toBe(before);
  });

  test('malformed JSON and an unknown list filter', async () => {
    const before = await rowsWritten();
    await api().post('/api/bank/items').set('Cookie', cookies.author!).set('X-Waymark-CSRF', '1').set('Content-Type', 'application/json').send('{"id": ').expect(400);
    const filter = await as('author').get('/api/bank/items?status=published').expect(400);
    expect(filter.body.error.details[0].path).toBe('/status');
    expect(await rowsWritten()).toBe(before);
  });

  test('an edit that breaks the draft is refused and the stored draft is unchanged', async () => {
    const id = `bank-edit-${pid}`;
    await as('author').post('/api/bank/items', choiceItem(id)).expect(201);
    const response = await as('author').put(`/api/bank/items/${id}`, choiceItem(id, { stem: '' })).expect(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain('/stem');
    expect((await ItemVersion.findOne({ itemId: id }).lean())?.document).toMatchObject({ stem: `Which is the largest? (${id})` });
  });
});

describe('authoring helpers', () => {
  test('try an answer on the unsaved draft: mark, answer note, and how the answer was read', async () => {
    const item = choiceItem('try-1', { interaction: { type: 'expression' }, answer: { type: 'expression', value: '2x(x+1)', forms: ['factorised'] } });
    const right = await as('author').post('/api/bank/try', { item, answer: '2x(x + 1)' }).expect(200);
    expect(right.body.mark).toMatchObject({ score: 1, maxScore: 1 });
    const expanded = await as('author').post('/api/bank/try', { item, answer: '2x^2+2x' }).expect(200);
    expect(expanded.body.mark.score).toBe(0);
    expect(expanded.body.mark.note).toBe('ALG_EQUIV_NOT_FACTORISED');
    expect(expanded.body.mark.noteText.length).toBeGreaterThan(5);
    expect(expanded.body.mark.readAs).toBeDefined();
    const broken = await as('author').post('/api/bank/try', { item: { ...item, answer: { type: 'expression', value: 'import("x")' } }, answer: 'x' }).expect(400);
    expect(broken.body.error.details[0].path).toBe('/item/answer/value');
  });

  test('the pupil preview carries no key, parameters or notes', async () => {
    const preview = await as('author').post('/api/bank/preview', { item: choiceItem('preview-1') }).expect(200);
    expect(preview.body.item).toEqual({
      id: 'preview-1', version: 1, subject: 'mathematics', stem: 'Which is the largest? (preview-1)',
      interaction: { type: 'choice', options: [{ id: 'A', content: '$0.5$' }, { id: 'B', content: '$0.45$' }, { id: 'C', content: '$0.405$' }] },
    });
  });

  test('the information curve of a 2PL item peaks at b with (a²)/4 (Lord 1980: I = a²PQ, PQ = 1/4 at θ = b)', async () => {
    const response = await as('author').post('/api/bank/information', { parameters: { model: '2PL', a: 1.2, b: 0.5, source: { kind: 'provisional' } } }).expect(200);
    // Tolerance: the curve is sampled every 0.1 on θ, so the peak is exactly at a grid point here (b = 0.5); 1e-9 is float noise.
    expect(response.body.curve.peak.theta).toBeCloseTo(0.5, 9);
    expect(response.body.curve.peak.information).toBeCloseTo((1.2 * 1.2) / 4, 9);
    const bad = await as('author').post('/api/bank/information', { parameters: { model: '2PL', a: -1, b: 0, source: { kind: 'provisional' } } }).expect(400);
    expect(bad.body.error.details[0].path).toMatch(/^\/parameters/);
  });
});

describe('pretest seeding', () => {
  test('a live provisional item tagged to fdp-1 joins its pool as an unscored pretest item at the window position', async () => {
    const id = `bank-pretest-${pid}`;
    await as('author').post('/api/bank/items', choiceItem(id)).expect(201);
    await as('author').post(`/api/bank/items/${id}/submit`).expect(200);
    await as('reviewer').post(`/api/bank/items/${id}/approve`).expect(200);
    await as('reviewer').post(`/api/bank/items/${id}/publish`).expect(200);

    const cache = new ModuleContentCache();
    const { moduleVersion, frozen } = await cache.current('fdp-1');
    expect(frozen).toContainEqual({ itemId: id, version: 1 });
    const content = await cache.load('fdp-1', moduleVersion, frozen);
    expect(content.pretestItemIds).toContain(id);
    const blueprint = content.config.blueprint as { unscoredItems?: string[]; pretest?: { count: number; positions?: number[] } };
    expect(blueprint.unscoredItems).toContain(id);
    expect(blueprint.pretest?.count).toBeGreaterThanOrEqual(1);
    expect(Math.min(...(blueprint.pretest?.positions ?? [0]))).toBeGreaterThanOrEqual(2);

    const counts = await pretestResponseCounts('fdp-1');
    expect(counts).toContainEqual({ itemId: id, version: 1, responses: 0, eligible: false });
    const route = await as('reviewer').get('/api/bank/modules/fdp-1/pretest').expect(200);
    expect(route.body.items.map((i: { itemId: string }) => i.itemId)).toContain(id);
    await as('author').get('/api/bank/modules/fdp-1/pretest').expect(403);
  });
});
