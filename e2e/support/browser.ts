import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { RESULTS_DIR } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');

/** Debian's Chromium (never a downloaded browser), headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A fresh context as a Polish office desktop would have it: 1280×800, pl-PL, Europe/Warsaw. */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[browser] page error: ${err.message}`));
  page.on('console', (msg) => {
    // 401s are expected (asking who is signed in before anyone is, a wrong password); anything else is worth seeing.
    if (msg.type() === 'error' && !/status of 401\b/.test(msg.text())) console.error(`[browser] ${msg.text()}`);
  });
  return { context, page };
}

/** A full-page PNG in test-results/screenshots/<name>.png; returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/**
 * Like `shot`, but only the visible viewport: for open modals, where a full-page capture of the scroll-locked page
 * draws the fixed header in the middle of the picture.
 */
export async function shotViewport(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}
