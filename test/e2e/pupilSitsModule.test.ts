/**
 * A pupil signs in with the keyboard, sits the demo module to the end in Chromium and sees the
 * result; the login, question and result pages pass axe-core with no serious or critical
 * violations, reflow at 320 CSS px without sideways scrolling, and display settings persist.
 */
import type { Page } from 'puppeteer-core';
import { scrollsHorizontally, seriousAccessibilityViolations } from '../support/browser';
import { useServerAndBrowser } from '../support/serverAndBrowser';
import { sequencesStored } from './storedResponses';
import { DEMO_SCHOOL_CODE, openFirstModule, questionNumber, sitToTheEnd, storedSessionId, waitForQuestion } from './pupilPage';

jest.setTimeout(240000);

const running = useServerAndBrowser();
let page: Page;

beforeAll(async () => {
  page = await running.browser.newPage();
  // Headless Chromium has no voices: record what the player asks speech synthesis to say.
  await page.evaluateOnNewDocument(() => {
    const spoken: string[] = [];
    class RecordedUtterance {
      lang = ''; voice: unknown = null; rate = 1; onend: (() => void) | null = null; onerror: (() => void) | null = null;
      constructor(readonly text: string) {}
    }
    Object.defineProperty(window, 'spoken', { value: spoken });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: RecordedUtterance, configurable: true });
    Object.defineProperty(window, 'speechSynthesis', {
      configurable: true,
      value: {
        speak(utterance: RecordedUtterance) { spoken.push(utterance.text); setTimeout(() => utterance.onend?.(), 50); },
        cancel() { /* nothing playing */ },
        getVoices() { return []; },
      },
    });
  });
});

test('the login page: keyboard sign-in, no serious accessibility violations, reflows at 320 px', async () => {
  await page.goto(`${running.server.url}/`);
  await page.waitForSelector('#school-code');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.setViewport({ width: 320, height: 640 });
  expect(await scrollsHorizontally(page)).toBe(false);
  await page.setViewport({ width: 1280, height: 800 });

  await page.focus('#school-code');
  await page.keyboard.type(DEMO_SCHOOL_CODE.toLowerCase());
  await page.keyboard.press('Tab');
  await page.keyboard.type('482913');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.assignment button');
  expect(await page.$eval('h1', (heading) => heading.textContent)).toBe('Your modules');
});

test('a wrong PIN is refused with a message in an alert, and the pupil stays on the login page', async () => {
  const other = await running.browser.newPage();
  await other.goto(`${running.server.url}/`);
  await other.waitForSelector('#school-code');
  await other.type('#school-code', DEMO_SCHOOL_CODE);
  await other.type('#pin', '000000');
  await other.keyboard.press('Enter');
  await other.waitForSelector('#login-problem:not([hidden])');
  expect(await other.$eval('#login-problem', (problem) => problem.getAttribute('role'))).toBe('alert');
  expect(await other.$('#school-code')).not.toBeNull();
  await other.close();
});

test('the question page: focus on the heading, accessible, reflows at 320 px with the largest text', async () => {
  expect(await openFirstModule(page)).toBe(1);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('question-heading');
  expect(await page.title()).toBe('Question 1 – Waymark');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // The pupil chooses the largest text and dark colours; both apply at once and survive a reload.
  await page.click('.settings summary');
  await page.click('input[name="font-size"][value="largest"]');
  await page.click('input[name="colour-scheme"][value="dark"]');
  await page.reload();
  await waitForQuestion(page, 1);
  expect(await page.evaluate(() => [document.documentElement.dataset.fontSize, document.documentElement.dataset.colourScheme]))
    .toEqual(['largest', 'dark']);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.setViewport({ width: 320, height: 640 });
  expect(await scrollsHorizontally(page)).toBe(false);
  await page.setViewport({ width: 1280, height: 800 });
});

test('read-aloud speaks the question number, the stem and what to do', async () => {
  const stem = await page.$eval('.stem', (element) => element.textContent ?? '');
  const button = await page.waitForSelector('xpath/.//button[normalize-space()="Read aloud"]');
  await button?.click();
  const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
  expect(spoken).toHaveLength(1);
  expect(spoken[0]).toMatch(/^Question 1\. /);
  // The first words of the stem (before any maths, which is spoken as words) are read as written.
  expect(spoken[0]).toContain(stem.split(/[0-9$]/)[0].trim());
  await page.waitForFunction(() => document.querySelector('button[aria-pressed]')?.getAttribute('aria-pressed') === 'false');
});

test('answering with the keyboard only moves to question 2 and puts focus on its heading', async () => {
  const kind = await page.$eval('form.answer-form input', (input) => (input as HTMLInputElement).type);
  await page.focus('form.answer-form input');
  if (kind === 'text') await page.keyboard.type('1');
  else await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  // Tab reaches the submit button after at most the remaining controls of the question.
  for (let step = 0; step < 12; step += 1) {
    const onSubmit = await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.type === 'submit');
    if (onSubmit) break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await waitForQuestion(page, 2);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('question-heading');
});

test('the pupil sits the module to the end; the result page shows grade, scale score and can-do statements', async () => {
  const answeredBefore = (await questionNumber(page)) - 1;
  const sessionId = await storedSessionId(page);
  expect(sessionId).not.toBeNull();
  const answered = answeredBefore + await sitToTheEnd(page);

  expect(await page.$eval('.grade', (grade) => grade.textContent)).toMatch(/\S/);
  expect(await page.$eval('.scale-score', (score) => Number(score.textContent))).toEqual(expect.any(Number));
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // Every answer is in the database exactly once, numbered 1..n.
  expect(await sequencesStored(sessionId as string)).toEqual(Array.from({ length: answered }, (_, index) => index + 1));
  // Finished: nothing left to resume.
  expect(await storedSessionId(page)).toBeNull();
});
