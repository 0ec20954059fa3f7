/**
 * The client runs under a strict Content-Security-Policy (no inline script or style, no eval,
 * same-origin connections only), so the server can send one: here the policy is added to the
 * pages in the browser, and the page must report no violation while a pupil signs in, answers
 * and changes display settings.
 */
import type { Page } from 'puppeteer-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { useTestDatabase } from '../support/database';
import { answerCurrentQuestion, openFirstModule, signInPupil, waitForQuestion } from './pupilPage';
import { policyViolations, underStrictPolicy } from './strictPolicy';

jest.setTimeout(120000);

const database = useTestDatabase();
let server: ServerProcess;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServerProcess({ databaseName: database.name });
  browser = await launchBrowser();
  page = await browser.newPage();
  await underStrictPolicy(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('signing in, answering and changing settings break no rule of a strict policy', async () => {
  await signInPupil(page, server.url, '849201');
  expect(await openFirstModule(page)).toBe(1);
  await page.click('.settings summary');
  await page.click('input[name="colour-scheme"][value="cream"]');
  await answerCurrentQuestion(page);
  await waitForQuestion(page, 2);
  expect(await page.evaluate(() => document.documentElement.dataset.colourScheme)).toBe('cream');
  expect(await policyViolations(page)).toEqual([]);
  // The policy really was in force (otherwise the check above proves nothing).
  expect(await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.appendChild(script);
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  })).toBe(false);
});
