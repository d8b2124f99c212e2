// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../test/support/web.js';
import type { Attention } from '../../shared/stats.js';
import { AttentionList } from './AttentionList.js';
import { fakeFetch } from './settings/testing.js';

const ACCOUNT_ID = '11111111-1111-4111-8111-111111111111';
const FINE: Attention = {
  allFine: true,
  failed: 0,
  bounced: 0,
  unreadReplies: 0,
  triage: 0,
  awaitingApproval: [],
  held: { account: 0, paused: 0, suppressed: 0 },
  overdue: 0,
  retrying: 0,
  nextRetryAt: null,
  accounts: [],
};

afterEach(cleanup);

describe('Pulpit\'s "Wymaga uwagi"', () => {
  it('says all is fine only when the server says nothing is wrong', async () => {
    fakeFetch({ 'GET /api/stats/attention': () => FINE });
    renderWeb(<AttentionList />);
    expect(await screen.findByText('Wszystko w porządku — nic nie czeka na Twoją decyzję.')).toBeTruthy();
  });

  it('shows an unreachable account with its times, the waiting messages and "Spróbuj teraz"', async () => {
    const calls = fakeFetch({
      'GET /api/stats/attention': () => ({
        ...FINE,
        allFine: false,
        held: { account: 62, paused: 0, suppressed: 0 },
        accounts: [
          {
            id: ACCOUNT_ID,
            name: 'Czynsze',
            state: 'open',
            problem: 'Nie można połączyć się z serwerem 127.0.0.1:2699',
            since: '2026-03-02T06:14:00.000Z',
            nextTryAt: '2026-03-02T06:20:00.000Z',
            waiting: 62,
          },
        ],
      }),
      [`POST /api/accounts/${ACCOUNT_ID}/retry-now`]: () => ({ due: 62 }),
    });
    renderWeb(<AttentionList />);
    expect(await screen.findByText('Konto „Czynsze” nie wysyła poczty')).toBeTruthy();
    expect(
      screen.getByText(
        /^Nie można połączyć się z serwerem 127\.0\.0\.1:2699 od (\d+\.\d+, )?07:14, następna próba (\d+\.\d+, )?07:20$/,
      ),
    ).toBeTruthy();
    expect(screen.getByText('62 wiadomości czekają na to konto')).toBeTruthy();
    expect(screen.queryByText(/Wszystko w porządku/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Spróbuj teraz' }));
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith('/retry-now') && c.method === 'POST')).toBe(true));
  });

  it('messages waiting for a retry: shown with the next try, never beside "all fine"; failed links to the unresolved', async () => {
    fakeFetch({
      'GET /api/stats/attention': () => ({
        ...FINE,
        allFine: false,
        failed: 2,
        retrying: 3,
        nextRetryAt: '2026-03-02T08:45:00.000Z',
      }),
    });
    renderWeb(<AttentionList />);
    expect(await screen.findByText(/czekają na ponowną próbę/)).toBeTruthy();
    expect(screen.getByText(/następna o 09:45/)).toBeTruthy();
    expect(screen.queryByText(/Wszystko w porządku/)).toBeNull();
    const failedLink = screen.getAllByRole('link').find((a) => a.getAttribute('href')?.startsWith('/skrzynki/failed'));
    expect(failedLink?.getAttribute('href')).toBe('/skrzynki/failed?resolved=open');
  });

  it('feedback: unread replies link to Odebrane, bounces to the unresolved bounces in Błędy, unknown mail to triage', async () => {
    fakeFetch({
      'GET /api/stats/attention': () => ({ ...FINE, allFine: false, bounced: 2, unreadReplies: 5, triage: 1 }),
    });
    renderWeb(<AttentionList />);
    expect(await screen.findByText('5 nowych odpowiedzi od adresatów')).toBeTruthy();
    expect(screen.getByText('2 wiadomości wróciły jako zwrot: adresy adresatów nie istnieją')).toBeTruthy();
    expect(screen.getByText('1 wiadomość ze skrzynki zwrotnej czeka na przejrzenie')).toBeTruthy();
    expect(screen.queryByText(/Wszystko w porządku/)).toBeNull();
    const href = (name: RegExp) => screen.getByRole('link', { name }).getAttribute('href');
    expect(href(/Odebranych/)).toBe('/skrzynki/odebrane');
    expect(href(/zwroty w Błędach/)).toBe('/skrzynki/failed?status=bounced&resolved=open');
    expect(href(/Do przejrzenia/)).toBe('/do-przejrzenia');
  });

  it('no feedback item when there is nothing new', async () => {
    fakeFetch({ 'GET /api/stats/attention': () => FINE });
    renderWeb(<AttentionList />);
    await screen.findByText(/Wszystko w porządku/);
    expect(screen.queryByText(/odpowied|zwrot|przejrzenie/)).toBeNull();
  });
});
