// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderSettings } from './testing.js';

const ACCOUNT_ID = '11111111-1111-4111-8111-111111111111';
const account = {
  id: ACCOUNT_ID,
  kind: 'smtp',
  name: 'Czynsze',
  fromName: '',
  fromAddress: 'czynsze@zarzadca.pl',
  feedbackAddress: 'zwroty@zarzadca.pl',
  envelopeMode: 'feedback',
  host: 'smtp.zarzadca.pl',
  port: 587,
  security: 'starttls',
  username: null,
  hasPassword: false,
  rates: { perSecond: null, perMinute: null, perHour: null, perDay: null },
  dkim: null,
  status: 'active',
  maxConnections: 5,
  circuit: { state: 'open', failures: 3, retryAt: '2026-03-02T06:20:00.000Z' },
  lastError: 'Nie można połączyć się z serwerem smtp.zarzadca.pl:587',
  lastErrorAt: '2026-03-02T06:14:00.000Z',
  lastVerifiedAt: null,
  positionIds: [],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings', () => {
  it('lists accounts with their error state, tests the connection and resumes a stopped account', async () => {
    const calls = fakeFetch({
      'GET /api/accounts': () => [account],
      [`POST /api/accounts/${ACCOUNT_ID}/test`]: () => ({
        ok: false,
        message: 'Nie można połączyć się z serwerem smtp.zarzadca.pl — sprawdź nazwę serwera i port.',
        technical: 'ECONNREFUSED',
      }),
      [`POST /api/accounts/${ACCOUNT_ID}/release`]: () => ({ released: 4 }),
      [`POST /api/accounts/${ACCOUNT_ID}/retry-now`]: () => ({ due: 4 }),
    });
    renderSettings();
    // The alarm names the server, since when (Warsaw time) and the next try.
    const alarm = await screen.findByTestId('account-alarm');
    expect(alarm.textContent).toMatch(
      /^Nie można połączyć się z serwerem smtp\.zarzadca\.pl:587 od (\d+\.\d+, )?07:14, następna próba (\d+\.\d+, )?07:20$/,
    );
    // A long alarm wraps to two lines inside a bounded cell (whole text on hover), not one 1700 px line.
    expect(alarm.getAttribute('data-line-clamp')).toBe('true');
    const cell = alarm.closest('td') as HTMLElement;
    expect(cell.style.whiteSpace).not.toBe('nowrap');
    expect(cell.style.maxWidth).toBe('340px');
    expect(screen.getByText('wstrzymane po błędzie')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Spróbuj teraz' }));
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith('/retry-now') && c.method === 'POST')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Sprawdź połączenie' }));
    expect(await screen.findByText(/Nie można połączyć się z serwerem/)).toBeTruthy();
    expect(screen.getByText('Połączenie nie działa')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Wznów' }));
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith('/release') && c.method === 'POST')).toBe(true));
  });

  it('opens the audit log tab and pages with the cursor', async () => {
    const entry = (id: string) => ({
      id,
      at: '2026-03-01T10:00:00Z',
      actorId: null,
      actorLabel: 'Anna Admin',
      action: 'account.update',
      entityType: 'account',
      entityId: ACCOUNT_ID,
      details: {},
      ip: null,
      names: {},
    });
    const calls = fakeFetch({
      'GET /api/users': () => [],
      'GET /api/audit': (c) =>
        c.url.includes('cursor=')
          ? { items: [entry('33333333-3333-4333-8333-333333333334')], nextCursor: null }
          : { items: [entry('33333333-3333-4333-8333-333333333333')], nextCursor: 'abc' },
    });
    renderSettings('dziennik');
    expect(await screen.findByText('Zmiana konta e-mail')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pokaż starsze' }));
    await vi.waitFor(() => expect(screen.getAllByText('Zmiana konta e-mail')).toHaveLength(2));
    expect(calls.filter((c) => c.url.startsWith('/api/audit')).map((c) => c.url)).toEqual([
      '/api/audit?limit=50',
      '/api/audit?cursor=abc&limit=50',
    ]);
  });
});
