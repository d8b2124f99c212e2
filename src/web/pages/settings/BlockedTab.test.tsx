// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderSettings } from './testing.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const row = (address: string) => ({
  address,
  source: 'bounce',
  summary: 'Skrzynka nie istnieje',
  reason: '550 5.1.1 user unknown',
  messageId: null,
  createdAt: '2026-12-01T10:00:00.000Z',
});

describe('settings: blocked addresses', () => {
  it("shows an erased recipient's entry as such, never its hash (D76)", async () => {
    fakeFetch({
      'GET /api/accounts': () => [],
      'GET /api/suppressions': () => ({
        items: [row('jan@example.pl'), row(`erased:${'ab'.repeat(32)}`)],
        nextCursor: null,
      }),
    });
    renderSettings('zablokowane');
    expect(await screen.findByText('jan@example.pl')).toBeTruthy();
    expect(screen.getByText('Adres usunięty na żądanie adresata (RODO)')).toBeTruthy();
    expect(screen.queryByText(/erased:/)).toBeNull();
  });
});
