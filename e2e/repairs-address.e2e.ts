import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../test/support/smtp-sink.js';
import { shot, shotViewport } from './support/browser.js';
import { ADMIN, apiRequest, firstRun } from './support/first-run.js';
import { header, openSettings, waitFor } from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * Issue 11, point 3 in the browser: a `550 5.1.1` for one address → the address corrected on the recipient card →
 * "Wyślij na poprawiony adres" → the message arrives at the new address as a new message with its own Message-ID
 * and References to the refused one; the refused one stays in Nieudane, linked.
 */
const OLD = 'jan.stary@example.pl';
const NEW = 'jan.nowy@example.pl';

let server: E2EServer;
let page: Page;
let sink: Sink;
let failedId = '';
let oldHeader = '';

const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) =>
  apiRequest<T>(page, server.url, method, url, data);

const statusOf = async (id: string) =>
  (await api<{ status: string; messageIdHeader: string }>('GET', `/api/messages/${id}`)).status;

describe('a refused address corrected on the recipient card, the message sent to it (browser)', () => {
  useBrowserSession({
    before: async () => {
      sink = await startSink({
        script: (rcpt) =>
          rcpt === OLD
            ? {
                kind: 'reject',
                at: 'rcpt',
                code: 550,
                message: `5.1.1 <${OLD}>: Recipient address rejected: User unknown`,
              }
            : { kind: 'accept' },
      });
    },
    ready: (s) => ({ server, page } = s),
    after: async () => {
      await sink?.close();
    },
  });

  it('set-up, an account to the SMTP sink, a recipient, and a message refused with 550 5.1.1', async () => {
    await firstRun(page, server, ADMIN, { demo: false });

    const account = await api<{ id: string }>('POST', '/api/accounts', {
      name: 'Czynsze',
      fromName: 'Administracja Osiedla',
      fromAddress: 'czynsze@zarzadca.example.pl',
      feedbackAddress: 'zwroty@zarzadca.example.pl',
      host: '127.0.0.1',
      port: sink.port,
      security: 'none',
    });
    const property = await api<{ id: string }>('POST', '/api/properties', {
      name: 'Wspólnota Źródlana 3',
      kind: 'community',
      street: 'ul. Źródlana 3',
      postalCode: '00-238',
      city: 'Warszawa',
    });
    const unit = await api<{ id: string }>('POST', '/api/units', { propertyId: property.id, number: '7' });
    const recipient = await api<{ id: string }>('POST', '/api/recipients', {
      name: 'Jan Źródlany',
      street: 'ul. Źródlana 3/7',
      postalCode: '00-238',
      city: 'Warszawa',
      channel: 'email',
      consent: { date: '2026-01-02', source: 'formularz' },
      emails: [OLD],
      units: [{ unitId: unit.id, role: 'owner' }],
    });
    const draft = await api<{ id: string }>('POST', '/api/messages', {
      accountId: account.id,
      recipientId: recipient.id,
      toName: 'Jan Źródlany',
      toAddress: OLD,
      subject: 'Zawiadomienie o wysokości opłat',
      text: 'Szanowny Panie, w załączeniu zawiadomienie o nowej wysokości opłat.',
    });
    failedId = draft.id;
    await api('POST', `/api/messages/${failedId}/queue`);
    await waitFor('the 550', async () => (await statusOf(failedId)) === 'failed', 30_000);
    oldHeader = (await api<{ messageIdHeader: string }>('GET', `/api/messages/${failedId}`)).messageIdHeader;

    await page.goto(`${server.url}/skrzynki/failed/${failedId}`);
    await page.getByText(`Adres ${OLD} jest zablokowany`).waitFor();
    await page
      .getByText(/Adres zablokowany po odrzuceniu 550 5\.1\.1 z dnia/)
      .first()
      .waitFor();
    await shot(page, 'repairs-1-failed-blocked');
  });

  it('the address is corrected on the recipient card, which shows the old one as blocked', async () => {
    await page.goto(`${server.url}/adresaci`);
    await page.getByRole('link', { name: 'Jan Źródlany' }).click();
    await page.getByText('zablokowany', { exact: true }).waitFor();
    await shot(page, 'repairs-2-card-blocked');
    const emails = page.getByRole('combobox', { name: 'Adresy e-mail' });
    // Backspace in the empty field removes the last (only) address; then the corrected one is typed in.
    await emails.click();
    await emails.press('Backspace');
    await page.locator('.mantine-Pill-root', { hasText: OLD }).waitFor({ state: 'detached' });
    await emails.fill(NEW);
    await emails.press('Enter');
    await page.locator('.mantine-Pill-root', { hasText: NEW }).waitFor();
    await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
    await page.getByText('Zapisano adresata „Jan Źródlany”.').waitFor();
  });

  it('"Wyślij na poprawiony adres" sends a new message, which arrives with its own Message-ID', async () => {
    await page.goto(`${server.url}/skrzynki/failed/${failedId}`);
    await page.getByRole('button', { name: 'Wyślij na poprawiony adres' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Powstanie nowa wiadomość/).waitFor();
    expect(await dialog.locator('input').first().inputValue()).toBe(NEW);
    await shotViewport(page, 'repairs-3-choose-address');
    await dialog.getByRole('button', { name: 'Wyślij' }).click();
    await page.waitForURL(/\/skrzynki\/outbox\/[0-9a-f-]+$/);
    const newId = page.url().split('/').at(-1) as string;
    expect(newId).not.toBe(failedId);
    await waitFor('the new message sent', async () => (await statusOf(newId)) === 'sent', 30_000);

    const arrived = sink.received.filter((r) => r.rcpt === NEW);
    expect(arrived).toHaveLength(1);
    const raw = arrived[0]?.raw.toString() as string;
    expect(arrived[0]?.messageId).not.toBe(oldHeader);
    expect(header(raw, 'Message-ID')).toBe(arrived[0]?.messageId);
    expect(header(raw, 'References')).toBe(oldHeader);
    expect(sink.received.filter((r) => r.rcpt === OLD)).toHaveLength(0);

    await page.goto(`${server.url}/skrzynki/sent/${newId}`);
    await page.getByText('Wysyłka na poprawiony adres').waitFor();
    await page.getByRole('link', { name: new RegExp(OLD) }).waitFor();
    await shot(page, 'repairs-4-new-message-sent');

    await page.goto(`${server.url}/skrzynki/failed/${failedId}`);
    await page.getByText('Wysłano ją ponownie jako nową wiadomość').waitFor();
    await page.getByRole('link', { name: new RegExp(NEW) }).waitFor();
    await shot(page, 'repairs-5-old-message-linked');
  });

  it('Ustawienia → Zablokowane adresy lists the refused address; unblocking it is offered', async () => {
    await openSettings(page, server.url, 'Zablokowane adresy');
    const row = page.getByRole('row').filter({ hasText: OLD });
    await row.getByText(/Adres zablokowany po odrzuceniu 550 5\.1\.1/).waitFor();
    await shot(page, 'repairs-6-settings-blocked');
    await row.getByRole('button', { name: 'Odblokuj adres' }).click();
    await page.getByText(`Odblokowano adres ${OLD}.`, { exact: false }).waitFor();
    await page.getByText('Nie ma zablokowanych adresów.').waitFor();
  });
});
