import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SETTINGS_TABS } from '../src/web/pages/settings/tabs.js';
import { type Sink, startSink } from '../test/support/smtp-sink.js';
import { seedForA11y } from './support/a11y-seed.js';
import { type AxeFinding, axeFindings, formatFindings } from './support/axe.js';
import { shotViewport } from './support/browser.js';
import { ADMIN, apiRequest, fillFirstRun } from './support/first-run.js';
import { nextPeriod, pickPeriod } from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * Issue 14 point 6 (D73): axe-core's WCAG 2.1 A/AA rules on every screen of the web app — each route of
 * `src/web/app/routes.tsx`, every Ustawienia tab, the wizard's steps, the dialogs that matter, the log-in, first-run
 * and password-change screens — in Polish and in English (switched with the PL | EN control, as a user does).
 * Every serious or critical finding of all screens is collected and the test fails listing them, rule by rule.
 */
const CLERK = { login: 'ewa.a11y', displayName: 'Ewa Dostępna', password: 'Haslo-ksiegowej-1' };
type Lang = 'pl' | 'en';
const L = {
  pl: { sendNow: 'Wyślij teraz', queue: 'Do nadawczej', addAccount: 'Dodaj konto', next: 'Dalej' },
  en: { sendNow: 'Send now', queue: 'To outbox', addAccount: 'Add account', next: 'Next' },
} as const;

let server: E2EServer;
let page: Page;
let sink: Sink;
const findings: { screen: string; f: AxeFinding }[] = [];
const screens: string[] = [];

/** Loaded: no request in flight, no loader, the transitions over. */
async function settle(p: Page) {
  // Some screens poll (a running batch, the unread count): networkidle may not come; 5 s is plenty otherwise.
  await p.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await p
    .waitForFunction(() => !document.querySelector('.mantine-Loader-root, [data-loading="true"]'), undefined, {
      timeout: 10_000,
    })
    .catch(() => undefined);
  await p.waitForTimeout(300);
}

async function check(label: string, loaded = true) {
  if (loaded) await settle(page);
  else await page.waitForTimeout(250);
  const t0 = performance.now();
  screens.push(label);
  for (const f of await axeFindings(page)) findings.push({ screen: label, f });
  if (process.env.A11Y_VERBOSE) console.log(`e2e: axe ${label}: ${Math.round(performance.now() - t0)} ms`);
}

async function switchTo(lang: Lang) {
  await page.getByText(lang.toUpperCase(), { exact: true }).first().click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** The screen as it is, in Polish, then in English, back to Polish. */
async function both(label: string) {
  await check(`${label} [pl]`);
  await switchTo('en');
  await check(`${label} [en]`, false);
  await switchTo('pl');
}

/** A dialog opened by `open`, checked in each language (the switch sits behind the dialog's overlay). */
async function dialog(label: string, open: (lang: Lang) => Promise<void>) {
  for (const lang of ['pl', 'en'] as const) {
    await switchTo(lang);
    await open(lang);
    await page.getByRole('dialog').first().waitFor();
    await check(`${label} [${lang}]`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').first().waitFor({ state: 'hidden' });
  }
  await switchTo('pl');
}

/** Opens `path` and checks it in both languages; with `shotName`, a 1366×768 screenshot to look at the colours. */
async function visit(path: string, label: string, shotName?: string) {
  await page.goto(`${server.url}${path}`);
  await page.locator('main').locator('h1, h2, h3, h4').first().waitFor();
  await both(label);
  if (shotName) await shotViewport(page, `a11y-${shotName}`);
}

/** The href of the first link in the table's first row (a detail screen). */
async function firstRowLink(path: string): Promise<string> {
  await page.goto(`${server.url}${path}`);
  const link = page.locator('tbody tr').first().getByRole('link').first();
  await link.waitFor();
  return (await link.getAttribute('href')) ?? '';
}

describe('accessibility: axe-core WCAG 2.1 A/AA on every screen, Polish and English (browser)', () => {
  useBrowserSession({
    before: async () => {
      sink = await startSink();
    },
    ready: async (s) => {
      ({ server, page } = s);
      await page.setViewportSize({ width: 1366, height: 768 });
    },
    after: async () => {
      await sink?.close();
    },
  });

  it('every screen has no serious or critical axe finding', async () => {
    try {
      await walk();
    } finally {
      const byRule = new Map<string, number>();
      for (const { f } of findings) byRule.set(f.id, (byRule.get(f.id) ?? 0) + f.count);
      if (process.env.A11Y_VERBOSE) {
        for (const s of screens) {
          const fs = findings.filter((x) => x.screen === s).map((x) => x.f);
          if (fs.length > 0) console.log(formatFindings(s, fs));
        }
      }
      console.log(
        `e2e: axe on ${screens.length} screens; serious/critical: ${
          [...byRule].map(([id, n]) => `${id} ${n}`).join(', ') || 'none'
        }`,
      );
    }
    const report = screens
      .map((s) => ({ s, fs: findings.filter((x) => x.screen === s).map((x) => x.f) }))
      .filter((x) => x.fs.length > 0)
      .map((x) => formatFindings(x.s, x.fs))
      .join('\n');
    expect(findings.length, report).toBe(0);
  }, 420_000);
});

async function walk() {
  const started = performance.now();
  // Before anyone exists: the log-in screen telling where the set-up link is, then the first-run form.
  await page.goto(`${server.url}/`);
  await page.locator('h1, h2').first().waitFor();
  await both('log-in (no administrator yet)');
  await page.goto(server.setupUrl);
  await page.getByRole('heading', { name: 'Pierwsze uruchomienie' }).waitFor();
  await fillFirstRun(page, ADMIN);
  await both('first run');
  await page.getByRole('button', { name: 'Utwórz administratora' }).click();
  await page.getByRole('heading', { name: 'Pulpit', level: 2 }).waitFor({ timeout: 90_000 });
  await page.getByText('Dane demonstracyjne wczytane.').waitFor({ timeout: 120_000 });
  const { batchId } = await seedForA11y(page, server, sink.port);
  console.log(`e2e: a11y set-up ${Math.round(performance.now() - started)} ms`);

  await visit('/', 'Pulpit', 'pulpit');
  for (const m of ['drafts', 'outbox', 'sent', 'failed']) await visit(`/skrzynki/${m}`, `Skrzynki: ${m}`, m);
  await visit(await firstRowLink('/skrzynki/failed'), 'message in Błędy', 'failed-message');
  await visit(await firstRowLink('/skrzynki/sent'), 'message in Wysłane');
  await visit('/skrzynki/odebrane', 'Odebrane');
  await visit(await firstRowLink('/skrzynki/odebrane'), 'a reply in Odebrane');
  await page.goto(`${server.url}/skrzynki/drafts`);
  await page.locator('tbody tr').first().waitFor();
  await page.locator('tbody input[type="checkbox"]').first().check();
  await dialog('Skrzynki: move to the outbox (dialog)', (lang) =>
    page.getByRole('button', { name: L[lang].queue, exact: true }).first().click(),
  );

  await visit('/wysylka', 'wizard: step 1');
  await page
    .getByRole('combobox', { name: /^Rodzaj dokumentu/ })
    .selectOption({ label: 'Zawiadomienie o wysokości opłat' });
  await pickPeriod(page, nextPeriod());
  await page.getByRole('radio', { name: /Dokumenty już w systemie/ }).check();
  await page
    .getByTestId('doc-count')
    .filter({ hasText: /Znaleziono/ })
    .waitFor();
  await both('wizard: step 1 filled');
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('combobox', { name: /^Stanowisko/ }).selectOption({ label: 'Czynsze' });
  await both('wizard: position and account');
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByTestId('preview-subject').waitFor();
  await both('wizard: template');
  await page.getByRole('button', { name: 'Dalej' }).click();
  await both('wizard: attachments');
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('table', { name: 'Podsumowanie wysyłki' }).waitFor();
  await both('wizard: summary');
  await visit(`/wysylki/${batchId}`, 'batch ready to send');
  await dialog('batch: send confirmation (dialog)', (lang) =>
    page.getByRole('button', { name: L[lang].sendNow }).click(),
  );
  await shotViewport(page, 'a11y-batch');

  await visit('/adresaci', 'Adresaci');
  await visit(await firstRowLink('/adresaci'), 'a recipient’s card');
  await visit('/do-przejrzenia', 'Do przejrzenia', 'triage');
  await visit(await firstRowLink('/do-przejrzenia'), 'mail to triage');
  await visit('/piaskownica', 'Piaskownica');
  for (const tab of SETTINGS_TABS) {
    await visit(
      `/ustawienia?zakladka=${tab}`,
      `Ustawienia: ${tab}`,
      ['konta', 'szablony'].includes(tab) ? tab : undefined,
    );
  }
  await page.goto(`${server.url}/ustawienia?zakladka=konta`);
  await page.getByRole('button', { name: L.pl.addAccount }).click();
  await page.getByRole('heading', { name: 'Nowe konto e-mail' }).waitFor();
  await both('Ustawienia: new account form');

  // A user an administrator made must set their own password first.
  await apiRequest(page, server.url, 'POST', '/api/users', { ...CLERK, role: 'clerk' });
  await page.getByRole('button', { name: 'Wyloguj' }).click();
  await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
  await both('log-in');
  await page.getByRole('textbox', { name: /^Login/ }).fill(CLERK.login);
  await page.getByLabel(/^Hasło/).fill(CLERK.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await page.getByText('Ustaw własne hasło').first().waitFor();
  await both('password change at first log-in');

  console.log(`e2e: a11y walk ${Math.round(performance.now() - started)} ms`);
}
