/**
 * Issue 5 end to end in Chromium: a pupil sits a module in the real player, passes the other
 * modules the qualification needs (sat through socket.io clients with the items' keys, to keep
 * the test short), sees the progress picture, requests the award, is awarded the
 * qualification and sees the transcript; the printed transcript (page.pdf) carries the award;
 * a standards manager certifies it. Each page passes axe-core with no serious violations.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { Assignment, Pupil } from '../../server/db/models';
import { CreditLedgerEntry } from '../../server/qualification/qualificationRecords';
import { seriousAccessibilityViolations } from '../support/browser';
import { useServerAndBrowser } from '../support/serverAndBrowser';
import { sitModule } from '../integration/qualification/qualificationFixtures';
import { DEMO_SCHOOL_CODE, signInPupil, sitToTheEnd, waitForQuestion } from './pupilPage';

jest.setTimeout(240000);

const running = useServerAndBrowser();
const PIN = '620487';
const PUPIL_NAME = 'Chloe Nguyen';
/** The qualification's rules are met by these, passed over sockets; fdp-1 is sat in the browser. */
const PASSED_OVER_SOCKETS = ['num-1', 'alg-1', 'geo-1', 'prob-1', 'stat-1'];
let page: Page;

beforeAll(async () => {
  page = await running.browser.newPage();
});

async function pupilSocket(): Promise<Socket> {
  const login = await request(running.server.url).post('/api/auth/pupil').set('X-Waymark-CSRF', '1').send({ schoolCode: DEMO_SCHOOL_CODE, pin: PIN }).expect(200);
  const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('wm_session='))!.split(';')[0];
  const socket = io(`${running.server.url}/sitting`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
  return socket;
}

test('the pupil sits a module in the player and sees the result with a link to their progress', async () => {
  await signInPupil(page, running.server.url, PIN);
  expect(await page.$eval('a[href="progress.html"]', (a) => a.textContent)).toBe('Your progress and transcript');
  // Open "Fractions, decimals and percentages" by its title, as a pupil would.
  await page.evaluate(() => {
    const item = Array.from(document.querySelectorAll('.assignment')).find((li) => li.querySelector('h2')?.textContent === 'Fractions, decimals and percentages');
    (item?.querySelector('button') as HTMLButtonElement).click();
  });
  await waitForQuestion(page, 1);
  expect(await sitToTheEnd(page)).toBeGreaterThan(0);
  expect(await page.$eval('#progress-link', (a) => a.getAttribute('href'))).toBe('progress.html');
});

test('the other modules are passed, and each banks its credits once', async () => {
  const pupil = await Pupil.findOne({ name: PUPIL_NAME }).lean();
  const socket = await pupilSocket();
  try {
    for (const moduleId of PASSED_OVER_SOCKETS) {
      const assignment = await Assignment.findOne({ classId: pupil!.classIds[0], moduleId }).lean();
      const finished = await sitModule(socket, String(assignment!._id), true);
      expect(['4', '5', '6', '7', '8', '9']).toContain(finished.result!.grade);
    }
  } finally {
    socket.close();
  }
  // Banked on finish (the sittingFinished event) or, at the latest, on the progress read below.
  const progress = await page.evaluate(async () => (await fetch('/api/pupil/qualifications/gcse-maths-modular/progress')).json());
  expect(progress.progress).toMatchObject({ met: true, balance: expect.any(Number) });
  expect(progress.progress.balance).toBeGreaterThanOrEqual(40);
  const attempts = await CreditLedgerEntry.countDocuments({ pupilId: pupil!._id, 'entry.kind': 'attempt' });
  expect(attempts).toBe(PASSED_OVER_SOCKETS.length + 1);
});

test('the progress page shows the picture with its text alternative, and the award is granted on request', async () => {
  await page.click('#progress-link');
  await page.waitForSelector('svg.progress-picture');
  expect(await page.$eval('h1', (h) => h.textContent)).toBe('Your progress: GCSE-style Mathematics (modular)');
  const picture = await page.$eval('svg.progress-picture', (svg) => ({
    role: svg.getAttribute('role'),
    title: svg.querySelector('title')?.textContent,
    desc: svg.querySelector('desc')?.textContent ?? '',
  }));
  expect(picture.role).toBe('img');
  expect(picture.title).toBe('Progress toward GCSE-style Mathematics (modular)');
  expect(picture.desc).toMatch(/of 40 credits banked\./);
  expect(picture.desc).toContain('The qualification rules are met.');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // Keyboard: the request button is reachable and works with Enter.
  await page.focus('.cash-in button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Awarded grade \d/.test(document.querySelector('.award-line')?.textContent ?? ''));
  expect(await page.$eval('.award-line', (p) => p.textContent)).toMatch(/awaiting certification/);
});

test('the transcript lists every result and the award, and prints without the page furniture', async () => {
  await page.click('#transcript-link');
  await page.waitForSelector('.transcript-table');
  expect(await page.$eval('h1', (h) => h.textContent)).toBe(`Transcript: ${PUPIL_NAME}`);
  const rows = await page.$$eval('.transcript-table tbody tr', (trs) => trs.map((tr) => tr.querySelector('th')?.textContent));
  expect(rows).toHaveLength(PASSED_OVER_SOCKETS.length + 1);
  expect(await page.$eval('.award-current h3', (h) => h.textContent)).toMatch(/^Award 1: grade \d \(current\)$/);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.emulateMediaType('print');
  expect(await page.$eval('.site-header', (header) => getComputedStyle(header).display)).toBe('none');
  await page.emulateMediaType(undefined);
  const pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'transcript-')), 'transcript.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: false });
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain(`Transcript: ${PUPIL_NAME}`);
  expect(text).toContain('GCSE-style Mathematics (modular)');
  expect(text).toMatch(/Award 1: grade \d \(current\)/);
  // Every module sat is listed (a long title may wrap in its table cell, so the short ones are checked).
  for (const title of ['Number', 'Geometry and measures', 'Probability', 'Statistics']) expect(text).toContain(title);
  expect(text).not.toContain('Print the transcript');
  expect(text).not.toContain('Skip to main content');
  fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
});

test('the standards manager certifies the award, and the transcript says so', async () => {
  const manager = await running.browser.newPage();
  await manager.goto(`${running.server.url}/teacher.html`);
  await manager.waitForSelector('#email');
  await manager.type('#email', 'standards@demo.waymark.test');
  await manager.type('#password', 'waymark-demo');
  await manager.keyboard.press('Enter');
  await manager.waitForFunction(() => document.querySelector('#login-heading') === null);
  await manager.goto(`${running.server.url}/progress.html?view=awards`);
  await manager.waitForSelector('.awards-table');
  expect(await seriousAccessibilityViolations(manager)).toEqual([]);
  await manager.click(`.awards-table button[aria-label^="Certify ${PUPIL_NAME}"]`);
  await manager.waitForFunction(() => /Certified by Dr Adeyemi/.test(document.querySelector('.awards-table')?.textContent ?? ''));
  await manager.close();

  await page.reload();
  await page.waitForSelector('.award-current');
  expect(await page.$eval('.award-current', (a) => a.textContent)).toMatch(/certified by Dr Adeyemi/);
});

test('the teacher sees the class results by module and criterion and the pupil\'s progress', async () => {
  const teacher = await running.browser.newPage();
  await teacher.goto(`${running.server.url}/teacher.html`);
  await teacher.waitForSelector('#email');
  await teacher.type('#email', 'teacher@demo.waymark.test');
  await teacher.type('#password', 'waymark-demo');
  await teacher.keyboard.press('Enter');
  await teacher.waitForSelector('#class-results-link');
  await teacher.click('#class-results-link');
  await teacher.waitForSelector('.pupil-progress');
  const row = await teacher.$$eval('.pupil-progress tbody tr', (rows, name) => rows.find((r) => r.querySelector('th')?.textContent === name)?.textContent ?? '', PUPIL_NAME);
  expect(row).toContain('Rules met');
  expect(await teacher.$$eval('.criteria-table', (tables) => tables.length)).toBe(PASSED_OVER_SOCKETS.length + 1);
  expect(await seriousAccessibilityViolations(teacher)).toEqual([]);
  await teacher.close();
});
