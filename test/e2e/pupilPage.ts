/**
 * What a pupil does in the player, as puppeteer steps shared by the browser tests. Selectors are
 * the ones a person relies on (labels, headings, button names) wherever puppeteer allows.
 */
import type { Page } from 'puppeteer-core';

export const DEMO_SCHOOL_CODE = 'DEMO01';

export async function signInPupil(page: Page, baseUrl: string, pin: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#school-code');
  await page.type('#school-code', DEMO_SCHOOL_CODE);
  await page.type('#pin', pin);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.assignment button, #question-heading');
}

/** Opens the first assigned module and waits for its first (or current) question. */
export async function openFirstModule(page: Page): Promise<number> {
  await page.click('.assignment button');
  await page.waitForSelector('#question-heading, #result-heading');
  return questionNumber(page);
}

/** The number in the "Question n" heading now on screen (0 when none is). */
export async function questionNumber(page: Page): Promise<number> {
  return page.evaluate(() => {
    const match = /Question (\d+)/.exec(document.querySelector('#question-heading')?.textContent ?? '');
    return match ? Number(match[1]) : 0;
  });
}

export async function waitForQuestion(page: Page, sequence: number, timeout = 30000): Promise<void> {
  await page.waitForFunction(
    (expected: number) => document.querySelector('#question-heading')?.textContent === `Question ${expected}`
      || (expected > 0 && document.querySelector('#result-heading') !== null),
    { timeout }, sequence,
  );
}

/**
 * Fills in an answer of the right kind for whatever the question asks (right or wrong does not
 * matter to these tests; the adaptive engine goes on either way) and submits it.
 */
export async function answerCurrentQuestion(page: Page, typed = '1'): Promise<void> {
  // The question may be redrawn just as the connection changes (a refresh after a reload or a
  // reconnect); wait for the form rather than assume the heading's arrival means it is there.
  await page.waitForSelector('form.answer-form button[type="submit"]');
  await page.evaluate((text: string) => {
    const form = document.querySelector('form.answer-form') as HTMLFormElement;
    const groups = new Set<string>();
    for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('input'))) {
      if (input.type === 'radio' || input.type === 'checkbox') {
        if (!groups.has(input.name)) { groups.add(input.name); input.click(); }
      } else if (input.type === 'text' && input.value === '') {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
  }, typed);
  await page.click('form.answer-form button[type="submit"]');
}

/** The sitting's id as the player stored it for resuming. */
export async function storedSessionId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const stored = JSON.parse(localStorage.getItem('waymark.sitting') ?? 'null') as { sessionId?: string } | null;
    return stored?.sessionId ?? null;
  });
}

/** Answers question after question until the result screen; returns how many were answered. */
export async function sitToTheEnd(page: Page, limit = 80): Promise<number> {
  let answered = 0;
  while (answered < limit) {
    const current = await questionNumber(page);
    if (current === 0) break;
    await answerCurrentQuestion(page);
    answered += 1;
    await waitForQuestion(page, current + 1);
  }
  await page.waitForSelector('#result-heading');
  return answered;
}
