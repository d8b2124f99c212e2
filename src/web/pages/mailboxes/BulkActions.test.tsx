// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { MailboxPage } from './MailboxPage.js';
import { type Call, fakeApi, summary } from './testing.js';

const FIRST = '22222222-2222-4222-8222-222222222222';
const SECOND = '66666666-6666-4666-8666-666666666666';

function renderPage(route: string) {
  return renderWeb(
    <Routes>
      <Route path="/skrzynki/:mailbox" element={<MailboxPage />} />
    </Routes>,
    { route },
  );
}

const posts = (calls: Call[], url: string) => calls.filter((c) => c.method === 'POST' && c.url === url);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('bulk actions', () => {
  it('asks for a dry run, says how many messages it affects, and acts only after confirmation', async () => {
    const calls = fakeApi({
      'GET /api/mailboxes/failed': () => ({
        items: [summary(), summary({ id: SECOND, toName: 'Anna Nowak' })],
        nextCursor: null,
      }),
      'POST /api/messages/resend': (c) =>
        (c.body as { dryRun: boolean }).dryRun
          ? { matched: 37, changed: 37, skipped: 0, held: 0 }
          : { matched: 37, changed: 36, skipped: 1, held: 0 },
    });
    renderPage('/skrzynki/failed');
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Zaznacz wiadomość do Jan Kowalski' }));
    fireEvent.click(screen.getByRole('button', { name: 'Wyślij ponownie' }));

    expect(await screen.findByText('Wysłać ponownie 37 wiadomości?')).toBeTruthy();
    expect(posts(calls, '/api/messages/resend').map((c) => c.body)).toEqual([
      { selection: { ids: [FIRST] }, dryRun: true },
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Tak, wykonaj' }));
    await waitFor(() => expect(posts(calls, '/api/messages/resend')).toHaveLength(2));
    expect(posts(calls, '/api/messages/resend')[1]!.body).toEqual({ selection: { ids: [FIRST] }, dryRun: false });
  });

  it('on everything matching the filters sends the filter, and "Nie, wróć" sends nothing more', async () => {
    const calls = fakeApi({
      'GET /api/mailboxes/drafts': () => ({
        items: [summary({ status: 'draft', mailbox: 'drafts' })],
        nextCursor: null,
      }),
      'POST /api/messages/queue': () => ({ matched: 1204, changed: 1200, skipped: 4, held: 0 }),
    });
    renderPage('/skrzynki/drafts?q=Kowal&sort=subject&dir=asc');
    await screen.findByText('Jan Kowalski');
    const queue = screen.getByRole('button', { name: 'Do nadawczej' });
    expect(queue.hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByText('Wszystkie pasujące do filtrów'));
    await waitFor(() => expect(queue.hasAttribute('disabled')).toBe(false));
    fireEvent.click(queue);

    expect(await screen.findByText('Przenieść 1200 wiadomości do nadawczej?')).toBeTruthy();
    expect(screen.getByText('4 zaznaczone wiadomości zostaną pominięte, bo ich stan na to nie pozwala.')).toBeTruthy();
    expect(posts(calls, '/api/messages/queue').map((c) => c.body)).toEqual([
      { selection: { filter: { mailbox: 'drafts', q: 'Kowal' } }, dryRun: true },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Nie, wróć' }));
    await waitFor(() => expect(screen.queryByText('Przenieść 1200 wiadomości do nadawczej?')).toBeNull());
    expect(posts(calls, '/api/messages/queue')).toHaveLength(1);
  });

  it('"Usuń" on drafts cancels them (they stay in Anulowane) after the same confirmation', async () => {
    const calls = fakeApi({
      'GET /api/mailboxes/drafts': () => ({
        items: [summary({ status: 'draft', mailbox: 'drafts' })],
        nextCursor: null,
      }),
      'POST /api/messages/cancel': () => ({ matched: 1, changed: 1, skipped: 0, held: 0 }),
    });
    renderPage('/skrzynki/drafts');
    await screen.findByText('Jan Kowalski');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Zaznacz wszystkie na tej stronie' }));
    expect(screen.getByText('Zaznaczona (1)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Usuń' }));
    expect(await screen.findByText('Usunąć 1 wiadomość roboczą?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Tak, wykonaj' }));
    await waitFor(() => expect(posts(calls, '/api/messages/cancel')).toHaveLength(2));
    expect(posts(calls, '/api/messages/cancel')[1]!.body).toEqual({ selection: { ids: [FIRST] }, dryRun: false });
  });
});
