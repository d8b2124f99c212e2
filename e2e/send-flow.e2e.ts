import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../test/support/smtp-sink.js';
import { shot, shotViewport } from './support/browser.js';
import { firstRun } from './support/first-run.js';
import {
  bindAccount,
  fillAccount,
  header,
  login,
  nextPeriod,
  openSettings,
  pickPeriod,
  saveAccount,
  waitFor,
  waitForRows,
} from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * The end-to-end flows through the UI: fee notices for ~300 units sent to a real SMTP sink, a failing
 * account fixed and its message resent from "Błędy", and a clerk who sees only his position's mail.
 */
const CLERK = { displayName: 'Ewa Nowak', login: 'ewa.ksiegowa', password: 'Haslo-ksiegowej-1' };
const GOOD = 'Czynsze — test';
const BAD = 'Księgowość — test';
const FAILING_TO = 'faktury.test@example.pl';

let server: E2EServer;
let page: Page;
let good: Sink;
let bad: Sink;
/** The address of one sent Czynsze message (for the clerk's "no access" check). */
let czynszeMessageUrl = '';
let queued = 0;

describe('sending fee notices, a failing account and a clerk’s scope (browser)', () => {
  useBrowserSession({
    before: async () => {
      good = await startSink();
      // Every message is refused after DATA: a permanent failure of the message, not of the account.
      bad = await startSink({
        script: () => ({ kind: 'reject', at: 'data', code: 554, message: '5.7.1 Message rejected by policy' }),
      });
    },
    ready: (s) => ({ server, page } = s),
    after: async () => {
      await good?.close();
      await bad?.close();
    },
  });

  it('first run with demo data, then an SMTP account as the default of position Czynsze', async () => {
    await firstRun(page, server);

    await openSettings(page, server.url, 'Konta e-mail');
    await page.getByRole('button', { name: 'Dodaj konto' }).click();
    await page.getByRole('heading', { name: 'Nowe konto e-mail' }).waitFor();
    await fillAccount(page, { name: GOOD, from: 'czynsze@zarzadca.example.pl', port: good.port });
    await shot(page, '20-account-form');
    await saveAccount(page, GOOD);
    await shot(page, '21-accounts');

    await bindAccount(page, server.url, 'Czynsze', GOOD);
    await shot(page, '22-position-czynsze');
    await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
    await page.getByText('Zapisano stanowisko „Czynsze”.').waitFor();
    const row = page.getByRole('row').filter({ has: page.getByText('Czynsze', { exact: true }) });
    await row.getByText(`${GOOD} — domyślne`).waitFor();
  });

  it('sends next month’s fee notices through the wizard and the sink receives every one', async () => {
    const started = performance.now();
    await page.goto(`${server.url}/wysylka`);
    await page.getByRole('heading', { name: 'Nowa wysyłka', level: 2 }).waitFor();
    await page
      .getByRole('combobox', { name: /^Rodzaj dokumentu/ })
      .selectOption({ label: 'Zawiadomienie o wysokości opłat' });
    await pickPeriod(page, nextPeriod());
    await page.getByRole('radio', { name: /Dokumenty już w systemie/ }).check();
    const docCount = page.getByTestId('doc-count');
    await docCount.filter({ hasText: /Znaleziono/ }).waitFor();
    await shot(page, '23-wizard-source');
    await page.getByRole('button', { name: 'Dalej' }).click();

    await page.getByRole('combobox', { name: /^Stanowisko/ }).selectOption({ label: 'Czynsze' });
    const account = page.getByRole('combobox', { name: /^Konto wysyłkowe/ });
    await waitFor('the default account chosen', async () =>
      ((await account.locator('option:checked').textContent()) ?? '').includes(GOOD),
    );
    await shot(page, '24-wizard-account');
    await page.getByRole('button', { name: 'Dalej' }).click();

    // The template in force, and a live preview with a Polish amount.
    await page.getByTestId('preview-subject').waitFor();
    const preview = page.frameLocator('iframe[title="Podgląd treści wiadomości"]');
    await preview
      .locator('body')
      .filter({ hasText: /\d\s?zł/ })
      .waitFor();
    await shot(page, '25-wizard-template');
    await page.getByRole('button', { name: 'Dalej' }).click();

    await page.getByText('Brak załączników dodatkowych.').waitFor();
    await shot(page, '26-wizard-attachments');
    await page.getByRole('button', { name: 'Dalej' }).click();

    const summary = page.getByRole('table', { name: 'Podsumowanie wysyłki' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain(GOOD);
    await shot(page, '27-wizard-summary');
    await page.getByRole('button', { name: 'Utwórz wiadomości' }).click();
    await page
      .getByTestId('batch-status')
      .filter({ hasText: /^gotowa/ })
      .waitFor({ timeout: 90_000 });
    const emailCount = Number(((await page.getByTestId('email-count').textContent()) ?? '').replace(/\D/g, ''));
    const paperCount = Number(((await page.getByTestId('paper-count').textContent()) ?? '').replace(/\D/g, ''));
    console.log(
      `e2e: batch made: ${emailCount} e-mails, ${paperCount} on paper (${Math.round(performance.now() - started)} ms)`,
    );
    expect(emailCount).toBeGreaterThan(100);
    if (paperCount > 0) {
      const reasons = (await page.getByTestId('paper-reasons').textContent()) ?? '';
      expect(reasons).toMatch(/brak zgody|brak adresu|papier na życzenie adresata|forma pisemna/);
    }
    await shot(page, '28-batch-ready');

    await page.getByRole('button', { name: 'Wyślij teraz' }).click();
    const confirm = page.getByTestId('queue-confirm');
    await confirm.waitFor();
    const confirmText = (await confirm.textContent()) ?? '';
    queued = Number(/(\d[\d\s\u00a0]*)/.exec(confirmText)?.[1]?.replace(/\D/g, '') ?? 'NaN');
    expect(queued).toBe(emailCount);
    await shotViewport(page, '29-queue-confirm');
    const sendStarted = performance.now();
    await page.getByRole('button', { name: `Tak, wyślij (${queued})` }).click();
    await page.getByText(/Przekazano do wysłania \d+ wiadomo/).waitFor();
    await shot(page, '30-queued');

    await waitFor(`${queued} messages at the sink`, () => good.received.length >= queued, 120_000);
    console.log(`e2e: ${queued} messages reached the sink in ${Math.round(performance.now() - sendStarted)} ms`);
    // Nothing more arrives a moment later: exactly one message per queued draft.
    await new Promise((r) => setTimeout(r, 1500));
    expect(good.received.length).toBe(queued);
    expect(new Set(good.received.map((r) => r.messageId)).size).toBe(queued);
    for (const r of good.received) {
      const raw = r.raw.toString('utf8');
      const to = header(raw, 'To') ?? '';
      expect(to.match(/@/g)?.length, to).toBe(1);
      expect(to.toLowerCase()).toContain(r.rcpt);
      expect(raw).toMatch(/Content-Type:\s*application\/pdf/i);
    }
    expect(bad.received.length).toBe(0);
  });

  it('lists the sent messages and shows the proof of sending', async () => {
    await waitFor(
      `all ${queued} in Wysłane`,
      async () => {
        const counts = await page.evaluate(() =>
          fetch('/api/mailboxes/counts').then((r) => r.json() as Promise<Record<string, number>>),
        );
        return counts.sent === queued && !counts.outbox;
      },
      60_000,
      500,
    );
    await page.goto(`${server.url}/skrzynki/sent`);
    await page.getByRole('heading', { name: 'Skrzynki', level: 2 }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(Math.min(queued, 50));
    await page.waitForLoadState('networkidle');
    await shot(page, '31-sent');

    await page.locator('tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Dowód wysłania' }).waitFor();
    czynszeMessageUrl = page.url();
    const eml = page.getByRole('link', { name: 'Pobierz wiadomość jako plik .eml' });
    const receipt = page.getByRole('link', { name: 'Potwierdzenie wysyłki (PDF)' });
    await eml.waitFor();
    await receipt.waitFor();
    const emlRes = await page.request.get(`${server.url}${await eml.getAttribute('href')}`);
    expect(emlRes.status()).toBe(200);
    expect((await emlRes.body()).toString('utf8')).toMatch(/^Message-ID:/im);
    const receiptRes = await page.request.get(`${server.url}${await receipt.getAttribute('href')}`);
    expect(receiptRes.status()).toBe(200);
    expect((await receiptRes.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The fee notice itself is attached.
    await page
      .getByRole('link', { name: /Otwórz załącznik .*\.pdf/ })
      .first()
      .waitFor();
    await shot(page, '32-sent-message');
  });

  it('a message refused by the server ends in Błędy with a Polish hint; after fixing the account it is resent', async () => {
    await openSettings(page, server.url, 'Konta e-mail');
    await page.getByRole('button', { name: 'Dodaj konto' }).click();
    await fillAccount(page, { name: BAD, from: 'ksiegowosc@zarzadca.example.pl', port: bad.port });
    await saveAccount(page, BAD);
    await bindAccount(page, server.url, 'Księgowość', BAD, { only: true });
    await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
    await page.getByText('Zapisano stanowisko „Księgowość”.').waitFor();
    await shot(page, '33-positions');

    // No screen writes a single message from scratch yet: the draft is made through the API.
    const created = await page.evaluate(
      async ({ name, to }) => {
        const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
        const accounts = (await (await fetch('/api/accounts')).json()) as { id: string; name: string }[];
        const accountId = accounts.find((a) => a.name === name)?.id;
        const res = await fetch('/api/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({
            accountId,
            toAddress: to,
            toName: 'Biuro Rachunkowe Test',
            subject: 'Faktura za listopad',
            text: 'Dzień dobry, w załączeniu faktura.',
          }),
        });
        return { status: res.status, body: (await res.json()) as { id: string } };
      },
      { name: BAD, to: FAILING_TO },
    );
    expect(created.status).toBe(201);

    await page.goto(`${server.url}/skrzynki/drafts`);
    await page.getByRole('checkbox', { name: 'Zaznacz wiadomość do Biuro Rachunkowe Test' }).check();
    await page.getByRole('button', { name: 'Do nadawczej' }).click();
    await page.getByRole('dialog', { name: 'Przenieść 1 wiadomość do nadawczej?' }).waitFor();
    await shotViewport(page, '34-queue-one');
    await page.getByRole('button', { name: 'Tak, wykonaj' }).click();
    await page.getByText('Zmieniono 1 wiadomość.').waitFor();

    await waitForRows(page, server.url, '/skrzynki/failed', FAILING_TO, (n) => n === 1);
    expect(bad.attempts.get(FAILING_TO)).toBe(1);
    const failedRow = page.locator('tbody tr').filter({ hasText: FAILING_TO });
    console.log(`e2e: row in Błędy: ${await failedRow.textContent()}`);
    await shot(page, '35-failed');
    await failedRow.getByRole('link').click();
    const alert = page.locator('.mantine-Alert-root').filter({ hasText: 'Co zrobić' });
    await alert.waitFor();
    const alertText = (await alert.textContent()) ?? '';
    expect(alertText).toContain('554');
    // A Polish explanation, not only the server's English.
    expect(alertText).toMatch(/[ąćęłńóśźż]/i);
    await shot(page, '36-failed-message');

    // Fix the account: point it at the working server.
    await openSettings(page, server.url, 'Konta e-mail');
    await page.getByRole('row').filter({ hasText: BAD }).getByRole('button', { name: 'Edytuj' }).click();
    await page.getByRole('heading', { name: `Konto „${BAD}”` }).waitFor();
    await page.getByRole('textbox', { name: /^Port/ }).fill(String(good.port));
    await saveAccount(page, BAD);
    await shot(page, '37-account-fixed');

    await page.goto(`${server.url}/skrzynki/failed`);
    await page.getByRole('checkbox', { name: 'Zaznacz wiadomość do Biuro Rachunkowe Test' }).check();
    await page.getByRole('button', { name: 'Wyślij ponownie' }).click();
    await page.getByRole('dialog', { name: 'Wysłać ponownie 1 wiadomość?' }).waitFor();
    await shotViewport(page, '38-resend-confirm');
    await page.getByRole('button', { name: 'Tak, wykonaj' }).click();
    await page.getByText('Zmieniono 1 wiadomość.').waitFor();

    await waitFor('the resent message at the good sink', () => good.received.some((r) => r.rcpt === FAILING_TO));
    expect(good.received.filter((r) => r.rcpt === FAILING_TO)).toHaveLength(1);
    await waitForRows(page, server.url, '/skrzynki/sent', FAILING_TO, (n) => n === 1);
    await shot(page, '39-resent-in-sent');
    // The resend is a new message (D36): the refused original stays in Błędy as the record of what happened.
    await waitForRows(page, server.url, '/skrzynki/failed', FAILING_TO, (n) => n === 1, 10_000);
  });

  it('a clerk of Księgowość sees only that position’s mail and no settings', async () => {
    await openSettings(page, server.url, 'Użytkownicy');
    await page.getByRole('button', { name: 'Dodaj użytkownika' }).click();
    await page.getByRole('heading', { name: 'Nowy użytkownik' }).waitFor();
    await page.getByRole('textbox', { name: /^Login/ }).fill(CLERK.login);
    await page.getByRole('textbox', { name: /^Imię i nazwisko/ }).fill(CLERK.displayName);
    await page.getByLabel(/^Hasło/).fill(CLERK.password);
    expect(await page.getByRole('combobox', { name: /^Rola/ }).inputValue()).toBe('clerk');
    await page.getByRole('checkbox', { name: 'Księgowość' }).check();
    await shot(page, '40-new-clerk');
    await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
    await page.getByText(`Zapisano użytkownika „${CLERK.displayName}”.`).waitFor();

    await page.getByRole('button', { name: 'Wyloguj' }).click();
    // The password the administrator typed is replaced at the first log-in (D39).
    await login(page, server.url, CLERK, 'Ewa-wlasne: sosna, rower i herbata 7');
    const nav = page.getByRole('navigation', { name: 'Nawigacja' });
    await nav.getByRole('link', { name: 'Skrzynki' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Ustawienia' }).count()).toBe(0);
    await shot(page, '41-clerk-dashboard');

    await page.goto(`${server.url}/skrzynki/sent`);
    await page.locator('tbody tr').first().waitFor();
    await page.waitForLoadState('networkidle');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(FAILING_TO);
    expect(await rows.filter({ hasText: 'Zawiadomienie' }).count()).toBe(0);
    await shot(page, '42-clerk-sent');

    await page.getByRole('search').getByLabel('Konto e-mail', { exact: true }).click();
    const options = page.getByRole('option');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual([BAD]);
    await shot(page, '43-clerk-account-filter');
    await page.keyboard.press('Escape');

    const status = page.waitForResponse((r) => /\/api\/messages\/[^/]+$/.test(new URL(r.url()).pathname));
    await page.goto(czynszeMessageUrl);
    expect((await status).status()).toBe(403);
    const noAccess = page.locator('.mantine-Alert-root').filter({ hasText: 'Nie udało się wczytać wiadomości.' });
    await noAccess.waitFor();
    expect(await noAccess.textContent()).toContain('należy do konta innego stanowiska');
    expect(await page.getByRole('heading', { name: 'Dowód wysłania' }).count()).toBe(0);
    await shot(page, '44-clerk-no-access');
  });
});
