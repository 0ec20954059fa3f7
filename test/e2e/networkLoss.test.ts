/**
 * A pupil's network drops mid-module (Chromium's offline emulation): the player says it is
 * reconnecting, keeps the answer given meanwhile, and sends it once when the network is back;
 * the database then holds every answer once.
 */
import type { Page } from 'puppeteer-core';
import { useServerAndBrowser } from '../support/serverAndBrowser';
import { Response } from '../../server/db/models';
import { sequencesStored } from './storedResponses';
import { answerCurrentQuestion, openFirstModule, signInPupil, storedSessionId, waitForQuestion } from './pupilPage';

jest.setTimeout(180000);

const running = useServerAndBrowser();
let page: Page;

beforeAll(async () => {
  page = await running.browser.newPage();
});

test('an answer given while offline is queued, shown as reconnecting, and sent once on reconnect', async () => {
  await signInPupil(page, running.server.url, '375104');
  expect(await openFirstModule(page)).toBe(1);
  const sessionId = await storedSessionId(page) as string;
  for (const sequence of [1, 2]) {
    await answerCurrentQuestion(page);
    await waitForQuestion(page, sequence + 1);
  }
  expect(await sequencesStored(sessionId)).toEqual([1, 2]);

  await page.setOfflineMode(true);
  await page.waitForFunction(() => /Reconnecting/.test(document.getElementById('connection')?.textContent ?? ''));
  await answerCurrentQuestion(page, '2');
  await page.waitForFunction(() => /saved on this computer/.test(document.getElementById('send-status')?.textContent ?? ''));
  const queued = await page.evaluate((id: string) => JSON.parse(localStorage.getItem(`waymark.outbox.${id}`) ?? 'null'), sessionId);
  expect(queued).toMatchObject({ sessionId, sequence: 3, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(await sequencesStored(sessionId)).toEqual([1, 2]);
  expect(await page.$eval('#question-heading', (heading) => heading.textContent)).toBe('Question 3');

  await page.setOfflineMode(false);
  await waitForQuestion(page, 4, 60000);
  expect(await page.$eval('#connection', (banner) => banner.textContent)).toBe('');
  expect(await page.evaluate((id: string) => localStorage.getItem(`waymark.outbox.${id}`), sessionId)).toBeNull();
  const stored = await Response.find({ sessionId, sequence: 3 }).lean();
  expect(stored).toHaveLength(1);
  expect(stored[0].idempotencyKey).toBe(queued.idempotencyKey);
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3]);
});

test('a reload after the network came back resumes on the same question', async () => {
  const stem = await page.$eval('.stem', (element) => element.textContent);
  await page.reload();
  await waitForQuestion(page, 4);
  expect(await page.$eval('.stem', (element) => element.textContent)).toBe(stem);
});

test('an answer queued offline survives closing the tab: reopening the player sends it once and moves on', async () => {
  const sessionId = await storedSessionId(page) as string;
  await page.setOfflineMode(true);
  await page.waitForFunction(() => /Reconnecting/.test(document.getElementById('connection')?.textContent ?? ''));
  await answerCurrentQuestion(page, '3');
  await page.waitForFunction(() => /saved on this computer/.test(document.getElementById('send-status')?.textContent ?? ''));
  const queued = await page.evaluate((id: string) => JSON.parse(localStorage.getItem(`waymark.outbox.${id}`) ?? 'null'), sessionId);
  expect(queued).toMatchObject({ sequence: 4 });
  const context = page.browserContext();
  await page.close();
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3]);

  page = await context.newPage();
  await page.goto(`${running.server.url}/`);
  await waitForQuestion(page, 5);
  const stored = await Response.find({ sessionId, sequence: 4 }).lean();
  expect(stored.map((response) => response.idempotencyKey)).toEqual([queued.idempotencyKey]);
  expect(await sequencesStored(sessionId)).toEqual([1, 2, 3, 4]);
});
