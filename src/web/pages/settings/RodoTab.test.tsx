// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderSettings } from './testing.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings: RODO footer', () => {
  it('previews the footer as typed, escaped, and saves it for the installation', async () => {
    const calls = fakeFetch({
      'GET /api/accounts': () => [],
      'GET /api/settings/rodo-footer': () => ({ footer: null }),
      'PUT /api/settings/rodo-footer': (c) => c.body,
    });
    renderSettings('rodo');
    expect(await screen.findByText('E-maile nie mają stopki RODO.')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Dołączaj stopkę RODO'));
    fireEvent.change(screen.getByLabelText('Administrator danych'), { target: { value: 'Biuro <b>X</b>' } });
    fireEvent.change(screen.getByLabelText('Inspektor ochrony danych'), { target: { value: 'iod@biuro.pl' } });
    const url = screen.getByLabelText('Pełna klauzula informacyjna (adres https://)');
    fireEvent.change(url, { target: { value: 'http://biuro.pl/rodo' } });
    expect(await screen.findByText(/Adres klauzuli informacyjnej musi zaczynać się od https/)).toBeTruthy();
    fireEvent.change(url, { target: { value: 'https://biuro.pl/rodo' } });
    const text = await screen.findByTestId('rodo-preview-text');
    expect(text.textContent).toContain('Administrator danych: Biuro <b>X</b>\nInspektor ochrony danych: iod@biuro.pl');
    const html = screen.getByTestId('rodo-preview-html');
    expect(html.querySelector('b')).toBeNull();
    expect(html.textContent).toContain('Administrator danych: Biuro <b>X</b>');
    expect(html.querySelector('a')?.getAttribute('href')).toBe('https://biuro.pl/rodo');
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      footer: { controller: 'Biuro <b>X</b>', dpo: 'iod@biuro.pl', infoUrl: 'https://biuro.pl/rodo' },
    });
  });
});
