/**
 * The standards manager in Chromium: signs in to standards.html, reviews fdp-1's proposed cuts
 * on the item map, adjusts one cut with a reason and publishes (a new module version with the
 * decision on record); then runs a calibration on seeded simulated responses and accepts a
 * pretest item into the live bank. axe checks every screen (WCAG 2.2 AA rules, as the other
 * e2e tests do).
 */
import type { Page } from 'puppeteer-core';
import { seedSimulatedSittings } from '../../server/calibrationRuns/simulatedSittings';
import { AssessmentModule, ItemVersion, SubjectVersion } from '../../server/db/models';
import { CutScoreDecision } from '../../server/db/models/cutScoreDecision';
import { launchBrowser, seriousAccessibilityViolations, type TestBrowser } from '../support/browser';
import { useTestDatabase } from '../support/database';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';

jest.setTimeout(180000);

const database = useTestDatabase();
let server: ServerProcess;
let browser: TestBrowser;
let page: Page;
const ADJUSTED_REASON = 'Panel agreed the grade 5 boundary sits too high for the published criteria.';

beforeAll(async () => {
  server = await startServerProcess({ databaseName: database.name });
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function textOf(selector: string): Promise<string> {
  return page.$eval(selector, (node) => node.textContent ?? '');
}

test('the standards manager reviews the proposed cuts, adjusts one with a reason and publishes', async () => {
  await page.goto(`${server.url}/standards.html`);
  await page.waitForSelector('#email');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.type('#email', 'standards@demo.waymark.test');
  await page.type('#password', 'waymark-demo');
  await page.keyboard.press('Enter');
  await page.waitForSelector('a[href="#/modules/fdp-1"]');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.click('a[href="#/modules/fdp-1"]');
  await page.waitForSelector('svg.item-map');
  expect(await textOf('h1')).toMatch(/^Cut scores: /);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  const boundaries = await page.$$eval('.cut-table tbody tr', (rows) => rows.map((row) => ({
    grade: row.querySelector('th')?.textContent ?? '',
    proposed: row.children[1].textContent ?? '',
    published: Number(row.children[2].textContent),
  })));
  expect(boundaries.length).toBeGreaterThan(1);
  // The item map's table alternative lists the items at their RP 0.67 locations.
  expect(await page.$$eval('table caption', (nodes) => nodes.map((n) => n.textContent))).toContain('Items on the scale, easiest first (the item map as a table)');

  // Keep every published cut (with the reason the proposal is not taken), and lower grade 5's.
  const target = Math.max(0, boundaries.findIndex((b) => b.grade === '5'));
  const lowered = Number((boundaries[target].published - 0.15).toFixed(2));
  for (const [i, b] of boundaries.entries()) {
    await page.$eval(`#cut-${i}`, (input) => { (input as HTMLInputElement).value = ''; });
    await page.type(`#cut-${i}`, String(i === target ? lowered : b.published));
    await page.type(`#reason-${i}`, i === target ? ADJUSTED_REASON : 'Kept at the published cut while the proposal is reviewed.');
  }
  await page.type('#publish-reason', 'Standard setting meeting, 23 November 2026.');
  await page.click('form button.primary');
  await page.waitForFunction(() => /Published fdp-1-cuts-v1-/.test(document.querySelector('.success')?.textContent ?? ''), { timeout: 30000 });
  expect(await textOf('.decisions')).toContain(ADJUSTED_REASON);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  const newest = (await AssessmentModule.findOne({ moduleId: 'fdp-1' }).sort({ version: -1 }).lean())!;
  expect(newest.definition.cutScores.provisional).toBe(false);
  expect(newest.definition.cutScores.boundaries[target].theta).toBeCloseTo(lowered, 10);
  const decision = (await CutScoreDecision.findOne({ moduleId: 'fdp-1' }).lean())!;
  expect(decision.publishedByName).toBeTruthy();
  expect(decision.adjustments).toContainEqual(expect.objectContaining({ grade: boundaries[target].grade, reason: ADJUSTED_REASON }));
});

test('the standards manager runs a calibration on seeded responses and accepts a pretest item', async () => {
  await seedSimulatedSittings({ moduleId: 'fdp-1', pupils: 500, itemsPerPupil: 12, pretestShare: 0.75, seed: 11, answeredAt: new Date(), schoolCode: 'SIME2E' });
  await page.goto(`${server.url}/standards.html#/`);
  await page.waitForSelector('#run-module');
  await page.select('#run-module', 'fdp-1');
  await page.$eval('#run-min-responses', (input) => { (input as HTMLInputElement).value = ''; });
  await page.type('#run-min-responses', '100');
  await page.click('#start-run-heading ~ .actions button');
  await page.waitForFunction(() => document.querySelector('.run-status')?.textContent === 'Finished.', { timeout: 120000 });
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  const rows = await page.$$eval('.run-table tbody th', (cells) => cells.map((c) => c.textContent ?? ''));
  expect(rows.some((r) => r.startsWith('fdp-pretest-1'))).toBe(true);
  // The information curve opens from the row.
  await page.click('#row-fdp-pretest-1 details summary');
  await page.waitForSelector('#row-fdp-pretest-1 svg.information-curves');

  await page.click('#decision-fdp-pretest-1 button.primary');
  await page.waitForFunction(() => /Accepted by/.test(document.querySelector('#decision-fdp-pretest-1')?.textContent ?? ''), { timeout: 30000 });
  const accepted = (await ItemVersion.findOne({ itemId: 'fdp-pretest-1', version: 2 }).lean())!;
  expect(accepted.status).toBe('live');
  expect(accepted.document.parameters.source).toMatchObject({ kind: 'calibrated', sampleSize: expect.any(Number) });
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('the standards manager reads the published criteria by strand and grade and publishes a reworded version', async () => {
  await page.goto(`${server.url}/standards.html#/`);
  await page.waitForSelector('a[href="#/criteria/mathematics"]');
  await page.click('a[href="#/criteria/mathematics"]');
  await page.waitForFunction(() => /published criteria, version 1/.test(document.querySelector('h1')?.textContent ?? ''));
  expect(await page.$$eval('main h2', (nodes) => nodes.map((n) => n.textContent))).toEqual(expect.arrayContaining(['Number', 'Algebra']));
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.click('#subject-definition-heading ~ details summary');
  await page.$eval('#subject-definition', (area) => {
    const text = area as HTMLTextAreaElement;
    const subject = JSON.parse(text.value) as { criteria: { statement: string }[] };
    subject.criteria[0].statement = 'You can read, write and order whole numbers, and explain how you know which is larger.';
    text.value = JSON.stringify(subject);
  });
  await page.click('#subject-definition-heading ~ details button');
  await page.waitForFunction(() => /published criteria, version 2/.test(document.querySelector('h1')?.textContent ?? ''), { timeout: 30000 });
  expect(await page.$eval('main', (node) => node.textContent)).toContain('explain how you know which is larger');
  expect(await SubjectVersion.countDocuments({ subjectId: 'mathematics' })).toBe(2);
});

test('the standards manager reads a qualification\'s published rules and publishes the next version', async () => {
  await page.goto(`${server.url}/standards.html#/`);
  await page.waitForSelector('a[href="#/qualifications/gcse-maths-modular"]');
  await page.click('a[href="#/qualifications/gcse-maths-modular"]');
  await page.waitForFunction(() => /rules, version 1/.test(document.querySelector('h1')?.textContent ?? ''));
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.click('#qualification-definition-heading ~ details summary');
  await page.click('#qualification-definition-heading ~ details button');
  await page.waitForFunction(() => /rules, version 2/.test(document.querySelector('h1')?.textContent ?? ''), { timeout: 30000 });
  expect(await page.$eval('main pre', (node) => JSON.parse(node.textContent ?? '{}').version)).toBe(2);
});

test('on the staff home page an account with no classes finds the pages its duties open', async () => {
  await page.goto(`${server.url}/teacher.html`);
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Your Waymark tools');
  const links = await page.$$eval('nav[aria-label="Your Waymark tools"] a', (nodes) => nodes.map((n) => n.getAttribute('href')));
  expect(links).toEqual(expect.arrayContaining(['standards.html', 'authoring.html', 'progress.html?view=awards']));
  expect(links).not.toContain('sampling-admin.html');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});
