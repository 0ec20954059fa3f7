/**
 * A teacher watches the class live in one browser context while a pupil sits the module in
 * another: the pupil's row follows each answer, the teacher pauses and resumes the pupil, and
 * the result appears when the pupil finishes.
 */
import type { Page } from 'puppeteer-core';
import { seriousAccessibilityViolations } from '../support/browser';
import { useServerAndBrowser } from '../support/serverAndBrowser';
import { answerCurrentQuestion, openFirstModule, signInPupil, sitToTheEnd, waitForQuestion } from './pupilPage';

jest.setTimeout(240000);

const running = useServerAndBrowser();
let teacher: Page;
let pupil: Page;
const PUPIL_NAME = 'Dev Patel';
const PUPIL_PIN = '918362';

beforeAll(async () => {
  teacher = await running.browser.newPage();
  pupil = await running.browser.newPage();
});

/** The teacher's row for the pupil, as the cells' text. */
function rowText(page: Page): Promise<string[]> {
  return page.evaluate((name: string) => {
    const row = Array.from(document.querySelectorAll('.live-table tbody tr'))
      .find((candidate) => candidate.querySelector('th')?.textContent === name);
    return row ? Array.from(row.children).map((cell) => cell.textContent ?? '') : [];
  }, PUPIL_NAME);
}

async function waitForRow(page: Page, predicate: (cells: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 30000;
  let cells: string[] = [];
  while (Date.now() < deadline) {
    cells = await rowText(page);
    if (predicate(cells)) return cells;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The teacher's row never matched; last seen: ${JSON.stringify(cells)}`);
}

test('the teacher signs in and sees the class, every pupil not started', async () => {
  await teacher.goto(`${running.server.url}/teacher.html`);
  await teacher.waitForSelector('#email');
  expect(await seriousAccessibilityViolations(teacher)).toEqual([]);
  await teacher.type('#email', 'teacher@demo.waymark.test');
  await teacher.type('#password', 'waymark-demo');
  await teacher.keyboard.press('Enter');
  await teacher.waitForSelector('.live-table tbody tr');
  const cells = await waitForRow(teacher, (row) => row.length > 0);
  expect(cells[1]).toBe('Not started');
  expect(await seriousAccessibilityViolations(teacher)).toEqual([]);
});

test('the pupil starting shows up live (docs/protocol.md: a push when a pupil starts)', async () => {
  await signInPupil(pupil, running.server.url, PUPIL_PIN);
  await openFirstModule(pupil);
  const cells = await waitForRow(teacher, (row) => row[1] === 'Working');
  expect(cells[2]).toBe('1');
});

test('each answer shows up live with the new question number', async () => {
  if (await pupil.$('#question-heading') === null) await openFirstModule(pupil);
  await waitForQuestion(pupil, 1);
  await answerCurrentQuestion(pupil);
  await waitForQuestion(pupil, 2);
  const cells = await waitForRow(teacher, (row) => row[2] === '2');
  expect(cells[1]).toBe('Working');
});

test('the teacher pauses the pupil, who sees the paused screen, then lets them carry on', async () => {
  const stem = await pupil.$eval('.stem', (element) => element.textContent);
  await teacher.click(`button[aria-label="Pause ${PUPIL_NAME}"]`);
  await pupil.waitForSelector('#paused-heading');
  await waitForRow(teacher, (row) => row[1] === 'Paused');

  await teacher.click(`button[aria-label="Resume ${PUPIL_NAME}"]`);
  await waitForQuestion(pupil, 2);
  expect(await pupil.$eval('.stem', (element) => element.textContent)).toBe(stem);
  await waitForRow(teacher, (row) => row[1] === 'Working');
});

test('when the pupil finishes, the teacher sees the result', async () => {
  await sitToTheEnd(pupil);
  const cells = await waitForRow(teacher, (row) => row[1] === 'Finished');
  expect(cells[4]).toMatch(/scale score \d+/);
});

test('the teacher assigns a module to the class and is told it worked', async () => {
  await teacher.click('form.toolbar button[type="submit"]');
  await teacher.waitForFunction(() => /^Assigned /.test(document.querySelector('.send-status')?.textContent ?? ''));
});
