/**
 * Item pictures on FerretDB: upload (teacher duty, CSRF header, bytes checked), storage once per
 * SHA-256, serving at /assets/<sha256>.<ext> with its headers and no login, and the check on
 * save that an item's picture is stored.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { writeBankExport } from '../../../server/bank/bankExport';
import { ItemAsset, ItemVersion } from '../../../server/db/models';
import type { ItemDocument } from '../../../server/scoring/itemDocument';
import { useTestDatabase } from '../../support/database';
import { tinyPng } from '../../support/tinyPng';
import { createTestSchool, loginPupil, loginTeacher, startApp, type RunningApp } from '../http/appHarness';

useTestDatabase();
jest.setTimeout(120_000);

const pid = process.pid;
const author = { email: `pictures-${pid}@bank.test`, password: 'pictures-pass', name: 'Ms Pictures', roles: ['teacher'] as const };
const manager = { email: `pictures-sm-${pid}@bank.test`, password: 'pictures-sm-pass', name: 'Mr Standards', roles: ['standards-manager'] as const };

let running: RunningApp;
const cookies: Record<string, string> = {};
let criterion: string;

const api = () => request(running.baseUrl);
const upload = (who: string, bytes: Buffer, file = 'diagram.png') =>
  api().post('/api/bank/assets').set('Cookie', cookies[who] ?? '').set('X-Waymark-CSRF', '1').send({ file, contentBase64: bytes.toString('base64') });
const storedPictures = () => ItemAsset.countDocuments({});
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function itemWithPicture(id: string, src: string): Record<string, unknown> {
  return {
    id, version: 1, status: 'draft', subject: 'mathematics',
    stem: 'The diagram shows a rectangle. What is its area?',
    image: { src, alt: 'A rectangle 4 cm long and 3 cm wide.' },
    interaction: { type: 'choice', options: [{ id: 'A', content: '12 cm²' }, { id: 'B', content: '14 cm²' }] },
    answer: { type: 'choice', correct: 'A', optionNotes: { B: 'AREA_USED_PERIMETER' } },
    criteria: [criterion],
    parameters: { model: '2PL', a: 1, b: 0, source: { kind: 'provisional', date: '2026-11-23' } },
  };
}

beforeAll(async () => {
  running = await startApp();
  const school = await createTestSchool(1, [author, manager]);
  cookies.author = await loginTeacher(running.baseUrl, author.email, author.password);
  cookies.manager = await loginTeacher(running.baseUrl, manager.email, manager.password);
  cookies.pupil = await loginPupil(running.baseUrl, school.code, school.pupils[0]!.pin);
  criterion = (await api().get('/api/bank/criteria').set('Cookie', cookies.author).expect(200)).body.criteria[0].id;
}, 60_000);
afterAll(() => running.close());

test('a PNG is stored and served, without a login, with its type, nosniff and a long immutable cache', async () => {
  const png = tinyPng(2, 2, [10, 120, 200]);
  const created = await upload('author', png).expect(201);
  expect(created.body.asset).toEqual({
    sha256: sha256(png), src: `/assets/${sha256(png)}.png`, mediaType: 'image/png', width: 2, height: 2, size: png.length, created: true,
  });
  const served = await api().get(created.body.asset.src).buffer(true).parse((res, done) => {
    const parts: Buffer[] = [];
    res.on('data', (part: Buffer) => parts.push(part));
    res.on('end', () => done(null, Buffer.concat(parts)));
  }).expect(200);
  expect(served.headers['content-type']).toBe('image/png');
  expect(served.headers['x-content-type-options']).toBe('nosniff');
  expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
  expect(served.headers.etag).toBe(`"${sha256(png)}"`);
  await api().get(created.body.asset.src).set('If-None-Match', `"${sha256(png)}"`).expect(304);
  // The extension is part of the name: the same hash as .jpg, or an unknown hash, is not there.
  await api().get(`/assets/${sha256(png)}.jpg`).expect(404);
  await api().get(`/assets/${'0'.repeat(64)}.png`).expect(404);
  await api().get('/assets/..%2Fapi%2Fme.png').expect(404);
});

test('the same bytes uploaded twice are stored once', async () => {
  const png = tinyPng(2, 2, [1, 2, 3]);
  const before = await storedPictures();
  expect((await upload('author', png).expect(201)).body.asset.created).toBe(true);
  const again = await upload('author', png, 'copy-of-diagram.png').expect(200);
  expect(again.body.asset).toMatchObject({ sha256: sha256(png), created: false });
  expect(await storedPictures()).toBe(before + 1);
});

describe('refused uploads store nothing', () => {
  let before: number;
  beforeEach(async () => { before = await storedPictures(); });
  afterEach(async () => { expect(await storedPictures()).toBe(before); });

  test('a 2 MB file', async () => {
    const big = Buffer.concat([tinyPng(), Buffer.alloc(2 * 1024 * 1024)]);
    const response = await upload('author', big).expect(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('an SVG (it can carry script)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><script>alert(1)</script></svg>');
    const response = await upload('author', svg, 'diagram.svg').expect(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/contentBase64', message: expect.stringMatching(/SVG is not accepted/) }] });
  });

  test('a file named .png that is really HTML', async () => {
    const response = await upload('author', Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'diagram.png').expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('a picture larger than 4000 × 4000 pixels', async () => {
    const response = await upload('author', tinyPng(4001, 1)).expect(400);
    expect(response.body.error.details[0].message).toMatch(/4001 × 1 pixels/);
  });

  test('staff without the teacher duty, a pupil, no login', async () => {
    expect((await upload('manager', tinyPng(2, 2, [9, 9, 9])).expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await upload('pupil', tinyPng(2, 2, [9, 9, 9])).expect(403)).body.error.code).toBe('FORBIDDEN');
    await api().post('/api/bank/assets').set('X-Waymark-CSRF', '1').send({ contentBase64: tinyPng().toString('base64') }).expect(401);
  });

  test('a missing CSRF header', async () => {
    await api().post('/api/bank/assets').set('Cookie', cookies.author!).send({ contentBase64: tinyPng(2, 2, [7, 7, 7]).toString('base64') }).expect(403);
  });

  test('a body that is not an upload', async () => {
    const response = await api().post('/api/bank/assets').set('Cookie', cookies.author!).set('X-Waymark-CSRF', '1').send({ contentBase64: 'not base64!', extra: 1 }).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });
});

test('an item is saved only when its picture is stored; the pupil preview carries the picture', async () => {
  const png = tinyPng(2, 2, [50, 60, 70]);
  const { src } = (await upload('author', png).expect(201)).body.asset;
  const missing = `/assets/${'a'.repeat(64)}.png`;
  for (const [id, bad] of [[`pic-missing-${pid}`, missing], [`pic-elsewhere-${pid}`, 'https://example.com/diagram.png']] as const) {
    const refused = await api().post('/api/bank/items').set('Cookie', cookies.author!).set('X-Waymark-CSRF', '1').send(itemWithPicture(id, bad)).expect(400);
    expect(refused.body.error.details).toEqual([{ path: '/image/src', message: expect.any(String) }]);
    expect(await ItemVersion.exists({ itemId: id })).toBeNull();
  }
  // Alt text a screen-reader user can answer nothing from is refused beside the alt field.
  const vague = { ...itemWithPicture(`pic-vague-${pid}`, src), image: { src, alt: 'Diagram.' } };
  const refusedAlt = await api().post('/api/bank/items').set('Cookie', cookies.author!).set('X-Waymark-CSRF', '1').send(vague).expect(400);
  expect(refusedAlt.body.error.details).toEqual([{ path: '/image/alt', message: expect.stringContaining('what the picture shows') }]);
  const id = `pic-ok-${pid}`;
  await api().post('/api/bank/items').set('Cookie', cookies.author!).set('X-Waymark-CSRF', '1').send(itemWithPicture(id, src)).expect(201);
  // Editing the draft to name a missing picture is refused and leaves the stored draft as it was.
  await api().put(`/api/bank/items/${id}`).set('Cookie', cookies.author!).set('X-Waymark-CSRF', '1').send(itemWithPicture(id, missing)).expect(400);
  const preview = await api().get(`/api/bank/items/${id}/preview`).set('Cookie', cookies.author!).expect(200);
  expect(preview.body.item.image).toEqual({ src, alt: 'A rectangle 4 cm long and 3 cm wide.' });
});

test('an import whose item names a picture not in this bank is refused whole, naming the item, and writes nothing', async () => {
  const png = tinyPng(3, 2, [10, 20, 30]);
  const { src } = (await upload('author', png).expect(201)).body.asset;
  const kept = { ...itemWithPicture(`pic-import-ok-${pid}`, src), status: 'draft' };
  const lost = { ...itemWithPicture(`pic-import-lost-${pid}`, `/assets/${'b'.repeat(64)}.png`), status: 'draft' };
  const refused = await api().post('/api/bank/import').set('Cookie', cookies.author!).set('X-Waymark-CSRF', '1')
    .send(writeBankExport([kept, lost] as unknown as ItemDocument[])).expect(400);
  expect(refused.body.error.details).toEqual([{ path: '/items/1/image/src', message: expect.stringContaining('not in the bank') }]);
  expect(await ItemVersion.exists({ itemId: { $in: [`pic-import-ok-${pid}`, `pic-import-lost-${pid}`] } })).toBeNull();
});
