// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { AccountPdfPasswordSection, TypePdfPasswordSection } from './PdfPasswordSelect.js';
import { fakeFetch } from './testing.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const putBody = (calls: ReturnType<typeof fakeFetch>) => calls.find((c) => c.method === 'PUT')?.body;

describe('settings: PDF passwords (D71)', () => {
  it("an account's rule: the e-mail's sentence shown, qpdf's absence told, saved on its own", async () => {
    const calls = fakeFetch({
      'GET /api/accounts/a1/pdf-password': () => ({ rule: null }),
      'GET /api/settings/pdf-password': () => ({ available: false, types: {} }),
      'PUT /api/accounts/a1/pdf-password': (c) => c.body,
    });
    renderWeb(<AccountPdfPasswordSection accountId="a1" />);
    expect(await screen.findByText('Brak programu qpdf na serwerze')).toBeTruthy();
    const select = screen.getByLabelText('Hasło do PDF-ów w e-mailach z tego konta');
    fireEvent.change(select, { target: { value: 'nrb_digits' } });
    expect(await screen.findByText(/^W e-mailu:/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz hasło do PDF-ów' }));
    await waitFor(() => expect(putBody(calls)).toEqual({ rule: { kind: 'nrb_digits', digits: 6 } }));
  });

  it("a document type's rule may follow the account, and is saved among the other types", async () => {
    const calls = fakeFetch({
      'GET /api/settings/pdf-password': () => ({ available: true, types: { sales_document: { kind: 'off' } } }),
      'PUT /api/settings/pdf-password': (c) => ({ available: true, ...(c.body as object) }),
    });
    renderWeb(<TypePdfPasswordSection type="fee_notice" />);
    const select = await screen.findByLabelText('Hasło do PDF-ów według rodzaju dokumentu');
    expect((select as HTMLSelectElement).value).toBe('inherit');
    expect(screen.queryByText('Brak programu qpdf na serwerze')).toBeNull();
    fireEvent.change(select, { target: { value: 'recipient_code' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz hasło do PDF-ów' }));
    await waitFor(() =>
      expect(putBody(calls)).toEqual({
        types: { sales_document: { kind: 'off' }, fee_notice: { kind: 'recipient_code' } },
      }),
    );
  });
});
