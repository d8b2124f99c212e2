// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETENTION_POLICY } from '../../../shared/retention.js';
import { fakeFetch, renderSettings } from './testing.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings: Przechowywanie danych', () => {
  it('shows each period with its legal basis, refuses less than the law requires, saves months', async () => {
    const calls = fakeFetch({
      'GET /api/settings/retention': () => ({
        policy: DEFAULT_RETENTION_POLICY,
        defaults: DEFAULT_RETENTION_POLICY,
        lastRun: null,
      }),
      'PUT /api/settings/retention': (c) => ({
        policy: c.body,
        defaults: DEFAULT_RETENTION_POLICY,
        lastRun: null,
      }),
    });
    renderSettings('przechowywanie');
    const tax = await screen.findByRole('textbox', { name: 'Dokumenty podatkowe' });
    expect((tax as HTMLInputElement).value).toBe('5');
    expect(screen.getByText(/art\. 86 § 1 Ordynacji podatkowej/)).toBeTruthy();
    expect(screen.getAllByText(/art\. 118 KC/).length).toBeGreaterThan(0);
    fireEvent.change(tax, { target: { value: '4' } });
    expect(await screen.findByText(/trzeba przechowywać 5 lat od końca roku/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Zapisz zasady' }).hasAttribute('disabled')).toBe(true);
    fireEvent.change(tax, { target: { value: '6' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Zdarzenia wysyłki' }), { target: { value: '24' } });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Zapisz zasady' }).hasAttribute('disabled')).toBe(false),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz zasady' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      ...DEFAULT_RETENTION_POLICY,
      taxDocuments: 72,
      events: 24,
    });
    expect(await screen.findByText(/Zapisano/)).toBeTruthy();
  });
});
