// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../../../shared/api-keys.js';
import { fakeFetch, renderSettings } from './testing.js';

const POSITION = {
  id: '44444444-4444-4444-8444-444444444444',
  name: 'Czynsze',
  description: '',
  accounts: [],
  userIds: [],
  propertyIds: [],
};
const KEY: ApiKey = {
  id: '55555555-5555-4555-8555-555555555555',
  name: 'Czynsze SM',
  prefix: 'lst_AbCd1234',
  positionId: POSITION.id,
  scopes: ['batches:write', 'messages:read'],
  expiresAt: '2027-03-01T23:00:00.000Z',
  createdAt: '2026-03-01T09:00:00.000Z',
  revokedAt: null,
  lastUsedAt: '2026-03-02T08:30:00.000Z',
  lastUsedIp: '10.0.0.7',
};
const SECRET = `lst_${'x'.repeat(43)}`;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings: API keys', () => {
  it('lists keys with their position, scopes in words, expiry and last use; revokes after a confirm', async () => {
    const calls = fakeFetch({
      'GET /api/api-keys': () => [KEY],
      'GET /api/positions': () => [POSITION],
      [`DELETE /api/api-keys/${KEY.id}`]: () => null,
    });
    renderSettings('klucze');
    const row = (await screen.findByText('Czynsze SM')).closest('tr') as HTMLElement;
    expect(within(row).getByText('tworzenie i uruchamianie wysyłek, odczyt wiadomości')).toBeTruthy();
    expect(await within(row).findByText('Czynsze')).toBeTruthy();
    expect(within(row).getByText(/10\.0\.0\.7/)).toBeTruthy();
    vi.stubGlobal('confirm', () => true);
    fireEvent.click(within(row).getByRole('button', { name: 'Unieważnij' }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });

  it('shows a new key once, with a copy button and the warning', async () => {
    const calls = fakeFetch({
      'GET /api/api-keys': () => [],
      'GET /api/positions': () => [POSITION],
      'POST /api/api-keys': () => ({ apiKey: { ...KEY, lastUsedAt: null, lastUsedIp: null }, secret: SECRET }),
    });
    renderSettings('klucze');
    fireEvent.click(await screen.findByRole('button', { name: 'Nowy klucz API' }));
    fireEvent.change(await screen.findByLabelText(/Nazwa/), { target: { value: 'Czynsze SM' } });
    expect(screen.getByLabelText('dodawanie dokumentów (documents:write)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Utwórz klucz' }));
    expect((await screen.findByTestId('api-key-secret')).textContent).toBe(SECRET);
    expect(screen.getByText(/nie zostanie pokazany ponownie/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kopiuj klucz' })).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    const sent = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      name: 'Czynsze SM',
      positionId: null,
      scopes: ['documents:write', 'batches:write', 'batches:read'],
    });
  });
});
