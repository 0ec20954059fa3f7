/**
 * The authoring flow end to end in Chromium (issue 4): Ms Rivera writes a question in the item
 * bank, sees the form's inline validation, previews it as a pupil would see it, tries an answer
 * (mark and answer note), and sends it for review; Mr Shah approves it and puts it live; a
 * pupil sitting the module it is tagged to receives it as a pretest question. axe-core checks
 * each screen (WCAG 2.2 AA).
 */
import type { Page } from 'puppeteer-core';
import { seriousAccessibilityViolations } from '../support/browser';
import { useServerAndBrowser } from '../support/serverAndBrowser';
import { answerCurrentQuestion, openFirstModule, questionNumber, signInPupil, waitForQuestion } from './pupilPage';
import { approveAndPutLive, signInStaff, textOf, typeInto, waitForText } from './staffPage';

jest.setTimeout(240000);

const running = useServerAndBrowser();
let staff: Page;
const STEM = 'Which of these decimals is the largest? (written in the authoring test)';
let itemId = '';

beforeAll(async () => {
  staff = await running.browser.newPage();
});

test('Ms Rivera reaches the item bank from the teacher page header', async () => {
  await staff.goto(`${running.server.url}/teacher.html`);
  await signInStaff(staff, 'teacher@demo.waymark.test');
  await staff.waitForSelector('.live-table tbody tr');
  await Promise.all([staff.waitForNavigation(), staff.click('a[href="authoring.html"]')]);
  await staff.waitForSelector('.bank-table');
  expect(await textOf(staff, 'h1')).toBe('Item bank');
  expect(await seriousAccessibilityViolations(staff)).toEqual([]);
});

test('she writes a question: inline validation, live preview, try an answer, save, send for review', async () => {
  await staff.click('a[href="#/new"]');
  await staff.waitForSelector('[data-path="/stem"]');

  // Saving an empty question lists the problems and marks the fields beside them.
  await staff.click('.editor-form button[type="submit"]');
  await staff.waitForSelector('.error-summary:not([hidden])');
  expect(await staff.$eval('[data-path="/stem"]', (node) => node.getAttribute('aria-invalid'))).toBe('true');
  expect(await staff.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);

  await typeInto(staff, '[data-path="/stem"]', STEM);
  await typeInto(staff, '[data-path="/interaction/options/0/content"]', '0.5');
  await typeInto(staff, '[data-path="/interaction/options/1/content"]', '0.45');
  await staff.click('#edit-item-add-option');
  await staff.waitForSelector('[data-path="/interaction/options/2/content"]');
  expect(await staff.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('/interaction/options/2/content');
  await staff.keyboard.type('0.405');
  await staff.click('[data-path^="/criteria/"]');
  await staff.click('[data-path="/tags/modules/fdp-1"]');
  await typeInto(staff, '[data-path="/parameters/b"]', '.5');

  // The preview is the pupil player's own rendering of the pupil projection.
  await waitForText(staff, '#edit-preview-stem', 'Which of these decimals is the largest?');
  await staff.waitForSelector('#edit-pv-option-C');
  await waitForText(staff, '.information-chart desc', 'θ = 0.5');
  expect(await seriousAccessibilityViolations(staff)).toEqual([]);

  await staff.click('#edit-pv-option-B');
  await staff.click('#edit-try');
  await waitForText(staff, '.preview-panel .try-result', 'out of');
  expect(await textOf(staff, '.preview-panel .try-result')).toContain('0 out of 1 mark');
  await staff.click('#edit-pv-option-A');
  await staff.click('#edit-try');
  await waitForText(staff, '.preview-panel .try-result', '1 out of 1 mark');
  expect(await textOf(staff, '.preview-panel .try-result')).toMatch(/Answer note: \S+/);

  await staff.click('.editor-form button[type="submit"]');
  await staff.waitForFunction(() => /^#\/item\//.test(window.location.hash), { timeout: 15000 });
  itemId = decodeURIComponent(await staff.evaluate(() => window.location.hash.replace('#/item/', '')));
  await waitForText(staff, '.item-status', 'Draft');
  const send = await staff.waitForSelector('xpath/.//button[normalize-space()="Send for review"]');
  await send!.click();
  await waitForText(staff, '.item-status', 'In review');
  expect(await textOf(staff, '.audit-table')).toContain('sent it for review');
  expect(await seriousAccessibilityViolations(staff)).toEqual([]);
});

test('Mr Shah finds it in his review queue, approves it and puts it live', async () => {
  await staff.click('.account .link-button');
  await signInStaff(staff, 'reviewer@demo.waymark.test');
  await staff.waitForSelector('.bank-table, .empty');
  await staff.click('a[href="#/review"]');
  await waitForText(staff, 'h1', 'Review queue');
  await staff.waitForSelector(`a[href="#/item/${encodeURIComponent(itemId)}"]`);
  expect(await seriousAccessibilityViolations(staff)).toEqual([]);
  await staff.click(`a[href="#/item/${encodeURIComponent(itemId)}"]`);
  await waitForText(staff, '.item-status', 'In review');
  await typeInto(staff, '#review-comment', 'Clear, and the distractors catch "longer is larger".');
  await approveAndPutLive(staff);
  const audit = await textOf(staff, '.audit-table');
  for (const step of ['wrote the first draft', 'sent it for review', 'approved it', 'put it live', 'Mr Shah', 'Ms Rivera']) expect(audit).toContain(step);
  expect(await seriousAccessibilityViolations(staff)).toEqual([]);
});

test('a pupil sitting fdp-1 receives the new question as a pretest item', async () => {
  const pupil = await running.browser.newPage();
  await signInPupil(pupil, running.server.url, '482913');
  await openFirstModule(pupil);
  let seenAt = 0;
  for (let guard = 0; guard < 12 && seenAt === 0; guard++) {
    const current = await questionNumber(pupil);
    if (current === 0) break;
    if ((await textOf(pupil, 'main')).includes(STEM)) {
      seenAt = current;
      break;
    }
    await answerCurrentQuestion(pupil);
    await waitForQuestion(pupil, current + 1);
  }
  // The default pretest window (no pretest block in fdp-1) is positions 2 to 5.
  expect(seenAt).toBeGreaterThanOrEqual(2);
  expect(seenAt).toBeLessThanOrEqual(5);
});
