// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { KsefWarningsAlert } from './KsefWarningsAlert.js';

afterEach(cleanup);

describe('KsefWarningsAlert (D72)', () => {
  it('names the invoices without a KSeF number or code, says what the law allows, and that nothing is blocked', () => {
    renderWeb(
      <KsefWarningsAlert
        warnings={{
          total: 3,
          items: [
            {
              documentId: 'd1',
              title: 'Faktura nr FV/1 — lokal 12',
              buyer: 'Serwis Dźwigów sp. z o.o.',
              buyerNip: '9452138701',
              problem: 'no_number',
            },
            { documentId: 'd2', title: 'Faktura nr FV/3', buyer: 'Jan Nowak', buyerNip: null, problem: 'no_code' },
          ],
        }}
      />,
    );
    const alert = screen.getByTestId('ksef-warnings');
    expect(alert.textContent).toContain('Faktury bez oznaczenia KSeF (3)');
    expect(alert.textContent).toContain(
      'Faktura nr FV/1 — lokal 12 — nabywca Serwis Dźwigów sp. z o.o. (NIP 945-213-87-01): brak numeru KSeF',
    );
    expect(alert.textContent).toContain(
      'Faktura nr FV/3 — nabywca Jan Nowak: jest numer KSeF, brak skrótu pliku faktury',
    );
    expect(alert.textContent).toContain('od 1 kwietnia 2026 r. pozostali');
    expect(alert.textContent).toContain('w trybie offline');
    expect(alert.textContent).toContain('Wysyłka nie jest blokowana — zdecyduj, czy wysłać te faktury.');
    expect(alert.textContent).toContain('…i jeszcze 1 faktura.');
  });

  it('shows nothing when every invoice has its mark', () => {
    renderWeb(<KsefWarningsAlert warnings={{ total: 0, items: [] }} />);
    expect(screen.queryByTestId('ksef-warnings')).toBeNull();
  });
});
