import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../test/support/smtp-sink.js';
import { shotViewport } from './support/browser.js';
import { apiRequest, firstRun } from './support/first-run.js';
import { focused, tabTo, tabToName } from './support/keyboard.js';
import { waitFor } from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * Issue 14 point 6 (D73): the send flow of send-flow.e2e.ts with the keyboard alone — Tab / Shift+Tab to move,
 * Enter / Space / arrows to act, Escape to close — and a visible focus on every stop. Documents are imported from a
 * data file: the file field is reached by Tab and opened with Enter; the browser's file chooser that opens is
 * answered by the test (`fileChooser.setFiles`), as a person would pick the file in the system dialog.
 * Set-up (first run, a sending account) goes through the API: it is not the flow under test.
 */
let server: E2EServer;
let page: Page;
let sink: Sink;

const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) =>
  apiRequest<T>(page, server.url, method, url, data, 60_000);

/** With a native <select> focused: ArrowDown until the chosen option's text matches. */
async function chooseOption(p: Page, option: RegExp) {
  for (let i = 0; i < 40; i++) {
    const text = await p.evaluate(() => {
      const el = document.activeElement as HTMLSelectElement;
      return el.selectedOptions[0]?.textContent ?? '';
    });
    if (option.test(text)) return;
    await p.keyboard.press('ArrowDown');
  }
  throw new Error(`option ${option} not reached with ArrowDown`);
}

/** The fee-notice sample file of the app, its rows repeated for the demo units that have a key. */
async function feeNoticeCsv(): Promise<Buffer> {
  const res = await page.request.get(`${server.url}/api/document-types/fee_notice/sample?format=csv`);
  const sample = (await res.body()).toString('utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = sample.split('\r\n').filter(Boolean);
  const units = await api<{ items: { externalKey: string | null }[] }>('GET', '/api/units?limit=100');
  const keys = units.items
    .map((u) => u.externalKey)
    .filter((k): k is string => !!k)
    .slice(0, 12);
  if (keys.length === 0) throw new Error('no demo unit has a key');
  const body = keys.flatMap((k) => rows.map((r) => r.replace('LOKAL-12', k)));
  return Buffer.from(`\uFEFF${[header, ...body].join('\r\n')}\r\n`, 'utf8');
}

describe('the send flow with the keyboard alone (browser)', () => {
  useBrowserSession({
    before: async () => {
      sink = await startSink();
    },
    ready: async (s) => {
      ({ server, page } = s);
      await page.setViewportSize({ width: 1366, height: 768 });
      // File choosers are intercepted from the start: Playwright turns interception on when the first listener is
      // added, without waiting for it, so a listener added just before Enter can lose the race on a loaded machine
      // (CI: the dialog opened natively and no event came in 15 s).
      page.on('filechooser', () => {});
    },
    after: async () => {
      await sink?.close();
    },
  });

  it('imports a data file, makes the batch in the wizard, previews, sends and finds it in Wysłane', async () => {
    const started = performance.now();
    await firstRun(page, server);
    const account = await api<{ id: string }>('POST', '/api/accounts', {
      name: 'Czynsze — klawiatura',
      fromName: 'Administracja Osiedla',
      fromAddress: 'czynsze@zarzadca.example.pl',
      feedbackAddress: 'zwroty@zarzadca.example.pl',
      host: '127.0.0.1',
      port: sink.port,
      security: 'none',
    });
    const positions = await api<{ id: string; name: string }[]>('GET', '/api/positions');
    const czynsze = positions.find((p) => p.name === 'Czynsze');
    await api('PUT', `/api/positions/${czynsze?.id}/accounts`, {
      accounts: [{ accountId: account.id, role: 'default' }],
    });
    const csv = await feeNoticeCsv();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Pulpit', level: 2 }).waitFor();

    // The navigation: Nowa wysyłka.
    await tabToName(page, /^Nowa wysyłka$/, { tag: 'a' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Nowa wysyłka', level: 2 }).waitFor();

    // Step 1: the type (native select, arrows), the source (radio group, arrows), the file (Enter opens the chooser).
    await tabToName(page, /^Rodzaj dokumentu/, { tag: 'select' });
    await chooseOption(page, /^Zawiadomienie o wysokości opłat$/);
    await tabTo(page, (f) => f.type === 'radio', 'the source radio group');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).name).toMatch(/^Wczytaj plik z danymi/);
    await page.getByRole('radio', { name: /^Wczytaj plik z danymi/ }).isChecked();
    await tabToName(page, /^Plik z danymi/);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'oplaty.csv', mimeType: 'text/csv', buffer: csv });
    await tabToName(page, /^Wczytaj plik$/, { tag: 'button' });
    await page.keyboard.press('Enter');
    await page.getByText(/^Wczytano \d+ dokument/).waitFor({ timeout: 60_000 });
    await shotViewport(page, 'kbd-01-imported');
    await tabToName(page, /^Dalej$/, { tag: 'button' });
    await page.keyboard.press('Enter');

    // Step 2: the position; its default account follows.
    await tabToName(page, /^Stanowisko/, { tag: 'select' });
    await chooseOption(page, /^Czynsze$/);
    await waitFor('the default account chosen', () =>
      page.evaluate(() =>
        [...document.querySelectorAll('select')].some((s) => /klawiatura/.test(s.selectedOptions[0]?.text ?? '')),
      ),
    );
    await tabToName(page, /^Dalej$/, { tag: 'button' });
    await page.keyboard.press('Enter');

    // Step 3: the template and its live preview.
    await page.getByTestId('preview-subject').waitFor();
    await page
      .frameLocator('iframe[title="Podgląd treści wiadomości"]')
      .locator('body')
      .filter({ hasText: /\d\s?zł/ })
      .waitFor();
    await shotViewport(page, 'kbd-02-template');
    await tabToName(page, /^Dalej$/, { tag: 'button', max: 120 });
    await page.keyboard.press('Enter');
    // Step 4: no extra attachments.
    await page.getByText('Brak załączników dodatkowych.').waitFor();
    await tabToName(page, /^Dalej$/, { tag: 'button' });
    await page.keyboard.press('Enter');
    // Step 5: the summary, then the messages are made.
    await page.getByRole('table', { name: 'Podsumowanie wysyłki' }).waitFor();
    await tabToName(page, /^Utwórz wiadomości$/, { tag: 'button', max: 120 });
    await page.keyboard.press('Enter');
    await page
      .getByTestId('batch-status')
      .filter({ hasText: /^gotowa/ })
      .waitFor({ timeout: 90_000 });
    const emails = Number(((await page.getByTestId('email-count').textContent()) ?? '').replace(/\D/g, ''));
    expect(emails).toBeGreaterThan(0);

    // The confirmation: Escape closes it and gives the focus back; Enter on "Tak, wyślij" sends.
    await tabToName(page, /^Wyślij teraz$/, { tag: 'button' });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await focused(page)).name).toMatch(/^Wyślij teraz$/);
    await page.keyboard.press('Space');
    await dialog.waitFor();
    await shotViewport(page, 'kbd-03-confirm');
    await tabToName(page, /^Tak, wyślij \(\d+\)$/, { tag: 'button', max: 10 });
    await page.keyboard.press('Enter');
    await page.getByText(/Przekazano do wysłania \d+ wiadomo/).waitFor();
    await waitFor(`${emails} messages at the sink`, () => sink.received.length >= emails, 90_000);
    await waitFor(
      'every message in Wysłane',
      async () => {
        const counts = await page.evaluate(() =>
          fetch('/api/mailboxes/counts').then((r) => r.json() as Promise<Record<string, number>>),
        );
        return counts.sent === emails;
      },
      60_000,
      500,
    );

    // Wysłane: back to the navigation with Shift+Tab, then the mailbox tabs with the arrows, then the first message.
    await tabToName(page, /^Skrzynki$/, { tag: 'a', back: true, max: 150 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Skrzynki', level: 2 }).waitFor();
    await tabTo(page, (f) => f.role === 'tab', 'the mailbox tabs');
    for (let i = 0; i < 8 && !/^Wysłane/.test((await focused(page)).name); i++) await page.keyboard.press('ArrowRight');
    expect((await focused(page)).name).toMatch(/^Wysłane/);
    await page.waitForURL(/\/skrzynki\/sent/);
    await page.locator('tbody tr').first().waitFor();
    await tabTo(page, (f) => f.tag === 'a' && /@|Zawiadomienie/.test(f.name), 'the first sent message', { max: 80 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dowód wysłania' }).waitFor();
    await shotViewport(page, 'kbd-04-sent-message');
    console.log(`e2e: keyboard send flow: ${emails} e-mails in ${Math.round(performance.now() - started)} ms`);
  }, 300_000);
});
