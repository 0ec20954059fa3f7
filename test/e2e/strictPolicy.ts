/**
 * The strict Content-Security-Policy the client is built to run under (no inline script or
 * style, no eval, same-origin connections and pictures only), added by the browser to every page
 * a test opens, with each violation recorded for the test to read.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';

export function strictPolicyFor(origin: string): string {
  const socketOrigin = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'",
    `connect-src 'self' ${socketOrigin}`, "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; ');
}

export async function underStrictPolicy(page: Page, origin: string): Promise<void> {
  const policy = strictPolicyFor(origin);
  await page.evaluateOnNewDocument(() => {
    const violations: string[] = [];
    Object.defineProperty(window, 'violations', { value: violations });
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.resourceType() !== 'document') { void request.continue(); return; }
    void fetch(request.url()).then(async (response) => {
      await request.respond({
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'text/html',
        headers: { 'Content-Security-Policy': policy },
        body: await response.text(),
      });
    });
  });
}

/** The violations the page has reported since it loaded. */
export async function policyViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}
