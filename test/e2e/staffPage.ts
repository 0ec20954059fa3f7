/**
 * What a member of staff does in the staff pages, as puppeteer steps shared by the browser
 * tests (the pupil's are in pupilPage.ts).
 */
import type { Page } from 'puppeteer-core';

export const DEMO_STAFF_PASSWORD = 'waymark-demo';

export async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (node) => node.textContent ?? '');
}

export async function waitForText(page: Page, selector: string, text: string, timeout = 15000): Promise<void> {
  await page.waitForFunction((s: string, t: string) => (document.querySelector(s)?.textContent ?? '').includes(t), { timeout }, selector, text);
}

/** Types as a person does: focus the field, then the keys. */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.type(text);
}

/** Signs in on the staff sign-in form already on screen, with a demo account. */
export async function signInStaff(page: Page, email: string): Promise<void> {
  await page.waitForSelector('#email');
  await typeInto(page, '#email', email);
  await typeInto(page, '#password', DEMO_STAFF_PASSWORD);
  await page.keyboard.press('Enter');
}

/** On an item in review in the authoring editor: the reviewer approves it, then puts it live. */
export async function approveAndPutLive(page: Page): Promise<void> {
  const approve = await page.waitForSelector('xpath/.//button[normalize-space()="Approve"]');
  await approve!.click();
  await waitForText(page, '.item-status', 'Approved');
  const publish = await page.waitForSelector('xpath/.//button[normalize-space()="Put it live"]');
  await publish!.click();
  await waitForText(page, '.item-status', 'Live');
}
