/**
 * The client runs under a strict Content-Security-Policy (no inline script or style, no eval,
 * same-origin connections only), so the server can send one: here the policy is added to the
 * pages in the browser, and the page must report no violation while a pupil signs in, answers
 * and changes display settings.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { useTestDatabase } from '../support/database';
import { answerCurrentQuestion, openFirstModule, signInPupil, waitForQuestion } from './pupilPage';

jest.setTimeout(120000);

const database = useTestDatabase();
let server: ServerProcess;
let browser: TestBrowser;
let page: Page;

function policyFor(origin: string): string {
  const socketOrigin = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'",
    `connect-src 'self' ${socketOrigin}`, "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; ');
}

beforeAll(async () => {
  server = await startServerProcess({ databaseName: database.name });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const violations: string[] = [];
    Object.defineProperty(window, 'violations', { value: violations });
    document.addEventListener('securitypolicyviolation', (event) => {
      violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.resourceType() !== 'document') { void request.continue(); return; }
    void fetch(request.url()).then(async (response) => {
      await request.respond({
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'text/html',
        headers: { 'Content-Security-Policy': policyFor(server.url) },
        body: await response.text(),
      });
    });
  });
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
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  // The policy really was in force (otherwise the check above proves nothing).
  expect(await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.appendChild(script);
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  })).toBe(false);
});
