import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot } from './support/browser.js';
import { ADMIN, fillFirstRun } from './support/first-run.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

const MAILBOXES = ['drafts', 'outbox', 'sent', 'failed'] as const;

let server: E2EServer;
let page: Page;

/** Waits until every mailbox count on the dashboard shows a number (not the "…" placeholder). */
async function countsVisible(p: Page) {
  for (const m of MAILBOXES) {
    await p
      .getByTestId(`count-${m}`)
      .filter({ hasText: /^\d[\d\s\u00a0]*$/ })
      .waitFor({ state: 'visible' });
  }
}

async function counts(p: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of MAILBOXES) {
    const text = (await p.getByTestId(`count-${m}`).textContent()) ?? '';
    out[m] = Number(text.replace(/\D/g, ''));
  }
  return out;
}

describe('first run, sign-in and language (browser)', () => {
  useBrowserSession({ ready: (s) => ({ server, page } = s) });

  it('creates the administrator from the set-up link and lands on the dashboard with demo data', async () => {
    // Without the link, the login screen says where to find it.
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    await page.getByText('Ta instalacja nie ma jeszcze administratora', { exact: false }).waitFor();
    await shot(page, '00-no-setup-link');

    await page.goto(server.setupUrl);
    await page.getByRole('heading', { name: 'Pierwsze uruchomienie' }).waitFor();
    await fillFirstRun(page, ADMIN);
    const demo = page.getByRole('checkbox', { name: /dane demonstracyjne/i });
    expect(await demo.isChecked()).toBe(true);
    await shot(page, '01-first-run');

    const started = performance.now();
    await page.getByRole('button', { name: 'Utwórz administratora' }).click();
    // While the demo data loads the form says so (best effort: on a fast machine it may already be over).
    const loadingDemo = page.getByText('Wczytywanie danych demonstracyjnych', { exact: false });
    if (
      await loadingDemo.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    ) {
      await shot(page, '01b-loading-demo');
    }
    await page.getByRole('heading', { name: 'Pulpit', level: 2 }).waitFor({ timeout: 90_000 });
    await countsVisible(page);
    console.log(`e2e: set-up + demo data → dashboard counts in ${Math.round(performance.now() - started)} ms`);
    const loaded = page.getByText('Dane demonstracyjne wczytane.');
    await loaded.waitFor();
    const properties = await page.evaluate(() => fetch('/api/properties').then((r) => r.json() as Promise<unknown[]>));
    expect(properties.length).toBeGreaterThanOrEqual(3);

    expect(new URL(page.url()).search).toBe('');
    await page.getByText(ADMIN.displayName).waitFor();
    const c = await counts(page);
    // The demo data leaves fee notices ready to send, not messages: every count is a number.
    for (const m of MAILBOXES) expect(Number.isFinite(c[m])).toBe(true);
    // The notification closes by itself; the screenshot shows the dashboard without it.
    await loaded.waitFor({ state: 'hidden' });
    await shot(page, '02-dashboard');
  });

  it('logs out, refuses a wrong password in Polish, then signs in', async () => {
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    await shot(page, '03-login');
    expect(await page.getByText('Ta instalacja nie ma jeszcze administratora', { exact: false }).count()).toBe(0);
    // The language can be chosen before signing in, too.
    await page.getByRole('radiogroup', { name: 'Język' }).getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('PL', { exact: true }).click();
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();

    await page.getByRole('textbox', { name: /^Login/ }).fill(ADMIN.login);
    await page.getByLabel(/^Hasło/).fill('zle-haslo-123');
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Nieprawidłowy login lub hasło');
    await shot(page, '04-login-error');

    await page.getByLabel(/^Hasło/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    await page.getByRole('heading', { name: 'Pulpit', level: 2 }).waitFor();
    await countsVisible(page);
  });

  it('switches the language to English and back', async () => {
    const language = page.getByRole('radiogroup', { name: 'Język' });
    await language.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(page, '05-dashboard-en');

    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 2 }).waitFor();

    await page.getByRole('radiogroup', { name: 'Language' }).getByText('PL', { exact: true }).click();
    await page.getByRole('heading', { name: 'Pulpit', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Wyloguj' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
  });

  it('shows the dashboard counts soon after navigation', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await page.goto(`${server.url}/`);
      await countsVisible(page);
      times.push(Math.round(performance.now() - started));
    }
    console.log(`e2e: navigation → dashboard counts visible: ${times.join(' ms, ')} ms`);
    expect(Math.min(...times)).toBeLessThan(5_000);
  });

  it('opens every screen of the navigation (screenshots for review)', async () => {
    const screens: [path: string, name: string][] = [
      ['/skrzynki/drafts', '10-mailbox-drafts'],
      ['/skrzynki/sent', '11-mailbox-sent'],
      ['/wysylka', '12-batch-wizard'],
      ['/adresaci', '13-recipients'],
      ['/piaskownica', '14-sandbox'],
      ['/ustawienia', '15-settings'],
    ];
    for (const [path, name] of screens) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      // Nothing on the screen says the page failed.
      expect(await page.getByText('Coś poszło nie tak').count(), path).toBe(0);
      await shot(page, name);
    }
  });
});
