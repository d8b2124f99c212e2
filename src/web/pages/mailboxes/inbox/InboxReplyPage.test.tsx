// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../../test/support/web.js';
import type { InboxDetail } from '../../../../shared/inbox.js';
import { ACCOUNT_ID, type Call, fakeApi, LocationProbe } from '../testing.js';
import { InboxReplyPage } from './InboxReplyPage.js';

const ID = '33333333-3333-4333-8333-333333333333';
const MSG = '22222222-2222-4222-8222-222222222222';
const NEW = '44444444-4444-4444-8444-444444444444';

function detail(over: Partial<InboxDetail> = {}): InboxDetail {
  return {
    id: ID,
    messageId: MSG,
    accountId: ACCOUNT_ID,
    recipientId: '55555555-5555-4555-8555-555555555555',
    fromAddress: 'jan@example.pl',
    fromName: 'Jan Kowalski',
    subject: 'Re: Zawiadomienie o opłatach',
    excerpt: 'Pralka przecieka',
    receivedAt: '2026-01-06T10:00:00.000Z',
    readAt: '2026-01-06T11:00:00.000Z',
    answeredAt: null,
    text: 'Pralka przecieka od wczoraj.',
    html: null,
    attachments: [{ index: 0, filename: 'licznik.pdf', contentType: 'application/pdf', size: 2048 }],
    truncated: false,
    original: {
      id: MSG,
      subject: 'Zawiadomienie o opłatach',
      toAddress: 'jan@example.pl',
      sentAt: null,
      status: 'sent',
    },
    recipient: { id: '55555555-5555-4555-8555-555555555555', name: 'Jan Kowalski' },
    unit: { id: '66666666-6666-4666-8666-666666666666', label: 'Wspólnota Źródlana 3, lokal 7' },
    thread: [],
    answers: [],
    ...over,
  };
}

function renderPage(extra: Record<string, (c: Call) => unknown> = {}) {
  const calls = fakeApi({ [`GET /api/inbox/${ID}`]: () => detail(), ...extra });
  renderWeb(
    <>
      <Routes>
        <Route path="/skrzynki/odebrane/:id" element={<InboxReplyPage />} />
        <Route path="*" element={null} />
      </Routes>
      <LocationProbe />
    </>,
    { route: `/skrzynki/odebrane/${ID}` },
  );
  return calls;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Odebrane: one reply', () => {
  it('shows it under its original message, recipient and unit, with the attachment', async () => {
    renderPage();
    const original = await screen.findByRole('link', { name: 'Zawiadomienie o opłatach' });
    expect(original.getAttribute('href')).toBe(`/skrzynki/sent/${MSG}`);
    expect(screen.getByRole('link', { name: 'Jan Kowalski' }).getAttribute('href')).toBe(
      '/adresaci/55555555-5555-4555-8555-555555555555',
    );
    expect(screen.getByText('Wspólnota Źródlana 3, lokal 7')).toBeTruthy();
    expect(screen.getByText('Pralka przecieka od wczoraj.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Otwórz załącznik licznik.pdf w nowej karcie' }).getAttribute('href')).toBe(
      `/api/inbox/${ID}/attachments/0`,
    );
  });

  it('Odpowiedz sends only the text and the quote choice, then opens the new message', async () => {
    const calls = renderPage({ [`POST /api/inbox/${ID}/reply`]: () => ({ messageId: NEW, status: 'queued' }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Odpowiedz' }));
    fireEvent.change(await screen.findByLabelText(/Treść odpowiedzi/), { target: { value: 'Hydraulik jutro.' } });
    fireEvent.click(screen.getByLabelText('Dołącz cytat z odpowiedzi adresata'));
    fireEvent.click(screen.getByRole('button', { name: 'Wyślij odpowiedź' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/skrzynki/outbox/${NEW}`));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ text: 'Hydraulik jutro.', quote: false });
  });

  it('"Oznacz jako nieprzeczytane" tells the server and goes back to the list', async () => {
    const calls = renderPage({ [`POST /api/inbox/${ID}/unread`]: () => null });
    fireEvent.click(await screen.findByRole('button', { name: 'Oznacz jako nieprzeczytane' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/skrzynki/odebrane'));
    expect(calls.some((c) => c.method === 'POST' && c.url === `/api/inbox/${ID}/unread`)).toBe(true);
  });
});
