// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { Message } from '../../../shared/messages.js';
import { MessagePage } from './MessagePage.js';
import { ACCOUNT_ID, type Call, fakeApi, summary } from './testing.js';

const ID = '22222222-2222-4222-8222-222222222222';

function message(over: Partial<Message> = {}): Message {
  return {
    ...summary(),
    html: '<p>Dzień dobry</p><script>alert(1)</script>',
    text: 'Dzień dobry',
    messageIdHeader: '<x@example.pl>',
    queuedAt: '2026-01-05T10:05:00.000Z',
    createdBy: null,
    attachments: [
      {
        id: '77777777-7777-4777-8777-777777777777',
        filename: 'oplaty.pdf',
        contentType: 'application/pdf',
        size: 20480,
        sha256: 'ab',
      },
    ],
    series: 1,
    nextAttemptAt: null,
    envelopeFrom: null,
    eml: null,
    smtpResponse: null,
    smtpQueueId: null,
    parent: null,
    children: [],
    blocked: null,
    correctAddresses: null,
    paperOffered: false,
    feedback: [],
    readAt: null,
    contentRemovedAt: null,
    sentBody: null,
    attempts: [
      {
        id: '88888888-8888-4888-8888-888888888888',
        series: 1,
        attemptNo: 1,
        accountId: ACCOUNT_ID,
        startedAt: '2026-01-05T10:06:00.000Z',
        finishedAt: '2026-01-05T10:06:01.000Z',
        outcome: 'recipient',
        smtpCode: 550,
        enhancedStatus: '5.1.1',
        response: 'No such user',
        errorCode: null,
      },
    ],
    ...over,
  };
}

function renderPage(m: Message, extra: Record<string, (c: Call) => unknown> = {}) {
  const calls = fakeApi({ [`GET /api/messages/${ID}`]: () => m, ...extra });
  renderWeb(
    <Routes>
      <Route path="/skrzynki/:mailbox/:id" element={<MessagePage />} />
    </Routes>,
    { route: `/skrzynki/${m.mailbox}/${ID}` },
  );
  return calls;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('message view', () => {
  it('shows the HTML in a sandboxed frame, attempts in Polish, the hint, and no proof before sending', async () => {
    renderPage(message());
    const frame = (await screen.findByTitle(/Podgląd treści wiadomości/)) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<p>Dzień dobry</p>');
    expect(frame.getAttribute('srcdoc')).toContain("default-src 'none'");
    expect(screen.getByText('Adres odrzucony')).toBeTruthy();
    expect(screen.getByText('550 5.1.1')).toBeTruthy();
    expect(screen.getByText('Sprawdź adres e-mail adresata.')).toBeTruthy();
    const pdf = screen.getByRole('link', { name: 'Otwórz załącznik oplaty.pdf w nowej karcie' });
    expect(pdf.getAttribute('target')).toBe('_blank');
    expect(screen.queryByText('Potwierdzenie wysyłki (PDF)')).toBeNull();
    expect(screen.getByRole('button', { name: 'Wyślij ponownie' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Popraw' })).toBeNull();
  });

  it('a queued or sent message shows the body as frozen for sending (footer included), not the draft', async () => {
    renderPage(
      message({
        status: 'sent',
        mailbox: 'sent',
        sentBody: {
          html: '<p>Dzień dobry</p><p>Administrator danych: Wspólnota</p>',
          text: 'Dzień dobry\n\nAdministrator danych: Wspólnota',
        },
      }),
    );
    const frame = (await screen.findByTitle(/Podgląd treści wiadomości/)) as HTMLIFrameElement;
    expect(frame.getAttribute('srcdoc')).toContain('Administrator danych: Wspólnota');
    expect(frame.getAttribute('srcdoc')).not.toContain('<script>');
    expect(screen.getByText(/Administrator danych: Wspólnota/, { selector: 'code, pre' })).toBeTruthy();
    expect(screen.getByText(/Tak, jak widzi ją adresat/)).toBeTruthy();
  });

  it('a draft says the footer and links come when it is queued', async () => {
    renderPage(message({ status: 'draft', mailbox: 'drafts' }));
    expect(await screen.findByText(/Wersja robocza. Przy dodaniu do kolejki program dopisze stopkę RODO/)).toBeTruthy();
  });

  it('a text-only message says it has no HTML version instead of showing an empty frame', async () => {
    renderPage(message({ html: '', text: 'Dzień dobry, w załączeniu zawiadomienie.' }));
    expect(
      await screen.findByText('Wiadomość nie ma wersji HTML: adresat zobaczy tylko wersję tekstową, pokazaną niżej.'),
    ).toBeTruthy();
    expect(screen.queryByTitle(/Podgląd treści wiadomości/)).toBeNull();
    expect(screen.getByText('Dzień dobry, w załączeniu zawiadomienie.')).toBeTruthy();
  });

  it('a message whose content retention removed says so instead of the body (D76)', async () => {
    renderPage(
      message({
        status: 'sent',
        mailbox: 'sent',
        sentAt: '2021-01-05T10:06:01.000Z',
        errorHint: null,
        lastError: null,
        html: '',
        text: '',
        attachments: [],
        eml: { sha256: 'f'.repeat(64), size: 1000 },
        contentRemovedAt: '2026-03-02T09:00:00.000Z',
      }),
    );
    expect(await screen.findByText('Treść usunięta zgodnie z zasadami przechowywania (02.03.2026)')).toBeTruthy();
    expect(screen.queryByTitle(/Podgląd treści wiadomości/)).toBeNull();
    // The proof stays (the hash, the receipt); the .eml's bytes are gone.
    expect(screen.getByRole('link', { name: 'Potwierdzenie wysyłki (PDF)' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Pobierz wiadomość jako plik .eml' })).toBeNull();
  });

  it('a sent message offers the .eml and the receipt', async () => {
    renderPage(
      message({
        status: 'sent',
        mailbox: 'sent',
        sentAt: '2026-01-05T10:06:01.000Z',
        errorHint: null,
        lastError: null,
        eml: { sha256: 'f'.repeat(64), size: 1000 },
      }),
    );
    const receipt = await screen.findByRole('link', { name: 'Potwierdzenie wysyłki (PDF)' });
    expect(receipt.getAttribute('href')).toBe(`/api/messages/${ID}/receipt.pdf`);
    expect(screen.getByRole('link', { name: 'Pobierz wiadomość jako plik .eml' }).getAttribute('href')).toBe(
      `/api/messages/${ID}/eml`,
    );
  });

  it('a bounced message keeps its proof, with the bounce report (.eml) beside it', async () => {
    const EVENT = '77777777-7777-4777-8777-777777777777';
    renderPage(
      message({
        status: 'bounced',
        mailbox: 'failed',
        sentAt: '2026-01-05T10:06:01.000Z',
        errorHint: null,
        lastError: '5.1.1 550 5.1.1 User unknown',
        eml: { sha256: 'f'.repeat(64), size: 1000 },
        feedback: [
          {
            id: EVENT,
            kind: 'hard_bounce',
            reason: 'recipient_unknown',
            confidence: 'verp',
            forged: false,
            effect: 'bounced',
            occurredAt: '2026-01-05T11:00:00.000Z',
            rawSha256: 'a'.repeat(64),
          },
        ],
      }),
    );
    const receipt = await screen.findByRole('link', { name: 'Potwierdzenie wysyłki (PDF)' });
    expect(receipt.getAttribute('href')).toBe(`/api/messages/${ID}/receipt.pdf`);
    expect(screen.getByRole('link', { name: 'Pobierz raport zwrotu (.eml)' }).getAttribute('href')).toBe(
      `/api/messages/${ID}/feedback/${EVENT}/eml`,
    );
    expect(screen.getByText('Skrzynka adresata nie istnieje.')).toBeTruthy();
  });

  it('a draft can be corrected: only the changed fields are sent', async () => {
    // Mantine's autosize text areas listen to `document.fonts`, which jsdom lacks.
    if (!('fonts' in document))
      Object.defineProperty(document, 'fonts', {
        value: { addEventListener() {}, removeEventListener() {} },
        configurable: true,
      });
    const draft = message({ status: 'draft', mailbox: 'drafts', attempts: [], errorHint: null, lastError: null });
    const calls = renderPage(draft, {
      [`PATCH /api/messages/${ID}`]: (c) => ({ ...draft, ...(c.body as object) }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Popraw' }));
    fireEvent.change(await screen.findByLabelText(/Temat/), { target: { value: 'Nowy temat' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ subject: 'Nowy temat' });
  });

  it('a message held for a blocked address says why, and offers unblocking and the recipient’s other address', async () => {
    const held = message({
      status: 'held',
      mailbox: 'outbox',
      heldReason: 'suppressed',
      // What the tester saw: an older attempt's "try later" hint. The server now sends the block's summary.
      errorHint: 'Adres zablokowany po odrzuceniu 550 5.1.1 z dnia 05.01.2026.',
      blocked: {
        address: 'jan@example.pl',
        reason: '550 5.1.1 User unknown',
        createdAt: '2026-01-05T10:00:00.000Z',
        messageId: '33333333-3333-4333-8333-333333333333',
        summary: 'Adres zablokowany po odrzuceniu 550 5.1.1 z dnia 05.01.2026.',
      },
      correctAddresses: ['jan.nowy@example.pl'],
      recipientId: '44444444-4444-4444-8444-444444444444',
    });
    const calls = renderPage(held, {
      [`POST /api/messages/${ID}/unblock`]: () => ({ address: 'jan@example.pl', released: 1 }),
    });
    expect(await screen.findByText('Adres jan@example.pl jest zablokowany')).toBeTruthy();
    expect(screen.getAllByText('Adres zablokowany po odrzuceniu 550 5.1.1 z dnia 05.01.2026.')).toHaveLength(1);
    expect(screen.queryByText(/aby odblokować lub zmienić adres/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Wyślij na poprawiony adres' })).toBeTruthy();
    // "zmień adres" opens this recipient's own card, not the list.
    expect(screen.getByRole('link', { name: 'Zmień adres na karcie adresata' }).getAttribute('href')).toBe(
      '/adresaci/44444444-4444-4444-8444-444444444444',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Odblokuj adres' }));
    await waitFor(() => expect(calls.some((c) => c.url === `/api/messages/${ID}/unblock`)).toBe(true));
  });

  it('shows the links both ways', async () => {
    renderPage(
      message({
        parent: {
          id: '44444444-4444-4444-8444-444444444444',
          kind: 'corrected',
          toAddress: 'jan.stary@example.pl',
          status: 'failed',
          messageIdHeader: '<a@example.pl>',
          createdAt: '2026-01-04T10:00:00.000Z',
        },
        children: [
          {
            id: '55555555-5555-4555-8555-555555555555',
            kind: 'resend',
            toAddress: 'jan@example.pl',
            status: 'sent',
            messageIdHeader: '<b@example.pl>',
            createdAt: '2026-01-06T10:00:00.000Z',
          },
        ],
      }),
    );
    expect(await screen.findByText('Wysyłka na poprawiony adres')).toBeTruthy();
    expect(screen.getByRole('link', { name: /jan\.stary@example\.pl/ }).getAttribute('href')).toBe(
      '/skrzynki/failed/44444444-4444-4444-8444-444444444444',
    );
    expect(screen.getByRole('link', { name: /jan@example\.pl · Wysłana/ }).getAttribute('href')).toBe(
      '/skrzynki/sent/55555555-5555-4555-8555-555555555555',
    );
  });

  it('"Wyślij papierowo" on a message held for a blocked address: asks, sends, then says where the document is', async () => {
    const BATCH = '66666666-6666-4666-8666-666666666666';
    const held = message({
      status: 'held',
      mailbox: 'outbox',
      heldReason: 'suppressed',
      batchId: BATCH,
      blocked: {
        address: 'jan@example.pl',
        reason: '550 5.1.1 User unknown',
        createdAt: '2026-01-05T10:00:00.000Z',
        messageId: null,
        summary: 'Adres zablokowany po odrzuceniu 550 5.1.1 z dnia 05.01.2026.',
      },
      paperOffered: true,
    });
    let current = held;
    const calls = fakeApi({
      [`GET /api/messages/${ID}`]: () => current,
      [`POST /api/messages/${ID}/paper`]: () => {
        current = {
          ...held,
          status: 'cancelled',
          mailbox: 'cancelled',
          paperOffered: false,
          resolution: { kind: 'paper', at: '2026-01-06T09:30:00.000Z', messageId: null },
        };
        return { batchId: BATCH };
      },
    });
    renderWeb(
      <Routes>
        <Route path="/skrzynki/:mailbox/:id" element={<MessagePage />} />
      </Routes>,
      { route: `/skrzynki/outbox/${ID}` },
    );
    // The three choices for a blocked address: unblock, change, paper.
    expect(await screen.findByText(/albo wysłać dokument papierowo/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Odblokuj adres' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Wyślij papierowo' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toMatch(/paczki do druku.*zniknie z Nadawczych/);
    expect(calls.some((c) => c.url.endsWith('/paper'))).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Tak, do druku' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST' && c.url === `/api/messages/${ID}/paper`)).toHaveLength(1),
    );
    expect(await screen.findByText(/Dokument przekazano 06\.01\.2026.*do wysyłki papierowej/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Otwórz wysyłkę i paczkę do druku' }).getAttribute('href')).toBe(
      `/wysylki/${BATCH}`,
    );
    expect(screen.queryByRole('button', { name: 'Wyślij papierowo' })).toBeNull();
  });

  it('does not offer paper when the server says it does not apply', async () => {
    renderPage(message({ status: 'failed', mailbox: 'failed', paperOffered: false }));
    expect(await screen.findByText('Zawiadomienie o opłatach')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Wyślij papierowo' })).toBeNull();
  });
});
