// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { MailboxPage } from './MailboxPage.js';
import { ACCOUNT_ID, fakeApi, LocationProbe, PROPERTY_ID, summary } from './testing.js';

function renderPage(route: string) {
  return renderWeb(
    <Routes>
      <Route
        path="/skrzynki/:mailbox"
        element={
          <>
            <MailboxPage />
            <LocationProbe />
          </>
        }
      />
    </Routes>,
    { route },
  );
}

const listCalls = (calls: { method: string; url: string }[], mailbox: string) =>
  calls.filter((c) => c.method === 'GET' && c.url.startsWith(`/api/mailboxes/${mailbox}`)).map((c) => c.url);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('mailbox filters', () => {
  it('a shared link with filters asks the server for exactly those filters', async () => {
    const calls = fakeApi({ 'GET /api/mailboxes/failed': () => ({ items: [summary()], nextCursor: null }) });
    renderPage(`/skrzynki/failed?accountId=${ACCOUNT_ID}&from=2026-01-01&q=Kowal`);
    await screen.findByText('Jan Kowalski');
    const url = new URL(listCalls(calls, 'failed').at(-1)!, 'http://x');
    expect(url.pathname).toBe('/api/mailboxes/failed');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      accountId: ACCOUNT_ID,
      from: '2026-01-01',
      q: 'Kowal',
      limit: '50',
    });
    // The date from the address is shown the Polish way, whatever the browser's language.
    expect((screen.getByLabelText('Od dnia') as HTMLInputElement).value).toBe('01.01.2026');
  });

  it('typing a search and choosing dates writes the address, and the list request follows it', async () => {
    const calls = fakeApi({ 'GET /api/mailboxes/drafts': () => ({ items: [], nextCursor: null }) });
    renderPage('/skrzynki/drafts');
    await screen.findByText('Nie ma wiadomości roboczych.');

    fireEvent.change(screen.getByLabelText('Szukaj'), { target: { value: 'Nowak' } });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/skrzynki/drafts?q=Nowak'));
    fireEvent.change(screen.getByLabelText('Od dnia'), { target: { value: '01.02.2026' } });
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe('/skrzynki/drafts?q=Nowak&from=2026-02-01'),
    );
    await waitFor(() =>
      expect(listCalls(calls, 'drafts').at(-1)).toBe('/api/mailboxes/drafts?q=Nowak&from=2026-02-01&limit=50'),
    );
    expect(screen.getByText('Żadna wiadomość nie pasuje do wybranych filtrów.')).toBeTruthy();
  });

  it('choosing an account in the list of accounts filters by it', async () => {
    const calls = fakeApi({ 'GET /api/mailboxes/sent': () => ({ items: [], nextCursor: null }) });
    renderPage('/skrzynki/sent');
    const input = await screen.findByLabelText('Konto e-mail', { selector: 'input' });
    await waitFor(() => expect(calls.some((c) => c.url === '/api/accounts')).toBe(true));
    fireEvent.click(input);
    // The dropdown opens with a transition, so jsdom still counts it as hidden.
    fireEvent.click(await screen.findByRole('option', { name: 'Biuro — opłaty', hidden: true }));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(`/skrzynki/sent?accountId=${ACCOUNT_ID}`),
    );
    await waitFor(() =>
      expect(listCalls(calls, 'sent').at(-1)).toBe(`/api/mailboxes/sent?accountId=${ACCOUNT_ID}&limit=50`),
    );
  });

  it('choosing a property (nieruchomość) filters the list and the tab counts by it', async () => {
    const calls = fakeApi({
      'GET /api/mailboxes/outbox': () => ({ items: [], nextCursor: null }),
      'GET /api/properties': () => [
        { id: PROPERTY_ID, name: 'Wspólnota Pod Lipami' },
        { id: '44444444-4444-4444-8444-444444444444', name: 'Spółdzielnia Słoneczna' },
      ],
    });
    renderPage('/skrzynki/outbox');
    const input = await screen.findByLabelText('Nieruchomość', { selector: 'input' });
    fireEvent.click(input);
    fireEvent.click(await screen.findByRole('option', { name: 'Wspólnota Pod Lipami', hidden: true }));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(`/skrzynki/outbox?propertyId=${PROPERTY_ID}`),
    );
    await waitFor(() =>
      expect(listCalls(calls, 'outbox').at(-1)).toBe(`/api/mailboxes/outbox?propertyId=${PROPERTY_ID}&limit=50`),
    );
    await waitFor(() =>
      expect(calls.some((c) => c.url === `/api/mailboxes/counts?propertyId=${PROPERTY_ID}`)).toBe(true),
    );
  });

  it('goes to the next page with the server cursor and back without it', async () => {
    const calls = fakeApi({
      'GET /api/mailboxes/sent': (c) =>
        c.url.includes('cursor=')
          ? {
              items: [summary({ id: '33333333-3333-4333-8333-333333333333', toName: 'Anna Nowak', status: 'sent' })],
              nextCursor: null,
            }
          : { items: [summary({ status: 'sent' })], nextCursor: 'abc' },
    });
    renderPage('/skrzynki/sent');
    await screen.findByText('Jan Kowalski');
    fireEvent.click(screen.getByRole('button', { name: 'Następna strona' }));
    await screen.findByText('Anna Nowak');
    expect(listCalls(calls, 'sent').at(-1)).toBe('/api/mailboxes/sent?cursor=abc&limit=50');
    expect(screen.getByText('Strona 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Poprzednia strona' }));
    await screen.findByText('Jan Kowalski');
    expect(screen.getByText('Strona 1')).toBeTruthy();
  });

  it('shows status labels and dates in Polish', async () => {
    fakeApi({
      'GET /api/mailboxes/outbox': () => ({
        items: [
          summary({ id: '44444444-4444-4444-8444-444444444444', status: 'held', toName: 'A' }),
          summary({ id: '55555555-5555-4555-8555-555555555555', status: 'retry_wait', toName: 'B' }),
        ],
        nextCursor: null,
      }),
    });
    renderPage('/skrzynki/outbox');
    const table = await screen.findByRole('table');
    await within(table).findByText('Wstrzymana');
    expect(within(table).getByText('Ponowna próba wkrótce')).toBeTruthy();
    expect(within(table).getAllByText('05.01.2026, 11:00')).toHaveLength(2);
  });

  it('the tab counts follow the filters of the list (a batch, a search), not the status of one mailbox', async () => {
    const BATCH = '66666666-6666-4666-8666-666666666666';
    const calls = fakeApi({
      'GET /api/mailboxes/outbox': () => ({ items: [], nextCursor: null }),
      'GET /api/mailboxes/counts': (c) =>
        c.url.includes('batchId=')
          ? { drafts: 0, outbox: 7, sent: 310, failed: 4, cancelled: 0 }
          : { drafts: 1, outbox: 0, sent: 0, failed: 2, cancelled: 0 },
    });
    renderPage(`/skrzynki/outbox?batchId=${BATCH}&status=held&q=Nowak`);
    const tabs = await screen.findByRole('tablist');
    await within(tabs).findByText('310');
    const countCalls = calls.filter((c) => c.url.startsWith('/api/mailboxes/counts')).map((c) => c.url);
    const url = new URL(countCalls.at(-1)!, 'http://x');
    expect(url.pathname).toBe('/api/mailboxes/counts');
    expect(Object.fromEntries(url.searchParams)).toEqual({ batchId: BATCH, q: 'Nowak' });
    expect(within(tabs).getByText('7')).toBeTruthy();
    expect(within(tabs).getByText('4')).toBeTruthy();
  });
});
