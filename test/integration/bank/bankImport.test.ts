/**
 * Import and export on FerretDB: the bank's own JSON and QTI 3.0 in, all or nothing (bad input
 * and a failed write both leave nothing behind); exports in both formats, staff only.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { BankAudit, ItemVersion } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginPupil, loginTeacher, startApp, type RunningApp, type TestSchool } from '../http/appHarness';

useTestDatabase();
// Generous: the bank holds the whole starting bank (700+ items) and FerretDB reads the collection for
// every query but a primary-key one; on the shared 2-core machine one request can take a second.
jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const qtiDirectory = path.resolve(repoRoot, '..', 'shared', 'data', 'qti');
const pid = process.pid;
const author = { email: `import-${pid}@bank.test`, password: 'import-pass', name: 'Ms Import', roles: ['teacher'] as const };
const manager = { email: `standards-${pid}@bank.test`, password: 'standards-pass', name: 'Dr Standards', roles: ['standards-manager'] as const };

let running: RunningApp;
let school: TestSchool;
let cookie: string;
let criterion: string;

/** A bank export (JSON text) is sent as it is; any other file as `{ file, contentBase64 }`. */
function upload(body: Buffer | string, file = 'upload', who = cookie) {
  const text = typeof body === 'string' ? body : '';
  const json = text.trimStart().startsWith('{') ? text : JSON.stringify({ file, contentBase64: Buffer.from(body).toString('base64') });
  return request(running.baseUrl).post('/api/bank/import')
    .set('Cookie', who).set('X-Waymark-CSRF', '1').set('Content-Type', 'application/json').send(json);
}

function item(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, version: 1, status: 'live', subject: 'mathematics', stem: `What is $7 \\times 8$? (${id})`,
    interaction: { type: 'numeric' }, answer: { type: 'numeric', value: 56 }, criteria: [criterion],
    parameters: { model: '2PL', a: 1, b: -1, source: { kind: 'provisional' } }, ...overrides,
  };
}

const bankFile = (items: unknown[]) => JSON.stringify({ format: 'waymark-bank', version: 1, exportedAt: '2026-11-23T12:00:00Z', items });

async function rowsWritten(): Promise<number> {
  return (await ItemVersion.countDocuments({})) + (await BankAudit.countDocuments({}));
}

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(1, [author, manager]);
  cookie = await loginTeacher(running.baseUrl, author.email, author.password);
  const choices = await request(running.baseUrl).get('/api/bank/criteria').set('Cookie', cookie).expect(200);
  criterion = choices.body.criteria[0].id;
}, 60_000);
afterAll(() => running.close());

test('a bank export imports as drafts by the importer, audited; an item already in the bank gets a new draft version', async () => {
  const live = (await ItemVersion.findOne({ status: 'live' }).lean())!;
  const response = await upload(bankFile([item(`imp-a-${pid}`), item(`imp-b-${pid}`), { ...(live.document as object), stem: 'A changed stem.' }]), 'bank.json').expect(201);
  expect(response.body.items).toEqual([{ itemId: `imp-a-${pid}`, version: 1 }, { itemId: `imp-b-${pid}`, version: 1 }, { itemId: live.itemId, version: live.version + 1 }]);
  const stored = (await ItemVersion.findOne({ itemId: `imp-a-${pid}` }).lean())!;
  expect(stored).toMatchObject({ status: 'draft', document: { status: 'draft', author: 'Ms Import', version: 1 } });
  expect((await ItemVersion.findOne({ itemId: live.itemId, version: live.version }).lean())?.status).toBe('live');
  expect(await BankAudit.countDocuments({ itemId: `imp-b-${pid}`, action: 'import' })).toBe(1);
});

test('one bad item, a duplicate, or an item with a version in progress: nothing is imported, every problem named', async () => {
  const before = await rowsWritten();
  const bad = await upload(bankFile([item(`imp-c-${pid}`), item(`imp-d-${pid}`, { answer: { type: 'numeric', value: '1e999999' } })])).expect(400);
  expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('/items/1/answer/value');
  const inProgress = await upload(bankFile([item(`imp-e-${pid}`), item(`imp-a-${pid}`)])).expect(400);
  expect(inProgress.body.error.details).toEqual([{ path: '/items/1/id', message: expect.stringContaining('being worked on') }]);
  const twice = await upload(bankFile([item(`imp-f-${pid}`), item(`imp-f-${pid}`, { version: 2 })])).expect(400);
  expect(twice.body.error.details.map((d: { path: string }) => d.path)).toContain('/items/1/id');
  await upload('{"format": "waymark-bank", "items": [').expect(400);
  await upload('{}').expect(400);
  expect(await rowsWritten()).toBe(before);
});

test('QTI 3.0 item files import; malformed QTI and an entity bomb are refused with nothing written', async () => {
  const file = fs.readdirSync(qtiDirectory).find((name) => name.endsWith('.xml'))!;
  const imported = await upload(fs.readFileSync(path.join(qtiDirectory, file)), file).expect(201);
  expect(imported.body.items).toHaveLength(1);
  const before = await rowsWritten();
  const broken = await upload('<qti-assessment-item identifier="x"><qti-item-body>', 'broken.xml').expect(400);
  expect(broken.body.error.details[0].message).toContain('broken.xml');
  await upload('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><qti-assessment-item>&lol;</qti-assessment-item>', 'bomb.xml').expect(400);
  expect(await rowsWritten()).toBe(before);
});

test('a write that fails part-way leaves nothing behind (no transactions: the import removes its own rows)', async () => {
  const before = await rowsWritten();
  const original = ItemVersion.insertMany.bind(ItemVersion);
  const spy = jest.spyOn(ItemVersion, 'insertMany').mockImplementationOnce((async (rows: unknown[]) => {
    await original(rows.slice(0, 1) as never);
    throw new Error('disk full (simulated)');
  }) as never);
  try {
    await upload(bankFile([item(`imp-g-${pid}`), item(`imp-h-${pid}`)])).expect(500);
  } finally {
    spy.mockRestore();
  }
  expect(await ItemVersion.exists({ itemId: { $in: [`imp-g-${pid}`, `imp-h-${pid}`] } })).toBeNull();
  expect(await rowsWritten()).toBe(before);
});

test('exports: the bank format and a QTI package; staff only; imports need the teacher duty', async () => {
  const managerCookie = await loginTeacher(running.baseUrl, manager.email, manager.password);
  const json = await request(running.baseUrl).get('/api/bank/export?format=waymark&status=live').set('Cookie', managerCookie).expect(200);
  expect(json.body).toMatchObject({ format: 'waymark-bank', version: 1 });
  expect(json.body.items.length).toBeGreaterThanOrEqual(40);
  expect(json.body.items.every((i: { status: string }) => i.status === 'live')).toBe(true);
  // Drafts of others are not exported to someone who may not read them.
  expect(json.body.items.some((i: { id: string }) => i.id === `imp-a-${pid}`)).toBe(false);

  const zip = await request(running.baseUrl).get('/api/bank/export?format=qti&status=live').set('Cookie', managerCookie)
    .buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); })
    .expect(200);
  expect(zip.headers['content-type']).toBe('application/zip');
  expect((zip.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  expect(Number(zip.headers['x-waymark-skipped'])).toBeGreaterThanOrEqual(0);

  await request(running.baseUrl).get('/api/bank/export?format=pdf').set('Cookie', managerCookie).expect(400);
  await upload(bankFile([item(`imp-i-${pid}`)]), 'x.json', managerCookie).expect(403);
  const pupil = await loginPupil(running.baseUrl, school.code, school.pupils[0]!.pin);
  await request(running.baseUrl).get('/api/bank/export').set('Cookie', pupil).expect(403);
  await upload(bankFile([item(`imp-j-${pid}`)]), 'x.json', pupil).expect(403);
});
