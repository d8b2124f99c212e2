// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { RecipientImportPreview } from '../../../shared/imports.js';
import { fakeFetch } from '../settings/testing.js';
import { RecipientImport } from './RecipientImport.js';

const counts = (n: number) => ({
  rows: n,
  recipients: { create: n, update: 0, unchanged: 0 },
  units: { create: n, update: 0, unchanged: 0 },
  links: { create: n, update: 0, unchanged: 0 },
});

function preview(over: Partial<RecipientImportPreview> = {}): RecipientImportPreview {
  return {
    file: { name: 'lokatorzy.csv', sha256: 'ab', format: 'csv', encoding: 'windows-1250', delimiter: ';', sheet: null },
    headers: ['Lokal', 'Nazwisko', 'E-mail'],
    suggestedMapping: { Lokal: 'unitNumber', Nazwisko: 'name', 'E-mail': 'emails' },
    mapping: { Lokal: 'unitNumber', Nazwisko: 'name', 'E-mail': 'emails' },
    rows: [
      {
        line: 2,
        recipient: {
          action: 'create',
          id: null,
          name: 'Jan Kowalski',
          street: 'Lipowa 5/1',
          postalCode: '00-001',
          city: 'Warszawa',
          country: 'PL',
          channel: 'email',
          emails: ['jan@example.pl'],
          consent: null,
          externalKey: null,
        },
        unit: null,
        link: null,
      },
      { line: 3, recipient: null, unit: null, link: null },
    ],
    errors: [
      {
        line: 3,
        column: 'E-mail',
        field: 'emails',
        message: 'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki.',
      },
      { line: 17, column: null, field: null, message: 'Brak lokalu: podaj nieruchomość i numer lokalu.' },
    ],
    errorCount: 2,
    counts: counts(2),
    ...over,
  };
}

function chooseFile(container: HTMLElement) {
  const input = container.querySelector('input[type="file"]') as HTMLInputElement;
  const file = new File(['Lokal;Nazwisko;E-mail\n1;Jan;jan@example.pl\n'], 'lokatorzy.csv', { type: 'text/csv' });
  fireEvent.change(input, { target: { files: [file] } });
  return file;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('recipient import', () => {
  it('the preview shows every row error with its line number and column, and import waits until they are fixed', async () => {
    const calls = fakeFetch({ 'POST /api/imports/recipients/preview': () => preview() });
    const { container } = renderWeb(<RecipientImport />);
    const file = chooseFile(container);
    fireEvent.click(screen.getByRole('button', { name: 'Pokaż podgląd' }));

    const table = await screen.findByTestId('import-errors');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['wiersz 3', 'E-mail', 'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki.'],
      ['wiersz 17', '—', 'Brak lokalu: podaj nieruchomość i numer lokalu.'],
    ]);
    expect(screen.getByText('2 błędy w pliku')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Importuj' }) as HTMLButtonElement).disabled).toBe(true);

    const sent = calls[0]!.body as FormData;
    expect(sent.get('file')).toBe(file);
    expect(sent.get('mapping')).toBeNull();
  });

  it('an edited mapping is sent with the next preview, and a refused import (422) lists its row errors', async () => {
    const calls = fakeFetch({
      'POST /api/imports/recipients/preview': () => preview({ errors: [], errorCount: 0 }),
      'POST /api/imports/recipients': () => ({
        __status: 422,
        body: {
          error: {
            code: 'import_invalid',
            message: 'Plik zawiera błędy — nic nie zapisano.',
            errors: [{ line: 42, column: 'Nazwisko', field: 'name', message: 'To pole jest wymagane.' }],
            errorCount: 1,
          },
        },
      }),
    });
    const { container } = renderWeb(<RecipientImport />);
    chooseFile(container);
    fireEvent.click(screen.getByRole('button', { name: 'Pokaż podgląd' }));
    const select = (await screen.findByLabelText('Pole dla kolumny E-mail')) as HTMLSelectElement;
    expect(select.value).toBe('emails');
    fireEvent.change(select, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Odśwież podgląd' }));
    await waitFor(() => expect(calls.length).toBe(2));
    expect(JSON.parse((calls[1]!.body as FormData).get('mapping') as string)).toEqual({
      Lokal: 'unitNumber',
      Nazwisko: 'name',
      'E-mail': null,
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Importuj' }));
    await screen.findByText('Plik zawiera błędy — nic nie zapisano.');
    const table = screen.getByTestId('import-errors');
    expect(within(table).getByText('wiersz 42')).toBeTruthy();
    expect(within(table).getByText('To pole jest wymagane.')).toBeTruthy();
  });
});
