import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoFeeNotice } from '../src/server/demo/demo-documents.js';
import { nrbWithCheckDigits } from '../src/shared/nrb.js';
import { type Dovecot, startDovecot } from '../test/support/dovecot.js';
import { deliveryReport } from '../test/support/feedback-reports.js';
import { type Sink, startSink } from '../test/support/smtp-sink.js';
import { shot, shotViewport } from './support/browser.js';
import { ADMIN, apiRequest, firstRun } from './support/first-run.js';
import { waitFor } from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * Issue 12 in the browser (D48, D52): a notice of a batch is sent through a local SMTP sink; a DSN (RFC 3464) to
 * its VERP address is appended to the account's feedback mailbox in a private Dovecot; the running server's worker
 * reads it, and within seconds the message is in Błędy as "Zwrócona" with the reason in Polish, the bounce report
 * beside the proof, and "Wyślij papierowo" puts its document into the batch's paper pack.
 */
const TO = 'jan.zrodlany@example.pl';
const PERIOD = '2026-04';

let server: E2EServer;
let page: Page;
let sink: Sink;
let dovecot: Dovecot;
let login: { user: string; password: string };
let messageId = '';
let batchId = '';

const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown, timeoutMs?: number) =>
  apiRequest<T>(page, server.url, method, url, data, timeoutMs);

describe('a bounce read from the feedback mailbox, shown in Błędy, sent on paper (browser)', () => {
  useBrowserSession({
    before: async () => {
      sink = await startSink({});
      dovecot = await startDovecot();
      login = await dovecot.addUser('zwroty');
    },
    // A new feedback mailbox is picked up within a second rather than the default 30.
    env: () => ({ FEEDBACK_REFRESH_SECONDS: '1' }),
    ready: async (s) => {
      ({ server, page } = s);
      await page.setViewportSize({ width: 1366, height: 768 });
    },
    after: async () => {
      await sink?.close();
      await dovecot?.stop();
    },
  });

  it('set-up: a feedback mailbox in Dovecot, an account with VERP, one notice of a batch sent to the sink', async () => {
    await firstRun(page, server, ADMIN, { demo: false });
    const mailbox = await api<{ id: string }>('POST', '/api/feedback-mailboxes', {
      name: 'Zwroty',
      host: dovecot.host,
      port: dovecot.port,
      security: 'none',
      username: login.user,
      password: login.password,
      processSince: '2026-01-01T00:00:00.000Z',
    });
    const account = await api<{ id: string }>('POST', '/api/accounts', {
      name: 'Czynsze',
      fromName: 'Administracja Osiedla',
      fromAddress: 'czynsze@zarzadca.example.pl',
      feedbackAddress: 'zwroty@zarzadca.example.pl',
      envelopeMode: 'verp',
      feedbackMailboxId: mailbox.id,
      host: '127.0.0.1',
      port: sink.port,
      security: 'none',
    });
    const position = await api<{ id: string }>('POST', '/api/positions', { name: 'Czynsze' });
    await api('PUT', `/api/positions/${position.id}/accounts`, {
      accounts: [{ accountId: account.id, role: 'default' }],
    });
    const property = await api<{ id: string }>('POST', '/api/properties', {
      name: 'Wspólnota Źródlana 3',
      kind: 'community',
      street: 'ul. Źródlana 3',
      postalCode: '00-238',
      city: 'Warszawa',
    });
    await api('PUT', `/api/positions/${position.id}/properties`, { propertyIds: [property.id] });
    const unit = await api<{ id: string }>('POST', '/api/units', {
      propertyId: property.id,
      number: '7',
      externalKey: 'ZR3-7',
      bankAccount: nrbWithCheckDigits('102010260000070201234567'),
    });
    await api('POST', '/api/recipients', {
      name: 'Jan Źródlany',
      street: 'ul. Źródlana 3/7',
      postalCode: '00-238',
      city: 'Warszawa',
      channel: 'email',
      consent: { date: '2026-01-02', source: 'formularz' },
      emails: [TO],
      units: [{ unitId: unit.id, role: 'owner' }],
    });
    await api(
      'POST',
      '/api/documents/import',
      {
        type: 'fee_notice',
        items: [
          {
            recipientKey: 'ZR3-7',
            data: demoFeeNotice({ key: 'ZR3-7', kind: 'flat', propertyKind: 'community' }, PERIOD),
          },
        ],
      },
      60_000,
    );
    const batch = await api<{ id: string }>('POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: position.id,
      selection: { period: PERIOD },
    });
    batchId = batch.id;
    await api('POST', `/api/batches/${batch.id}/run`);
    await waitFor('the batch ready', async () => {
      const b = await api<{ status: string; error?: string }>('GET', `/api/batches/${batch.id}`);
      if (b.status === 'failed') throw new Error(b.error);
      return b.status === 'ready';
    });
    await api('POST', `/api/batches/${batch.id}/queue`, {});
    await waitFor('the notice at the sink', () => sink.received.find((r) => r.rcpt === TO), 30_000);
    // The sink has the mail as soon as the server said 250; the worker records "sent" just after: wait for Wysłane.
    messageId = await waitFor('the notice in Wysłane', async () => {
      const sent = await api<{ items: { id: string; toAddress: string }[] }>('GET', '/api/mailboxes/sent?limit=10');
      return sent.items.find((m) => m.toAddress === TO)?.id ?? '';
    });
    expect(messageId).not.toBe('');
  });

  it('a DSN appended to the feedback mailbox shows the message in Błędy as "Zwrócona" within seconds', async () => {
    const r = sink.received.find((x) => x.rcpt === TO);
    if (!r?.messageId) throw new Error('nothing sent');
    expect(r.mailFrom).toMatch(/^zwroty\+[a-z2-7]{40}@zarzadca\.example\.pl$/);
    const appended = Date.now();
    await dovecot.append(
      login.user,
      'INBOX',
      deliveryReport(
        { id: messageId, messageIdHeader: r.messageId, to: TO },
        {
          returnPath: r.mailFrom,
          status: '5.1.1',
          diag: `550 5.1.1 <${TO}>: Recipient address rejected: User unknown in virtual mailbox table`,
        },
      ),
    );
    // The worker reads it from Dovecot (IDLE) and the message becomes bounced: measured on the API, since a page
    // load on a busy machine takes longer than the feedback path itself.
    await waitFor(
      'the message bounced',
      async () => (await api<{ status: string }>('GET', `/api/messages/${messageId}`)).status === 'bounced',
      20_000,
      200,
    );
    const seconds = (Date.now() - appended) / 1000;
    console.log(`e2e: DSN appended → message bounced after ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(10);
    await page.goto(`${server.url}/skrzynki/failed`);
    const row = page.getByRole('row').filter({ hasText: TO });
    await row.getByText('Zwrócona').first().waitFor();
    await row.getByText('zwrot', { exact: true }).waitFor();
    await shot(page, 'feedback-bounce-1-bledy');

    await row.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/skrzynki/failed/${messageId}$`));
    await page.getByText('Skrzynka adresata nie istnieje.').waitFor();
    await page.getByText('Zwrot (trwały)').waitFor();
    const report = page.getByRole('link', { name: 'Pobierz raport zwrotu (.eml)' });
    expect(await report.getAttribute('href')).toMatch(
      new RegExp(`^/api/messages/${messageId}/feedback/[0-9a-f-]+/eml$`),
    );
    const raw = await page.request.get(`${server.url}${await report.getAttribute('href')}`);
    expect(raw.status()).toBe(200);
    expect((await raw.body()).toString()).toContain('Final-Recipient: rfc822; jan.zrodlany@example.pl');
    // The notice's HTML is shown in its safe frame, as it went out.
    await page
      .frameLocator('iframe[title^="Podgląd treści wiadomości"]')
      .getByText('Szanowni Państwo,')
      .waitFor({ timeout: 10_000 });
    await shot(page, 'feedback-bounce-2-message');
  });

  it('"Wyślij papierowo" puts the notice into the batch’s paper pack', async () => {
    await page.getByRole('button', { name: 'Wyślij papierowo' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText(/paczki do druku/)
      .first()
      .waitFor();
    await shotViewport(page, 'feedback-bounce-3-paper-ask');
    await dialog.getByRole('button', { name: 'Tak, do druku' }).click();
    await page.getByText('Dokument dodano do paczki do druku wysyłki.').first().waitFor();
    await page.getByText('Sprawa rozwiązana').waitFor();
    await page.getByText(/do wysyłki papierowej — jest w paczce do druku/).waitFor();
    const m = await api<{ status: string; resolution: { kind: string } | null }>('GET', `/api/messages/${messageId}`);
    expect(m).toMatchObject({ status: 'bounced', resolution: { kind: 'paper' } });
    const b = await api<{ paperByReason: Record<string, number> }>('GET', `/api/batches/${batchId}`);
    expect(b.paperByReason.address_refused).toBe(1);
    await shot(page, 'feedback-bounce-4-paper-done');
    // The batch's paper pack now holds the notice, with the reason "address refused".
    await page.goto(`${server.url}/skrzynki/failed`);
    await page.getByRole('row').filter({ hasText: TO }).getByText('Rozwiązana: wysłano papierowo').waitFor();
  });
});
