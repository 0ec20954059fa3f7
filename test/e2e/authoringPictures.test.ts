/**
 * Pictures and answer notes in the authoring flow, in Chromium under the strict CSP the pages
 * are meant to run under (img-src 'self'): Ms Rivera adds a picture to a new question, must
 * describe it (alt text), notes the misconception a wrong option shows, sees the picture with
 * its alt text in the pupil preview and the note when she tries that option; Mr Shah approves
 * and publishes it; a pupil sitting fdp-1 sees the picture with its alt text. A number question
 * with an anticipated wrong answer shows that answer's note when it is tried.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { seriousAccessibilityViolations } from '../support/browser';
import { useServerAndBrowser } from '../support/serverAndBrowser';
import { tinyPng } from '../support/tinyPng';
import { answerCurrentQuestion, openFirstModule, questionNumber, signInPupil, waitForQuestion } from './pupilPage';
import { approveAndPutLive, signInStaff, textOf, typeInto, waitForText } from './staffPage';
import { policyViolations, underStrictPolicy } from './strictPolicy';

jest.setTimeout(240000);

const running = useServerAndBrowser();
const STEM = 'The diagram shows a rectangle. What is its area? (written in the pictures test)';
const ALT = 'A rectangle 4 cm long and 3 cm wide.';
const NOTE = 'AREA_USED_PERIMETER';
let staff: Page;
let pngPath = '';
let itemId = '';

/** The picture's alt text, and whether it loaded (a picture blocked by the CSP has no natural width). */
async function pictureIn(page: Page, selector: string): Promise<{ alt: string; loaded: boolean }> {
  await page.waitForFunction((s: string) => {
    const img = document.querySelector<HTMLImageElement>(s);
    return img !== null && img.complete;
  }, { timeout: 15000 }, selector);
  return page.$eval(selector, (img) => ({ alt: (img as HTMLImageElement).alt, loaded: (img as HTMLImageElement).naturalWidth === 2 }));
}

beforeAll(async () => {
  pngPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-picture-')), 'rectangle.png');
  fs.writeFileSync(pngPath, tinyPng(2, 2, [30, 90, 160]));
  staff = await running.browser.newPage();
  await underStrictPolicy(staff, running.server.url);
});

afterAll(() => {
  if (pngPath) fs.rmSync(path.dirname(pngPath), { recursive: true, force: true });
});

test('Ms Rivera adds a picture with alt text and an option note; the preview shows both', async () => {
  await staff.goto(`${running.server.url}/authoring.html`);
  await signInStaff(staff, 'teacher@demo.waymark.test');
  await staff.waitForSelector('.bank-table');
  await staff.click('a[href="#/new"]');
  await staff.waitForSelector('[data-path="/stem"]');
  await typeInto(staff, '[data-path="/stem"]', STEM);

  const file = await staff.waitForSelector('input#edit-picture-file');
  await file!.uploadFile(pngPath);
  // Uploaded and shown from its same-origin address; focus moves to the alt text it now needs.
  await staff.waitForSelector('.picture-editor img.stem-image');
  expect(await staff.$eval('.picture-editor img.stem-image', (img) => (img as HTMLImageElement).getAttribute('src'))).toMatch(/^\/assets\/[0-9a-f]{64}\.png$/);
  expect(await staff.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('/image/alt');
  expect(await textOf(staff, '.picture-status')).toContain('2 × 2 pixels');

  await typeInto(staff, '[data-path="/interaction/options/0/content"]', '12 cm²');
  await typeInto(staff, '[data-path="/interaction/options/1/content"]', '14 cm²');
  await typeInto(staff, '[data-path="/answer/optionNotes/B"]', NOTE);
  await staff.click('[data-path^="/criteria/"]');
  await staff.click('[data-path="/tags/modules/fdp-1"]');
  await typeInto(staff, '[data-path="/parameters/b"]', '.2');

  // Without alt text the question is incomplete: saving names the alt field.
  await staff.click('.editor-form button[type="submit"]');
  await staff.waitForSelector('.error-summary:not([hidden])');
  expect(await staff.$eval('[data-path="/image/alt"]', (node) => node.getAttribute('aria-invalid'))).toBe('true');

  await typeInto(staff, '[data-path="/image/alt"]', ALT);
  await waitForText(staff, '#edit-preview-stem', 'What is its area?');
  expect(await pictureIn(staff, '#edit-preview-question img.stem-image')).toEqual({ alt: ALT, loaded: true });
  expect(await seriousAccessibilityViolations(staff)).toEqual([]);

  await staff.click('#edit-pv-option-B');
  await staff.click('#edit-try');
  await waitForText(staff, '.preview-panel .try-result', 'out of');
  expect(await textOf(staff, '.preview-panel .try-result')).toContain(`Answer note: ${NOTE}`);

  await staff.click('.editor-form button[type="submit"]');
  await staff.waitForFunction(() => /^#\/item\//.test(window.location.hash), { timeout: 15000 });
  itemId = decodeURIComponent(await staff.evaluate(() => window.location.hash.replace('#/item/', '')));
  const send = await staff.waitForSelector('xpath/.//button[normalize-space()="Send for review"]');
  await send!.click();
  await waitForText(staff, '.item-status', 'In review');
  expect(await policyViolations(staff)).toEqual([]);
});

test('an anticipated wrong answer with its note, for a number question: "try" shows the note', async () => {
  await staff.evaluate(() => { window.location.hash = '#/new'; });
  await staff.waitForSelector('[data-path="/stem"]');
  await typeInto(staff, '[data-path="/stem"]', 'Work out $\\frac{1}{2} + \\frac{1}{3}$.');
  await staff.select('[data-path="/interaction/type"]', 'numeric');
  await staff.waitForSelector('[data-path="/answer/value"]');
  await typeInto(staff, '[data-path="/answer/value"]', '5/6');
  await staff.click('#edit-answer-anticipated-add');
  await staff.waitForSelector('[data-path="/answer/anticipated/0/value"]');
  expect(await staff.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('/answer/anticipated/0/value');
  await staff.keyboard.type('2/5');
  await typeInto(staff, '[data-path="/answer/anticipated/0/note"]', 'FRAC_ADDED_DENOMINATORS');
  await staff.click('[data-path^="/criteria/"]');
  await staff.waitForSelector('#edit-preview-question input.answer-input');
  expect(await seriousAccessibilityViolations(staff)).toEqual([]);
  await typeInto(staff, '#edit-preview-question input.answer-input', '2/5');
  await staff.click('#edit-try');
  await waitForText(staff, '.preview-panel .try-result', 'out of');
  const tried = await textOf(staff, '.preview-panel .try-result');
  expect(tried).toContain('0 out of 1 mark');
  expect(tried).toContain('Answer note: FRAC_ADDED_DENOMINATORS');
});

test('Mr Shah approves it and puts it live', async () => {
  await staff.click('.account .link-button');
  await signInStaff(staff, 'reviewer@demo.waymark.test');
  await staff.waitForSelector('.bank-table, .empty');
  await staff.goto(`${running.server.url}/authoring.html#/item/${encodeURIComponent(itemId)}`);
  await waitForText(staff, '.item-status', 'In review');
  await approveAndPutLive(staff);
});

test('a pupil sitting fdp-1 sees the picture with its alt text, under the strict policy', async () => {
  const pupil = await running.browser.newPage();
  await underStrictPolicy(pupil, running.server.url);
  await signInPupil(pupil, running.server.url, '482913');
  await openFirstModule(pupil);
  let seen: { alt: string; loaded: boolean } | undefined;
  for (let guard = 0; guard < 12 && !seen; guard++) {
    const current = await questionNumber(pupil);
    if (current === 0) break;
    if ((await textOf(pupil, 'main')).includes('What is its area? (written in the pictures test)')) {
      seen = await pictureIn(pupil, 'main img.stem-image');
      break;
    }
    await answerCurrentQuestion(pupil);
    await waitForQuestion(pupil, current + 1);
  }
  expect(seen).toEqual({ alt: ALT, loaded: true });
  expect(await policyViolations(pupil)).toEqual([]);
});
