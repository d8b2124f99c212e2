// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../test/support/web.js';
import type { Account } from '../../shared/accounts.js';
import type { SessionInfo } from '../../shared/auth.js';
import { AttentionList } from '../pages/AttentionList.js';
import { AccountsTab } from '../pages/settings/AccountsTab.js';
import { fakeFetch } from '../pages/settings/testing.js';
import { SessionProvider } from './session.js';

const ID = '11111111-1111-4111-8111-111111111111';
const ALARM = { at: '2026-12-06T06:14:00.000Z', reason: 'sender_authentication' };
const account: Account = {
  id: ID,
  kind: 'smtp',
  name: 'Czynsze',
  fromName: 'Administracja',
  fromAddress: 'czynsze@zarzadca.pl',
  feedbackAddress: 'zwroty@zarzadca.pl',
  envelopeMode: 'feedback',
  readReceipt: false,
  host: 'smtp.zarzadca.pl',
  port: 587,
  security: 'starttls',
  username: 'czynsze',
  hasPassword: true,
  rates: { perSecond: 2, perMinute: null, perHour: 500, perDay: null },
  dkim: null,
  status: 'active',
  maxConnections: 5,
  circuit: { state: 'closed', failures: 0, retryAt: null },
  lastError: null,
  lastErrorAt: null,
  lastVerifiedAt: null,
  smtpUtf8: null,
  feedbackMailboxId: null,
  feedbackAlarm: ALARM,
  positionIds: [],
};

function session(role: 'admin' | 'clerk'): SessionInfo {
  return {
    csrfToken: 'x',
    user: {
      id: '22222222-2222-4222-8222-222222222222',
      login: role,
      displayName: role,
      email: null,
      role,
      positionIds: [],
      mustChangePassword: false,
    },
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the account feedback alarm (D55)', () => {
  it('Ustawienia → Konta e-mail: what happened, the reason, when, what to do; the admin clears it', async () => {
    let alarm: Account['feedbackAlarm'] = ALARM;
    const calls = fakeFetch({
      'GET /api/accounts': () => [{ ...account, feedbackAlarm: alarm }],
      [`DELETE /api/accounts/${ID}/feedback-alarm`]: () => {
        alarm = null;
        return { ...account, feedbackAlarm: null };
      },
    });
    renderWeb(
      <SessionProvider info={session('admin')}>
        <AccountsTab />
      </SessionProvider>,
    );
    const box = await screen.findByTestId('feedback-alarm');
    expect(within(box).getByText('Konto „Czynsze”: serwer adresata odrzucił wiadomość z tego konta')).toBeTruthy();
    expect(within(box).getByText(/z powodu SPF, DKIM lub DMARC.*Zwrot odczytano (\d+\.\d+, )?07:14\.$/)).toBeTruthy();
    expect(within(box).getByText(/^Powód podany w zwrocie: Nie powiodło się uwierzytelnienie nadawcy/)).toBeTruthy();
    expect(within(box).getByText(/^Co zrobić: poproś dostawcę poczty.*SPF, DKIM i DMARC/)).toBeTruthy();
    fireEvent.click(within(box).getByRole('button', { name: 'Sprawdzone — usuń alarm' }));
    await vi.waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.url.endsWith(`/api/accounts/${ID}/feedback-alarm`))).toBe(
        true,
      ),
    );
    await vi.waitFor(() => expect(screen.queryByTestId('feedback-alarm')).toBeNull());
  });

  it('Pulpit: a clerk sees the alarm of an account that otherwise sends, without the button', async () => {
    fakeFetch({
      'GET /api/stats/attention': () => ({
        allFine: false,
        failed: 0,
        held: { account: 0, paused: 0, suppressed: 0 },
        overdue: 0,
        retrying: 0,
        nextRetryAt: null,
        awaitingApproval: [],
        accounts: [
          {
            id: ID,
            name: 'Czynsze',
            state: 'closed',
            problem: null,
            since: null,
            nextTryAt: null,
            waiting: 0,
            feedbackAlarm: { at: ALARM.at, reason: 'spam' },
          },
        ],
      }),
    });
    renderWeb(
      <SessionProvider info={session('clerk')}>
        <AttentionList />
      </SessionProvider>,
    );
    const box = await screen.findByTestId('feedback-alarm');
    expect(within(box).getByText(/^Serwer adresata odrzucił wiadomość z tego konta jako spam\./)).toBeTruthy();
    expect(within(box).getByText('Alarm usuwa administrator po sprawdzeniu konta.')).toBeTruthy();
    expect(within(box).queryByRole('button')).toBeNull();
    // Not the connection alarm: the account sends; only the feedback alarm is shown.
    expect(screen.queryByText(/ostatnia próba się nie udała/)).toBeNull();
  });
});
