import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../test/support/smtp-sink.js';
import { shot } from './support/browser.js';
import { ADMIN, firstRun } from './support/first-run.js';
import { fillAccount, openSettings, saveAccount, waitFor } from './support/send-flow-steps.js';
import { type E2EServer, freePort } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * Issue 11 (points 1, 2, 9) in Chromium: an account pointed at a closed port shows its problem on Pulpit; after the
 * port is fixed "Spróbuj teraz" sends everything; a recipient's full mailbox retries that one message while the
 * account keeps sending the rest. Screenshots of each state in test-results/screenshots/4x-*.png.
 */
const ACCOUNT = 'Czynsze — naprawa';
const FULL = 'pelna.skrzynka@example.pl';

let server: E2EServer;
let page: Page;
let sink: Sink;
let closedPort = 0;
let accountId = '';

/** The app's own API from the signed-in page (the session cookie and its CSRF token). */
async function apiCall<T>(method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, url, body },
  );
}

async function queueTo(addresses: string[]) {
  const ids: string[] = [];
  for (const [i, to] of addresses.entries()) {
    const draft = await apiCall<{ id: string }>('POST', '/api/messages', {
      accountId,
      toAddress: to,
      toName: `Lokator ${i + 1}`,
      subject: `Zawiadomienie o wysokości opłat ${i + 1}`,
      text: 'Szanowni Państwo, w załączeniu zawiadomienie.',
    });
    ids.push(draft.id);
  }
  await apiCall('POST', '/api/messages/queue', { selection: { ids }, dryRun: false });
  return ids;
}

const counts = () => apiCall<Record<string, number>>('GET', '/api/mailboxes/counts');

describe('an account that cannot send, repaired from Pulpit (browser)', () => {
  useBrowserSession({
    before: async () => {
      closedPort = await freePort();
      sink = await startSink({
        script: (rcpt) =>
          rcpt === FULL
            ? {
                kind: 'reject',
                at: 'rcpt',
                code: 452,
                message: '4.2.2 The email account that you tried to reach is over quota',
              }
            : { kind: 'accept' },
      });
    },
    ready: async (s) => {
      ({ server, page } = s);
      await page.setViewportSize({ width: 1366, height: 768 });
    },
    after: async () => {
      await sink?.close();
    },
  });

  it('closed port → Pulpit shows the account problem with its times and no "all fine"', async () => {
    await firstRun(page, server, ADMIN, { demo: false });

    await openSettings(page, server.url, 'Konta e-mail');
    await page.getByRole('button', { name: 'Dodaj konto' }).click();
    await fillAccount(page, { name: ACCOUNT, from: 'czynsze@zarzadca.example.pl', port: closedPort });
    await saveAccount(page, ACCOUNT);
    const accounts = await apiCall<{ id: string; name: string }[]>('GET', '/api/accounts');
    accountId = accounts.find((a) => a.name === ACCOUNT)?.id ?? '';
    expect(accountId).not.toBe('');

    await queueTo(Array.from({ length: 6 }, (_, i) => `lokator${i + 1}@example.pl`));
    await page.goto(`${server.url}/`);
    const attention = page.getByTestId('attention');
    await attention.getByText(`Konto „${ACCOUNT}” nie wysyła poczty`).waitFor({ timeout: 30_000 });
    await attention.getByText('6 wiadomości czeka na to konto').waitFor({ timeout: 15_000 });
    const alarm = (await attention.textContent()) ?? '';
    expect(alarm).toMatch(
      new RegExp(
        `Nie można połączyć się z serwerem 127\\.0\\.0\\.1:${closedPort} od \\d\\d:\\d\\d, następna próba \\d\\d:\\d\\d`,
      ),
    );
    expect(alarm).toContain('6 wiadomości czeka na to konto');
    expect(await page.getByText(/Wszystko w porządku/).count()).toBe(0);
    await shot(page, '40-pulpit-account-unreachable');

    // The account list says the same, with the red badge.
    await openSettings(page, server.url, 'Konta e-mail');
    await page
      .getByTestId('account-alarm')
      .filter({ hasText: `127.0.0.1:${closedPort} od` })
      .waitFor();
    await shot(page, '41-accounts-unreachable');

    // A held message says why, truly: no connection was made.
    await page.goto(`${server.url}/skrzynki/outbox`);
    await page.locator('tbody tr').first().waitFor();
    await shot(page, '42-outbox-held');
    // Błędy does not claim that everything arrived.
    await page.goto(`${server.url}/skrzynki/failed`);
    await page.getByText(/czekają w Nadawczych na naprawę konta/).waitFor();
    await shot(page, '43-failed-not-all-fine');
  });

  it('fix the port → "Spróbuj teraz" on Pulpit → all in Wysłane and the alarm gone', async () => {
    await apiCall('PATCH', `/api/accounts/${accountId}`, { port: sink.port });
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Spróbuj teraz' }).click();
    await waitFor('6 messages sent', async () => (await counts()).sent === 6, 30_000, 300);
    expect(sink.received).toHaveLength(6);
    await page.getByText('Wszystko w porządku — nic nie czeka na Twoją decyzję.').waitFor({ timeout: 15_000 });
    await shot(page, '44-pulpit-repaired');
    await page.goto(`${server.url}/skrzynki/sent`);
    await page.locator('tbody tr').nth(5).waitFor();
    await shot(page, '45-sent');
  });

  it('a full mailbox: that message retries, the account keeps sending the rest', async () => {
    await queueTo(['a.nowak@example.pl', FULL, 'b.kowalska@example.pl', 'c.wisniewski@example.pl']);
    await waitFor('the other three sent', async () => (await counts()).sent === 9, 30_000, 300);
    await waitFor('the full one waits for a retry', async () => (sink.attempts.get(FULL) ?? 0) >= 1, 30_000, 300);
    const account = await apiCall<{ circuit: { state: string }; lastError: string | null }>(
      'GET',
      `/api/accounts/${accountId}`,
    );
    expect(account.circuit.state).toBe('closed');
    await page.goto(`${server.url}/skrzynki/outbox`);
    await page.getByText('Ponowna próba wkrótce').first().waitFor();
    await shot(page, '46-outbox-mailbox-full-retrying');
    await page.locator('tbody tr').first().getByRole('link').first().click();
    await page
      .getByText(/Skrzynka adresata jest pełna/)
      .first()
      .waitFor();
    await shot(page, '47-message-mailbox-full');
    await page.goto(`${server.url}/`);
    await page.getByText(/czeka na ponowną próbę/).waitFor();
    await shot(page, '48-pulpit-retrying');
  });
});
