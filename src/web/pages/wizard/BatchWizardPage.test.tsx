// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatePicker, pickMonth, renderWeb } from '../../../../test/support/web.js';
import { BatchWizardPage } from './BatchWizardPage.js';
import { nextMonthStart } from './SourceStep.js';
import { AsClerk, stubApi } from './testApi.js';

const TYPES = [
  {
    type: 'fee_notice',
    label: 'Zawiadomienie o wysokości opłat',
    legalStrength: 'notice',
    rowsField: null,
    variables: [{ path: 'document.total', description: 'Razem', format: 'money' }],
    columns: ['recipientKey'],
    dataColumns: [{ key: 'recipientKey', name: 'Klucz', description: 'Klucz lokalu lub adresata albo NRB' }],
  },
  {
    type: 'general_letter',
    label: 'Pismo ogólne',
    legalStrength: 'informational',
    rowsField: null,
    variables: [],
    columns: ['recipientKey', 'subject'],
    dataColumns: [
      { key: 'recipientKey', name: 'Klucz', description: 'Klucz lokalu lub adresata albo NRB' },
      { key: 'subject', name: 'Dotyczy', description: 'Temat pisma' },
    ],
  },
];

const doc = (id: string) => ({
  id,
  type: 'fee_notice',
  source: 'data',
  recipientKey: 'L0012',
  recipientId: null,
  unitId: 'un1',
  propertyId: 'pr1',
  period: '2026-05',
  title: 'Opłaty od maja 2026',
  filename: 'L0012.pdf',
  pdfSize: 1000,
  pdfSha256: 'x',
  importId: null,
  createdAt: '2026-05-01T00:00:00Z',
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function baseRoutes(documents: (url: string) => unknown[], extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /api/document-types': () => ({ body: TYPES }),
    'GET /api/properties': () => ({ body: [] }),
    'GET /api/documents': ({ url }) => ({ body: { items: documents(url), nextCursor: null } }),
    'GET /api/positions': () => ({
      body: [
        {
          id: 'p1',
          name: 'Rozliczenia',
          description: '',
          accounts: [{ accountId: 'a1', role: 'default' }],
          userIds: ['u1'],
        },
      ],
    }),
    'GET /api/accounts': () => ({ body: [{ id: 'a1', name: 'Biuro', fromAddress: 'biuro@example.pl' }] }),
    ...extra,
  });
}

describe('Nowa wysyłka — krok 1', () => {
  it('opens the month picker on next month: January of next year in December', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T12:00:00Z'));
    try {
      baseRoutes(() => []);
      renderWeb(
        <AsClerk>
          <BatchWizardPage />
        </AsClerk>,
      );
      const dropdown = await openDatePicker(/Okres/);
      expect(within(dropdown).getByRole('button', { name: 'Wybierz rok', hidden: true }).textContent).toBe('2027');
      expect(nextMonthStart(new Date('2026-05-31T23:30:00Z'))).toBe('2026-07-01'); // 1 June in Warsaw
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not go to step 2 without a document type or without documents', async () => {
    const api = baseRoutes((url) => (url.includes('period=2026-05') ? [doc('d1')] : []));
    renderWeb(
      <AsClerk>
        <BatchWizardPage />
      </AsClerk>,
    );
    const next = screen.getByRole('button', { name: 'Dalej' });

    fireEvent.click(next);
    expect(await screen.findByText('Wybierz rodzaj dokumentu.')).toBeTruthy();
    expect(screen.queryByLabelText(/Stanowisko/)).toBeNull();

    const typeSelect = screen.getByLabelText(/Rodzaj dokumentu/) as HTMLSelectElement;
    await screen.findByRole('option', { name: 'Zawiadomienie o wysokości opłat' });
    fireEvent.change(typeSelect, { target: { value: 'fee_notice' } });
    await pickMonth(/Okres/, '2026-04');
    expect(screen.getByLabelText(/Okres/).textContent).toBe('kwiecień 2026');
    expect(await screen.findByText(/Nie znaleziono dokumentów/)).toBeTruthy();
    fireEvent.click(next);
    expect(await screen.findByText(/Brak dokumentów do wysłania/)).toBeTruthy();
    expect(screen.queryByLabelText(/Stanowisko/)).toBeNull();

    await pickMonth(/Okres/, '2026-05');
    expect(await screen.findByText('Znaleziono 1 dokument.')).toBeTruthy();
    const docCalls = api.calls.filter((c) => c.url.startsWith('/api/documents?'));
    expect(docCalls.at(-1)?.url).toContain('type=fee_notice');
    fireEvent.click(next);

    const position = (await screen.findByLabelText(/Stanowisko/)) as HTMLSelectElement;
    // The clerk's only position is chosen, with its default account.
    await waitFor(() => expect(position.value).toBe('p1'));
    expect((screen.getByLabelText(/Konto wysyłkowe/) as HTMLSelectElement).value).toBe('a1');
    expect(screen.queryByText(/nic nie zostanie dostarczone/)).toBeNull();
  });

  it('warns clearly that nothing is delivered when the sandbox account is chosen', async () => {
    baseRoutes((url) => (url.includes('period=2026-05') ? [doc('d1')] : []), {
      'GET /api/accounts': () => ({
        body: [{ id: 'a1', name: 'Piaskownica', fromAddress: 'piaskownica@listonosz.test', kind: 'capture' }],
      }),
    });
    renderWeb(
      <AsClerk>
        <BatchWizardPage />
      </AsClerk>,
    );
    const typeSelect = screen.getByLabelText(/Rodzaj dokumentu/) as HTMLSelectElement;
    await screen.findByRole('option', { name: 'Zawiadomienie o wysokości opłat' });
    fireEvent.change(typeSelect, { target: { value: 'fee_notice' } });
    await pickMonth(/Okres/, '2026-05');
    expect(await screen.findByText('Znaleziono 1 dokument.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dalej' }));
    expect(await screen.findByText('To konto to piaskownica — nic nie zostanie dostarczone')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/adresaci ich nie dostaną/);
  });

  it('shows the rejected rows of a data file in a table', async () => {
    stubApi({
      'GET /api/document-types': () => ({ body: TYPES }),
      'GET /api/properties': () => ({ body: [] }),
      'POST /api/documents/import-file': () => ({
        status: 422,
        body: {
          error: {
            code: 'rows_rejected',
            message: 'Plik ma błędy — nic nie zostało zapisane.',
            rows: [{ line: 3, key: 'L0099', path: 'total', message: 'Kwota jest wymagana.' }],
          },
        },
      }),
    });
    renderWeb(
      <AsClerk>
        <BatchWizardPage />
      </AsClerk>,
    );
    await screen.findByRole('option', { name: 'Pismo ogólne' });
    fireEvent.change(screen.getByLabelText(/Rodzaj dokumentu/), { target: { value: 'general_letter' } });
    fireEvent.click(screen.getByLabelText('Wczytaj plik z danymi'));
    // The columns by their Polish names, with what goes in them, and the sample files to start from.
    expect(await screen.findByText('Dotyczy')).toBeTruthy();
    expect(screen.getByText('Temat pisma')).toBeTruthy();
    expect(screen.queryByText(/recipientKey/)).toBeNull();
    expect(screen.getByRole('link', { name: 'Pobierz przykład (Excel)' }).getAttribute('href')).toBe(
      '/api/document-types/general_letter/sample?format=xlsx',
    );
    expect(screen.getByRole('link', { name: 'Pobierz przykład (CSV)' }).getAttribute('href')).toBe(
      '/api/document-types/general_letter/sample?format=csv',
    );
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['a;b'], 'dane.csv', { type: 'text/csv' })] } });
    fireEvent.click(await screen.findByRole('button', { name: 'Wczytaj plik' }));
    const table = await screen.findByRole('table', { name: 'Błędy w wierszach pliku' });
    expect(table.textContent).toContain('L0099');
    expect(table.textContent).toContain('Kwota jest wymagana.');
    fireEvent.click(screen.getByRole('button', { name: 'Dalej' }));
    expect(await screen.findByText(/kliknij „Wczytaj plik”/)).toBeTruthy();
  });

  it('goes through every step and creates, fills and runs the batch with the edited template', async () => {
    const created = {
      id: 'b1',
      name: 'Maj',
      documentType: 'fee_notice',
      positionId: 'p1',
      accountId: 'a1',
      status: 'new',
      total: 1,
      done: 0,
      emailCount: 0,
      paperCount: 0,
      paperByReason: {},
      buyerProblems: [],
      messages: { drafts: 1, queued: 0, held: 0, sent: 0, failed: 0, cancelled: 0 },
      includeAlreadySent: true,
      readReceipt: true,
      alreadySent: null,
      skippedAlreadySent: 0,
      error: null,
      hasPaperPack: false,
      template: { subject: '', html: '', text: '' },
      selection: {},
      attachments: [],
      createdAt: '',
      finishedAt: null,
    };
    const api = stubApi({
      'GET /api/document-types': () => ({ body: TYPES }),
      'GET /api/properties': () => ({ body: [] }),
      // The list shows the first documents only; the preview counts them all.
      'GET /api/documents': () => ({ body: { items: [doc('d1')], nextCursor: 'more' } }),
      'POST /api/batches/preview': ({ body }) => ({
        body: {
          documents: 300,
          alreadySent: (body as { positionId?: string }).positionId
            ? {
                documents: 62,
                messages: 62,
                earlier: [
                  {
                    batchId: 'b0',
                    name: 'Opłaty — maj 2026',
                    documents: 62,
                    messages: 62,
                    lastAt: '2026-05-06T10:00:00Z',
                  },
                ],
              }
            : { documents: 0, messages: 0, earlier: [] },
          noticeWarnings: {
            total: 3,
            items: [
              {
                documentId: 'd1',
                title: 'Zawiadomienie — lokal 1',
                recipient: 'Anna Nowak',
                relation: 'member',
                validFrom: '2026-06-01',
                earliest: '2026-09-01',
                rule: 'usm_4_7',
                reason: '…',
              },
            ],
          },
        },
      }),
      'GET /api/positions': () => ({
        body: [
          {
            id: 'p1',
            name: 'Rozliczenia',
            description: '',
            accounts: [{ accountId: 'a1', role: 'default' }],
            userIds: ['u1'],
          },
        ],
      }),
      'GET /api/accounts': () => ({ body: [{ id: 'a1', name: 'Biuro', fromAddress: 'biuro@example.pl' }] }),
      'GET /api/templates/fee_notice': () => ({
        body: {
          documentType: 'fee_notice',
          accountId: 'a1',
          source: 'installation',
          template: { subject: 'Opłaty', html: '<p>Razem</p>', text: 'Razem' },
          updatedAt: null,
        },
      }),
      'POST /api/templates/preview': ({ body }) => ({
        body: {
          subject: `Podgląd: ${(body as { template: { subject: string } }).template.subject}`,
          html: '<p>Razem 100,00 zł</p>',
          text: '',
          problems: [{ path: 'html', message: 'Nieznane pole „document.totl”.' }],
        },
      }),
      'POST /api/batches': () => ({ status: 201, body: created }),
      'POST /api/batches/b1/attachments': () => ({ status: 201, body: created }),
      'POST /api/batches/b1/run': () => ({ status: 202, body: { ...created, status: 'running' } }),
      'GET /api/batches/b1': () => ({ body: { ...created, status: 'ready', done: 1, emailCount: 1 } }),
    });
    renderWeb(
      <AsClerk>
        <BatchWizardPage />
      </AsClerk>,
    );
    await screen.findByRole('option', { name: 'Zawiadomienie o wysokości opłat' });
    fireEvent.change(screen.getByLabelText(/Rodzaj dokumentu/), { target: { value: 'fee_notice' } });
    await pickMonth(/Okres/, '2026-05');
    // The exact number, not "more than 200".
    await screen.findByText('Znaleziono 300 dokumentów.');
    fireEvent.click(screen.getByRole('button', { name: 'Dalej' }));
    await waitFor(() => expect((screen.getByLabelText(/Stanowisko/) as HTMLSelectElement).value).toBe('p1'));
    fireEvent.click(screen.getByRole('button', { name: 'Dalej' }));

    const subject = (await screen.findByLabelText(/Temat wiadomości/)) as HTMLInputElement;
    expect(subject.value).toBe('Opłaty');
    fireEvent.change(subject, { target: { value: 'Opłaty od maja' } });
    // Each field chip says in Polish what it inserts.
    expect(screen.getByRole('button', { name: 'Wstaw pole: Razem' }).textContent).toBe('Razem');
    fireEvent.click(screen.getByRole('button', { name: 'Wstaw pole: Razem' }));
    expect((screen.getByLabelText(/Treść wiadomości/) as HTMLTextAreaElement).value).toContain(
      '{{ document.total | kwota }}',
    );
    expect(await screen.findByText('Podgląd: Opłaty od maja', {}, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByText(/Nieznane pole „document.totl”/)).toBeTruthy();
    expect(screen.getByTitle('Podgląd treści wiadomości').getAttribute('sandbox')).toBe('');
    fireEvent.change(screen.getByLabelText('Podgląd dla dokumentu'), { target: { value: 'd1' } });
    await waitFor(() =>
      expect(
        api.calls.some(
          (c) => c.url === '/api/templates/preview' && (c.body as { documentId?: string }).documentId === 'd1',
        ),
      ).toBe(true),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dalej' }));

    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['x'], 'regulamin.pdf', { type: 'application/pdf' })] } });
    expect(await screen.findByText('regulamin.pdf')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dalej' }));

    // Before anything is made: what was already sent, and a switch to include it on purpose.
    const notice = await screen.findByTestId('already-sent');
    // Who would get new fees earlier than the notice period allows (D68): said, not blocked.
    const early = screen.getByTestId('notice-warnings');
    expect(early.textContent).toContain('Za krótki termin zawiadomienia dla 3 osób');
    expect(early.textContent).toContain(
      'Anna Nowak (członek) — Zawiadomienie — lokal 1: od 01.06.2026 za wcześnie, najwcześniej od 01.09.2026 (art. 4 ust. 7 usm',
    );
    expect(early.textContent).toContain('…i jeszcze 2 osoby.');
    expect(notice.textContent).toContain('62 z nich wysłano 06.05.2026 w wysyłce „Opłaty — maj 2026”.');
    expect(screen.getByText(/Znaleziono 300 dokumentów\. · okres maj 2026/)).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: /Wyślij ponownie także pod 62 adresy/ }));
    expect(await screen.findByText(/te osoby dostaną ten sam dokument drugi raz/)).toBeTruthy();
    // The summary shows the subject filled in for an example document (the preview API), not the template text.
    await waitFor(() => expect(screen.getByTestId('summary-subject').textContent).toMatch(/^Podgląd: Opłaty od maja/));
    expect(screen.getByText('Tak wygląda temat dla przykładowego dokumentu z tej wysyłki.')).toBeTruthy();
    // Read receipts: off as the account is, asked for here, with the note that recipients may decline.
    const receipt = screen.getByRole('switch', { name: /Proś o potwierdzenie przeczytania/ }) as HTMLInputElement;
    expect(receipt.checked).toBe(false);
    expect(screen.getByText(/Odbiorca może odmówić potwierdzenia przeczytania/)).toBeTruthy();
    fireEvent.click(receipt);
    // Written form on: everything of the batch to the print pack (D68).
    fireEvent.click(screen.getByRole('switch', { name: /Wymagana forma pisemna/ }));
    // PDFs as a signed link for this batch only (D70), valid for 30 days.
    const links = screen.getByLabelText('Dokumenty PDF w tej wysyłce') as HTMLSelectElement;
    expect(links.value).toBe('inherit');
    fireEvent.change(links, { target: { value: 'both' } });
    const days = await screen.findByLabelText('Ważność linku (dni)');
    fireEvent.change(days, { target: { value: '30' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Utwórz wiadomości' }));
    expect(await screen.findByTestId('email-count')).toBeTruthy();
    const create = api.calls.find((c) => c.method === 'POST' && c.url === '/api/batches');
    expect(create?.body).toEqual({
      documentType: 'fee_notice',
      positionId: 'p1',
      accountId: 'a1',
      selection: { period: '2026-05' },
      template: { subject: 'Opłaty od maja', html: '<p>Razem</p>{{ document.total | kwota }}', text: '' },
      includeAlreadySent: true,
      writtenForm: true,
      readReceipt: true,
      downloadLinks: { mode: 'both', days: 30 },
    });
    const previews = api.calls.filter((c) => c.url === '/api/batches/preview').map((c) => c.body);
    expect(previews).toContainEqual({
      documentType: 'fee_notice',
      selection: { period: '2026-05' },
      positionId: 'p1',
    });
    const order = api.calls
      .filter((c) => c.method === 'POST' && c.url.startsWith('/api/batches') && c.url !== '/api/batches/preview')
      .map((c) => c.url);
    expect(order).toEqual(['/api/batches', '/api/batches/b1/attachments', '/api/batches/b1/run']);
  });
});
