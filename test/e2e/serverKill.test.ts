/**
 * The server is killed with SIGKILL mid-module and started again on the same database: the
 * pupil's page reconnects by itself to the same question, an answer given while the server was
 * down is sent once, a reload resumes the same question, and the database holds every answer once.
 */
import type { Page } from 'puppeteer-core';
import { useServerAndBrowser } from '../support/serverAndBrowser';
import { sequencesStored } from './storedResponses';
import { answerCurrentQuestion, openFirstModule, signInPupil, storedSessionId, waitForQuestion } from './pupilPage';

jest.setTimeout(240000);

const running = useServerAndBrowser();
let page: Page;
let sessionId: string;

beforeAll(async () => {
  page = await running.browser.newPage();
});

const stemText = (): Promise<string | null> => page.$eval('.stem', (element) => element.textContent);
const bannerText = (): Promise<string | null> => page.$eval('#connection', (banner) => banner.textContent);

test('after kill -9 and a restart the pupil is back on the same question with every answer kept', async () => {
  await signInPupil(page, running.server.url, '620487');
  expect(await openFirstModule(page)).toBe(1);
  sessionId = await storedSessionId(page) as string;
  for (const sequence of [1, 2, 3]) {
    await answerCurrentQuestion(page);
    await waitForQuestion(page, sequence + 1);
  }
  const stem = await stemText();

  await running.server.kill('SIGKILL');
  await page.waitForFunction(() => /Reconnecting/.test(document.getElementById('connection')?.textContent ?? ''));
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3]);

  await running.server.restart();
  await page.waitForFunction(() => document.getElementById('connection')?.textContent === '', { timeout: 60000 });
  expect(await page.$eval('#question-heading', (heading) => heading.textContent)).toBe('Question 4');
  expect(await stemText()).toBe(stem);
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3]);
});

test('an answer given while the server is down is sent once when it is back', async () => {
  await running.server.kill('SIGKILL');
  await page.waitForFunction(() => /Reconnecting/.test(document.getElementById('connection')?.textContent ?? ''));
  await answerCurrentQuestion(page);
  await page.waitForFunction(() => /saved on this computer/.test(document.getElementById('send-status')?.textContent ?? ''));
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3]);

  await running.server.restart();
  await waitForQuestion(page, 5, 60000);
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3, 4]);
  expect(await bannerText()).toBe('');
});

test('a reload after the restart resumes on the same question', async () => {
  const stem = await stemText();
  await page.reload();
  await waitForQuestion(page, 5);
  expect(await stemText()).toBe(stem);
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3, 4]);
});
