import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Dovecot, startDovecot } from '../test/support/dovecot.js';
import { tenantMail } from '../test/support/inbox.js';
import { type Sink, startSink } from '../test/support/smtp-sink.js';
import { shot, shotViewport } from './support/browser.js';
import { ADMIN, apiRequest, firstRun } from './support/first-run.js';
import { waitFor } from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * Odebrane in the browser (issue 12 points 6 and 8, D49): a message sent through a local SMTP sink; the tenant's
 * reply appended to the account's feedback mailbox in a private Dovecot, read by the server's own reader; the reply
 * opens in Odebrane under its original message; "Odpowiedz" sends an answer threaded to the tenant's Message-ID.
 */
const TENANT = 'jan.kowalski@poczta.example.pl';

let server: E2EServer;
let page: Page;
let sink: Sink;
let dovecot: Dovecot;
let login: { user: string; password: string };
let sentId = '';
let tenantId = '';
let recipientId = '';

const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) =>
  apiRequest<T>(page, server.url, method, url, data);

describe('Odebrane: a tenant’s reply read from the feedback mailbox, answered (browser)', () => {
  useBrowserSession({
    before: async () => {
      sink = await startSink();
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

  it('a sent message gets a reply in its feedback mailbox, which appears in Odebrane', async () => {
    await firstRun(page, server, ADMIN, { demo: false });
    const mailbox = await api<{ id: string; processSince: string }>('POST', '/api/feedback-mailboxes', {
      name: 'Zwroty',
      host: dovecot.host,
      port: dovecot.port,
      security: 'none',
      username: login.user,
      password: login.password,
    });
    const account = await api<{ id: string }>('POST', '/api/accounts', {
      name: 'Czynsze',
      fromName: 'Administracja Osiedla',
      fromAddress: 'czynsze@zarzadca.example.pl',
      feedbackAddress: 'zwroty@zarzadca.example.pl',
      feedbackMailboxId: mailbox.id,
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
      name: 'Jan Kowalski',
      street: 'ul. Źródlana 3/7',
      postalCode: '00-238',
      city: 'Warszawa',
      channel: 'email',
      consent: { date: '2026-01-02', source: 'formularz' },
      emails: [TENANT],
      units: [{ unitId: unit.id, role: 'owner' }],
    });
    recipientId = recipient.id;
    const draft = await api<{ id: string }>('POST', '/api/messages', {
      accountId: account.id,
      recipientId: recipient.id,
      toName: 'Jan Kowalski',
      toAddress: TENANT,
      subject: 'Zawiadomienie o wysokości opłat',
      text: 'Szanowny Panie, od stycznia zaliczka na wodę wynosi 120 zł.',
    });
    sentId = draft.id;
    await api('POST', `/api/messages/${sentId}/queue`);
    const header = (await waitFor(
      'the message sent',
      async () => {
        const m = await api<{ status: string; messageIdHeader: string }>('GET', `/api/messages/${sentId}`);
        return m.status === 'sent' ? m.messageIdHeader : null;
      },
      30_000,
    )) as string;

    const mail = await tenantMail({
      from: TENANT,
      inReplyTo: header,
      text: 'Dzień dobry,\nczy zaliczka obejmuje też ciepłą wodę? W załączniku zdjęcie licznika.\n\nJan Kowalski',
      attachments: [{ filename: 'licznik.pdf', content: Buffer.from('%PDF-1.4\n'), contentType: 'application/pdf' }],
    });
    tenantId = mail.messageId;
    await dovecot.append(login.user, 'INBOX', mail.raw);
    // Mail of the second the mailbox was set up in once went unread (INTERNALDATE has whole seconds): say how close.
    const sinceSetUp = Date.now() - Date.parse(mailbox.processSince);
    console.log(`e2e: reply appended ${sinceSetUp} ms after the mailbox was set up (${mailbox.processSince})`);
    // The server's reader picks the new mailbox up on its next refresh (1 s here), then IDLE brings the mail at once.
    await waitFor(
      'the reply in Odebrane',
      async () => (await api<{ items: unknown[] }>('GET', '/api/inbox')).items.length === 1,
      90_000,
    );

    await page.goto(`${server.url}/skrzynki/odebrane`);
    const row = page.getByRole('link', { name: 'Re: Zawiadomienie o wysokości opłat (nieprzeczytana)' });
    await row.waitFor();
    await page
      .getByRole('tab', { name: /Odebrane/ })
      .getByText('1')
      .waitFor();
    await shot(page, 'inbox-1-list-unread');
  });

  it('the reply opens under its original message and is then read', async () => {
    await page.getByRole('link', { name: /Re: Zawiadomienie o wysokości opłat/ }).click();
    await page.getByRole('heading', { name: 'Re: Zawiadomienie o wysokości opłat', level: 2 }).waitFor();
    const original = page.getByRole('link', { name: 'Zawiadomienie o wysokości opłat', exact: true });
    expect(await original.getAttribute('href')).toBe(`/skrzynki/sent/${sentId}`);
    const card = page.getByRole('link', { name: 'Jan Kowalski', exact: true });
    expect(await card.getAttribute('href')).toBe(`/adresaci/${recipientId}`);
    await page.getByText(/^Wspólnota Źródlana 3, /).waitFor();
    await page.getByText('czy zaliczka obejmuje też ciepłą wodę?').first().waitFor();
    await page.getByRole('link', { name: 'Otwórz załącznik licznik.pdf w nowej karcie' }).waitFor();
    await shot(page, 'inbox-2-reply');
    expect((await api<{ unread: number }>('GET', '/api/inbox/counts')).unread).toBe(0);
  });

  it('Odpowiedz sends an answer from the same account, threaded to the tenant’s Message-ID', async () => {
    await page.getByRole('button', { name: 'Odpowiedz' }).click();
    await page.getByLabel(/Treść odpowiedzi/).fill('Dzień dobry, tak — zaliczka obejmuje ciepłą i zimną wodę.');
    await shotViewport(page, 'inbox-3-reply-form');
    await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
    await page.waitForURL(/\/skrzynki\/outbox\//);
    const answerId = page.url().split('/').pop() as string;
    await waitFor(
      'the answer sent',
      async () => (await api<{ status: string }>('GET', `/api/messages/${answerId}`)).status === 'sent',
      30_000,
    );
    const got = sink.received.filter((r) => r.rcpt === TENANT).at(-1);
    const eml = await simpleParser(got?.raw ?? Buffer.alloc(0));
    expect(eml.subject).toBe('Re: Zawiadomienie o wysokości opłat');
    expect(eml.inReplyTo).toBe(tenantId);
    expect(eml.from?.value[0]?.address).toBe('czynsze@zarzadca.example.pl');
    expect(eml.text).toContain('> czy zaliczka obejmuje też ciepłą wodę?');

    await page.goto(`${server.url}/skrzynki/sent/${sentId}`);
    await page.getByRole('heading', { name: 'Odpowiedzi adresata' }).waitFor();
    await shot(page, 'inbox-4-original-with-replies');
    await page.getByRole('link', { name: 'Re: Zawiadomienie o wysokości opłat' }).click();
    await page.getByText('Odpowiedź do jan.kowalski@poczta.example.pl').waitFor();
    await shot(page, 'inbox-5-answered');

    // Przekaż: to the technical department, with the tenant's attachment, from the same account.
    await page.getByRole('button', { name: 'Przekaż' }).click();
    await page.getByLabel(/Adres e-mail odbiorcy/).fill('techniczny@zarzadca.example.pl');
    await page.getByLabel(/Uwagi do przekazania/).fill('Proszę sprawdzić licznik w lokalu 7.');
    await shotViewport(page, 'inbox-6-forward-form');
    await page.getByRole('button', { name: 'Przekaż', exact: true }).last().click();
    await page.waitForURL(/\/skrzynki\/outbox\//);
    const forwardId = page.url().split('/').pop() as string;
    await waitFor(
      'the forward sent',
      async () => (await api<{ status: string }>('GET', `/api/messages/${forwardId}`)).status === 'sent',
      30_000,
    );
    const fwd = await simpleParser(
      sink.received.filter((r) => r.rcpt === 'techniczny@zarzadca.example.pl').at(-1)?.raw ?? Buffer.alloc(0),
    );
    expect(fwd.subject).toBe('Fwd: Re: Zawiadomienie o wysokości opłat');
    expect(fwd.attachments.map((a) => a.filename)).toEqual(['licznik.pdf']);
  });
});
