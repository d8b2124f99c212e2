// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { Account } from '../../../shared/accounts.js';
import { AccountForm } from './AccountsTab.js';
import { fakeFetch } from './testing.js';

const ID = '11111111-1111-4111-8111-111111111111';
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
  dkim: { domain: 'zarzadca.pl', selector: 'mail', hasKey: true },
  status: 'active',
  maxConnections: 5,
  circuit: { state: 'closed', failures: 0, retryAt: null },
  lastError: null,
  lastErrorAt: null,
  lastVerifiedAt: null,
  smtpUtf8: null,
  feedbackMailboxId: null,
  feedbackAlarm: null,
  positionIds: [],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('account form', () => {
  it('says the password is saved and never sends the empty password or DKIM key field as a change', async () => {
    const calls = fakeFetch({ [`PATCH /api/accounts/${ID}`]: () => ({ ...account, name: 'Czynsze 2' }) });
    const done = vi.fn();
    renderWeb(<AccountForm account={account} onDone={done} />);
    expect(screen.getByText('Hasło zapisane. Zostaw pole puste, aby go nie zmieniać.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/Nazwa konta/), { target: { value: 'Czynsze 2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(done).toHaveBeenCalled());

    const patch = calls.find((c) => c.method === 'PATCH')!;
    const body = patch.body as Record<string, unknown>;
    expect(body.name).toBe('Czynsze 2');
    expect('password' in body).toBe(false);
    expect(body.dkim).toEqual({ domain: 'zarzadca.pl', selector: 'mail' });
    expect(body.rates).toEqual({ perSecond: 2, perMinute: null, perHour: 500, perDay: null });
  });

  it('asks for read receipts only when switched on, saying recipients may decline', async () => {
    const calls = fakeFetch({ [`PATCH /api/accounts/${ID}`]: () => ({ ...account, readReceipt: true }) });
    const done = vi.fn();
    renderWeb(<AccountForm account={account} onDone={done} />);
    const receipt = screen.getByRole('switch', { name: /Proś o potwierdzenie przeczytania/ }) as HTMLInputElement;
    expect(receipt.checked).toBe(false);
    expect(screen.getByText(/Odbiorca może odmówić potwierdzenia przeczytania/)).toBeTruthy();
    fireEvent.click(receipt);
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect((calls.find((c) => c.method === 'PATCH')!.body as Record<string, unknown>).readReceipt).toBe(true);
  });

  it('sends a typed password, and shows the server field errors in Polish', async () => {
    const calls = fakeFetch({
      [`PATCH /api/accounts/${ID}`]: () => ({
        __status: 400,
        body: {
          error: {
            code: 'validation_failed',
            message: 'Popraw zaznaczone pola.',
            fields: [{ path: 'host', message: 'Nieprawidłowa nazwa serwera SMTP.' }],
          },
        },
      }),
    });
    renderWeb(<AccountForm account={account} onDone={() => {}} />);
    fireEvent.change(screen.getByLabelText('Hasło'), { target: { value: 'nowe-haslo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await screen.findByText('Nieprawidłowa nazwa serwera SMTP.');
    expect((calls.find((c) => c.method === 'PATCH')!.body as Record<string, unknown>).password).toBe('nowe-haslo');
  });

  it('a new account with no password typed sends no password field', async () => {
    const calls = fakeFetch({ 'POST /api/accounts': () => ({ ...account, hasPassword: false }) });
    const done = vi.fn();
    renderWeb(<AccountForm account={null} onDone={done} />);
    fireEvent.change(screen.getByLabelText(/Nazwa konta/), { target: { value: 'Nowe' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect('password' in body).toBe(false);
    expect(body.dkim).toBeNull();
  });
});
