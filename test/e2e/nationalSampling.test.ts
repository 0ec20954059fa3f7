/**
 * National sampling end to end in Chromium: the sampling administrator imports a frame (a broken
 * one first: errors by line), assembles forms, draws and publishes the sample; the demo school's
 * teacher lists the codes to hand out; one pupil sits through the real player to the thank-you
 * page; the other sampled pupils are simulated over socket.io; the administrator watches
 * completion and closes the cycle, publishing national estimates; the teacher tries to see
 * results and is refused.
 */
import type { Page } from 'puppeteer-core';
import { launchBrowser, seriousAccessibilityViolations, type TestBrowser } from '../support/browser';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { useTestDatabase } from '../support/database';
import { SamplingParticipant, SamplingSitting } from '../../server/db/models';
import { inBatches, sitWholeForm, syntheticFrameCsv } from '../integration/sampling/samplingHarness';
import { answerCurrentQuestion } from './pupilPage';

jest.setTimeout(180_000);

const database = useTestDatabase();
let server: ServerProcess;
let browser: TestBrowser;
let admin: Page;
let teacher: Page;
let pupil: Page;
let cycleId = '';
let pupilCode = '';
/** 12 items: 6 blocks of 2, two blocks (4 items) per form, so the simulated sittings stay quick. */
const POOL = Array.from({ length: 12 }, (_, i) => `fdp-${String(i + 1).padStart(3, '0')}`).join(', ');

beforeAll(async () => {
  server = await startServerProcess({ databaseName: database.name });
  browser = await launchBrowser();
  [admin, teacher, pupil] = await Promise.all([browser.newPage(), browser.newPage(), browser.newPage()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(selector, (element, text) => {
    (element as HTMLInputElement).value = text as string;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function clickButton(page: Page, label: string): Promise<void> {
  await page.waitForFunction((text: string) => Array.from(document.querySelectorAll('button')).some((b) => b.textContent === text && !b.disabled), {}, label);
  await page.evaluate((text: string) => Array.from(document.querySelectorAll('button')).find((b) => b.textContent === text)!.click(), label);
}

async function signInStaff(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('#email');
  await page.type('#email', email);
  await page.type('#password', 'waymark-demo');
  await page.keyboard.press('Enter');
}

test('the administrator imports a frame (errors by line), assembles forms, draws and publishes', async () => {
  await signInStaff(admin, `${server.url}/sampling-admin.html`, 'sampling@demo.waymark.test');
  await admin.waitForSelector('#cycle-name');
  expect(await seriousAccessibilityViolations(admin)).toEqual([]);
  await admin.type('#cycle-name', 'National sample 2026');
  await setValue(admin, '#cycle-schools', '11');
  await setValue(admin, '#cycle-pupils', '6');
  await setValue(admin, '#cycle-seed', '2026');
  await clickButton(admin, 'Create cycle');
  await admin.waitForSelector('#frame-csv');

  await setValue(admin, '#frame-csv', 'school_id,stratum,pupils\nA1,North,40\nA1,North,x\n');
  await clickButton(admin, 'Import frame');
  await admin.waitForSelector('.frame-errors li');
  const errors = await admin.$$eval('.frame-errors li', (items) => items.map((item) => item.textContent ?? ''));
  expect(errors.join('\n')).toMatch(/line 3/);

  // The demo school is on the frame with a large enrolment: a certainty unit, so it is sampled.
  await setValue(admin, '#frame-csv', syntheticFrameCsv(10, ['DEMO01,North,400,0,,urban']));
  await setValue(admin, '#frame-implicit', 'urbanicity');
  await setValue(admin, '#frame-reporting', 'urbanicity');
  await clickButton(admin, 'Import frame');
  await admin.waitForFunction(() => document.body.textContent?.includes('exclusion rate'));
  await setValue(admin, '#forms-blocks', '6');
  await setValue(admin, '#forms-items', POOL);
  await clickButton(admin, 'Assemble forms');
  await admin.waitForFunction(() => document.body.textContent?.includes('12 items, 6 blocks, 6 forms'));
  await clickButton(admin, 'Draw the sample');
  await admin.waitForSelector('#window-opens');
  expect(await admin.$$eval('table caption', (c) => c.map((x) => x.textContent))).toContain('Sampled schools (design only: no results)');
  await clickButton(admin, 'Publish');
  await admin.waitForFunction(() => document.querySelector('#completion table') !== null);
  expect(await seriousAccessibilityViolations(admin)).toEqual([]);
  cycleId = admin.url().length > 0 ? String((await SamplingParticipant.findOne({}, { cycleId: 1 }).lean())?.cycleId) : '';
  expect(cycleId).toMatch(/^[0-9a-f]{24}$/);
});

test('the sampled school’s teacher sees only the codes to hand out', async () => {
  await signInStaff(teacher, `${server.url}/teacher.html`, 'teacher@demo.waymark.test');
  await teacher.waitForSelector('.live-table, #classes-heading');
  await teacher.goto(`${server.url}/sampling.html`);
  await clickButton(teacher, 'See which pupils to enter');
  await teacher.waitForSelector('caption');
  const rows = await teacher.$$eval('tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));
  expect(rows).toHaveLength(6);
  expect(rows.every(([, code]) => /^[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(code))).toBe(true);
  expect(await seriousAccessibilityViolations(teacher)).toEqual([]);
  pupilCode = rows[0][1];
});

test('a pupil sits through the real player to a thank-you page, with no result', async () => {
  await pupil.goto(`${server.url}/sampling.html`);
  await pupil.waitForSelector('#sampling-code');
  expect(await seriousAccessibilityViolations(pupil)).toEqual([]);
  await pupil.type('#sampling-code', pupilCode);
  await pupil.keyboard.press('Enter');
  await pupil.waitForSelector('#question-heading');
  expect(await seriousAccessibilityViolations(pupil)).toEqual([]);
  for (let n = 1; n <= 4; n++) {
    await pupil.waitForFunction((k: number) => document.querySelector('#question-heading')?.textContent === `Question ${k}` || document.querySelector('#thanks-heading') !== null, {}, n);
    if (await pupil.$('#thanks-heading')) break;
    await answerCurrentQuestion(pupil);
  }
  await pupil.waitForSelector('#thanks-heading');
  const text = await pupil.$eval('main', (m) => m.textContent ?? '');
  expect(text).toMatch(/no mark or result/);
  expect(text).not.toMatch(/grade|score|theta/i);
  expect(await seriousAccessibilityViolations(pupil)).toEqual([]);
});

test('the other sampled pupils sit (simulated over socket.io) and completion goes live', async () => {
  const participants = await SamplingParticipant.find({ cycleId }, { code: 1 }).lean();
  const started = new Set((await SamplingSitting.find({ cycleId }, { _id: 1 }).lean()).map((s) => s._id));
  const remaining = participants.filter((p) => !started.has(p._id)).map((p) => p.code!);
  await inBatches(remaining, 12, (code, i) => sitWholeForm(server.url, code, (i % 5) / 5));
  await admin.waitForFunction((total: number) => {
    const cells = Array.from(document.querySelectorAll('#completion tbody tr')).map((tr) => Number(tr.children[3]?.textContent ?? 0));
    return cells.reduce((a, b) => a + b, 0) === total;
  }, { timeout: 20_000 }, participants.length);
});

test('the administrator closes the cycle and publishes national estimates', async () => {
  await clickButton(admin, 'Close and publish estimates');
  await admin.waitForSelector('#estimates-heading', { timeout: 60_000 });
  const nation = await admin.$$eval('#estimates-heading ~ table tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));
  const nationRow = nation.find((row) => row[0] === 'Nation')!;
  // On the module's scale 100 + 15θ with θ in [−6, 6] (simulated answers are mostly wrong, so low).
  expect(Number(nationRow[1])).toBeGreaterThanOrEqual(10);
  expect(Number(nationRow[1])).toBeLessThanOrEqual(190);
  expect(nationRow[2]).toMatch(/to/);
  expect(nation.some((row) => /^Suppressed/.test(row[1]))).toBe(true);
  expect(await admin.$('svg.trend-plot')).not.toBeNull();
  expect(await seriousAccessibilityViolations(admin)).toEqual([]);
});

test('the teacher at the sampled school tries to see results and is refused', async () => {
  const status = await teacher.evaluate(async (id: string) => (await fetch(`/api/sampling/admin/cycles/${id}/estimates`)).status, cycleId);
  expect(status).toBe(403);
  await teacher.goto(`${server.url}/sampling-admin.html`);
  await teacher.waitForFunction(() => document.body.textContent?.includes('cannot use the national sampling dashboard'));
  await teacher.goto(`${server.url}/sampling.html`);
  await clickButton(teacher, 'See which pupils to enter');
  await teacher.waitForFunction(() => document.body.textContent?.includes('no pupils to enter'));
});
