import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MAILBOX_COUNT_CAP } from '../src/shared/messages.js';
import { shot as takeShot } from './support/browser.js';
import { firstRun } from './support/first-run.js';
import { type SeedResult, seedMessages } from './support/seed.js';
import { type E2EServer, RESULTS_DIR } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * The mailbox at realistic volume: 200 000 messages written into the server's SQLite file, then the first load of
 * a mailbox, a rare search and the next page timed in the browser; plus screenshots of the screens first-run.e2e.ts
 * does not cover.
 */
const ROWS = 200_000;

let server: E2EServer;
let page: Page;
let seeded: SeedResult;

/**
 * shot(), plus a copy in test-results/mailbox-load/: the next e2e run's global set-up empties screenshots/, and
 * these are meant for review after the run.
 */
const KEEP_DIR = path.join(RESULTS_DIR, 'mailbox-load');
async function shot(p: Page, name: string): Promise<string> {
  const file = await takeShot(p, name);
  mkdirSync(KEEP_DIR, { recursive: true });
  copyFileSync(file, path.join(KEEP_DIR, path.basename(file)));
  return file;
}

/** Lets requests settle before a screenshot (polling screens never go quiet for long: give up after 5 s). */
async function settle(p: Page) {
  await p.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
}

const firstRow = (p: Page) => p.locator('table tbody tr').first();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Navigates to a mailbox and returns the milliseconds until its first row is visible. */
async function timeFirstRows(p: Page, mailbox: string): Promise<number> {
  const started = performance.now();
  await p.goto(`${server.url}/skrzynki/${mailbox}`, { waitUntil: 'commit' });
  await firstRow(p).waitFor({ state: 'visible' });
  return Math.round(performance.now() - started);
}

/** No raw translation keys (`mailboxes.status.x`, `common:…`) and no error screen on the page. */
async function expectNoRawKeys(p: Page, where: string) {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText: the visible text, as a reader sees it
  const text = (await p.locator('body').innerText()).replace(/\S+@\S+/g, '');
  expect(text, where).not.toMatch(/\b[a-z]+(?::[a-zA-Z]+)?\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)+\b/);
  expect(text, where).not.toMatch(/\b(?:common|mailboxes|settings|wizard|recipients|sandbox|dashboard|auth):[a-z]/);
  expect(await p.getByText('Coś poszło nie tak').count(), where).toBe(0);
}

describe('mailbox with 200 000 messages (browser)', () => {
  useBrowserSession({ ready: (s) => ({ server, page } = s), shot });

  it('sets up the installation with demo data and seeds 200 000 messages', async () => {
    await firstRun(page, server);

    seeded = seedMessages(server.dataDir, ROWS);
    const per = Object.entries(seeded.byMailbox)
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    console.log(
      `e2e: seeded ${seeded.rows} messages in ${seeded.ms} ms (${Math.round(seeded.rows / (seeded.ms / 1000))} rows/s; ${per})`,
    );
    // A bound against a pathological seed, not a speed figure (speed is bench:mailbox's): CI runs this beside two
    // suites on 2 slow cores, where 70 s was seen (2026-12-07), and 121 s on a machine half as fast — past the 120 s
    // every e2e test had, so this one has its own time (below).
    expect(seeded.ms).toBeLessThan(180_000);
    const counts = await page.evaluate(() =>
      fetch('/api/mailboxes/counts').then((r) => r.json() as Promise<Record<string, number>>),
    );
    // Counts stop at MAILBOX_COUNT_CAP (D81): a larger mailbox answers the cap + 1, shown as "10 000+".
    expect(counts.sent).toBe(Math.min(seeded.byMailbox.sent ?? 0, MAILBOX_COUNT_CAP + 1));
  }, 300_000);

  // Under 1 s on a quiet machine (the figures are printed); the bound catches a page that scans the table: 1.26 s
  // was the best of three in CI beside two suites on 2 slow cores (2026-12-07).
  it('shows the first rows of a 200 000-message mailbox in under 3 s, even beside other suites', async () => {
    const figures: Record<string, number[]> = {};
    for (const mailbox of ['sent', 'drafts']) {
      await timeFirstRows(page, mailbox); // warm-up: the first visit after seeding reads the file cold.
      const times: number[] = [];
      for (let i = 0; i < 3; i++) times.push(await timeFirstRows(page, mailbox));
      figures[mailbox] = times;
      console.log(
        `e2e: /skrzynki/${mailbox} (${seeded.byMailbox[mailbox === 'sent' ? 'sent' : 'drafts']} messages) → first row visible: ${times.join(' ms, ')} ms (best ${Math.min(...times)} ms, median ${median(times)} ms)`,
      );
    }
    for (const [mailbox, times] of Object.entries(figures)) expect(Math.min(...times), mailbox).toBeLessThan(3_000);
  });

  it('finds one e-mail address among the sent messages, and turns to the next page', async () => {
    await page.goto(`${server.url}/skrzynki/sent`);
    await firstRow(page).waitFor();
    const search = page.getByRole('searchbox', { name: 'Szukaj' });

    const started = performance.now();
    await search.fill(seeded.rareSentAddress);
    await page.waitForFunction((address) => {
      const rows = document.querySelectorAll('table tbody tr');
      return rows.length === 1 && (rows[0]?.textContent ?? '').includes(address);
    }, seeded.rareSentAddress);
    const searchMs = Math.round(performance.now() - started);
    console.log(
      `e2e: search for ${seeded.rareSentAddress} in sent → 1 row shown in ${searchMs} ms (includes the 350 ms typing pause)`,
    );
    expect(new URL(page.url()).searchParams.get('q')).toBe(seeded.rareSentAddress);

    await page.goto(`${server.url}/skrzynki/sent`);
    await firstRow(page).waitFor();
    const before = (await firstRow(page).textContent()) ?? '';
    const next = page.getByRole('button', { name: 'Następna strona' });
    await expect.poll(() => next.isEnabled()).toBe(true);
    const t0 = performance.now();
    await next.click();
    await page.getByText('Strona 2', { exact: true }).waitFor();
    await page.waitForFunction((first) => {
      const row = document.querySelector('table tbody tr');
      return !!row && row.textContent !== first && document.querySelectorAll('table tbody tr').length > 0;
    }, before);
    const nextMs = Math.round(performance.now() - t0);
    console.log(`e2e: "Następna strona" on sent → page 2 rows shown in ${nextMs} ms`);
    expect(await page.locator('table tbody tr').count()).toBe(50);
  });

  it('screens for review: mailbox, message, settings, wizard, import, English', async () => {
    await page.goto(`${server.url}/skrzynki/sent`);
    await firstRow(page).waitFor();
    await settle(page);
    await expectNoRawKeys(page, 'sent mailbox');
    await shot(page, '30-mailbox-sent-200k');

    await firstRow(page).getByRole('link').first().click();
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await settle(page);
    await expectNoRawKeys(page, 'message view');
    await shot(page, '31-message-sent');

    const tabs: [tab: string, label: string, name: string][] = [
      ['konta', 'Konta e-mail', '32-settings-accounts'],
      ['stanowiska', 'Stanowiska', '33-settings-positions'],
      ['uzytkownicy', 'Użytkownicy', '34-settings-users'],
      ['szablony', 'Szablony', '35-settings-templates'],
      ['dziennik', 'Dziennik zdarzeń', '36-settings-audit'],
    ];
    for (const [tab, label, name] of tabs) {
      await page.goto(`${server.url}/ustawienia`);
      await page.getByRole('tab', { name: label }).click();
      await page.waitForURL(new RegExp(`zakladka=${tab}`));
      if (tab === 'szablony') {
        const type = page.getByRole('combobox', { name: 'Rodzaj dokumentu' });
        await type.selectOption({ label: 'Zawiadomienie o wysokości opłat' });
        // The preview: the subject line and the rendered HTML in its frame.
        await page.getByText('Zawiadomienie o wysokości opłat od 01.04.2026', { exact: false }).first().waitFor();
        await page
          .frameLocator('iframe[title="Podgląd"]')
          .locator('body')
          .filter({ hasText: /Szanowni/ })
          .waitFor();
        // A sandboxed frame below the fold is not painted in a full-page screenshot (and scrolling to it draws the
        // fixed header mid-page): a window tall enough for the whole editor, still 1280 px wide.
        await page.setViewportSize({ width: 1280, height: 1700 });
        await page.waitForTimeout(300);
      }
      await settle(page);
      await expectNoRawKeys(page, `settings ${tab}`);
      await shot(page, name);
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    await page.goto(`${server.url}/wysylka`);
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await page
      .getByRole('combobox', { name: /Rodzaj dokumentu/ })
      .selectOption({ label: 'Zawiadomienie o wysokości opłat' });
    await settle(page);
    await expectNoRawKeys(page, 'wizard step 1');
    await shot(page, '37-wizard-step1-type');

    await page.goto(`${server.url}/adresaci`);
    await page.getByRole('tab', { name: 'Import z pliku' }).click();
    await settle(page);
    await expectNoRawKeys(page, 'recipients import');
    await shot(page, '38-recipients-import');

    await page.getByRole('radiogroup', { name: 'Język' }).getByText('EN', { exact: true }).click();
    await page.goto(`${server.url}/skrzynki/sent`);
    await page.getByRole('heading', { name: 'Mailboxes', level: 2 }).waitFor();
    await firstRow(page).waitFor();
    await settle(page);
    await shot(page, '39-mailbox-sent-en');
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('PL', { exact: true }).click();
    await page.getByRole('heading', { name: 'Skrzynki', level: 2 }).waitFor();
  });
});
