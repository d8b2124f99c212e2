// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import i18n from '../../app/i18n.js';
import { warsawToday } from '../../app/send-at.js';
import { BatchProgress } from './BatchProgress.js';
import { AsClerk, stubApi } from './testApi.js';

const batch = (over: Record<string, unknown> = {}) => ({
  id: 'b1',
  name: 'Opłaty 2026-05',
  nameParts: null,
  documentType: 'fee_notice',
  positionId: 'p1',
  accountId: 'a1',
  status: 'ready',
  total: 20,
  done: 20,
  emailCount: 10,
  paperCount: 10,
  paperByReason: { paper_channel: 2, no_consent: 1, no_email: 3, written_form: 4 },
  buyerProblems: [],
  messages: { drafts: 10, queued: 0, held: 0, sent: 0, failed: 0, cancelled: 0 },
  includeAlreadySent: false,
  alreadySent: null,
  skippedAlreadySent: 0,
  error: null,
  hasPaperPack: true,
  template: { subject: 'Opłaty', html: '', text: '' },
  selection: { period: '2026-05' },
  attachments: [],
  createdAt: '2026-05-01T00:00:00Z',
  finishedAt: '2026-05-01T00:01:00Z',
  ...over,
});

afterEach(async () => {
  await i18n.changeLanguage('pl');
  cleanup();
  vi.unstubAllGlobals();
});

function show() {
  renderWeb(
    <AsClerk>
      <BatchProgress id="b1" />
    </AsClerk>,
  );
}

describe('Podsumowanie wysyłki', () => {
  it('lists the sales documents whose buyer could not be told, and why, in Polish', async () => {
    stubApi({
      'GET /api/batches/b1': () => ({
        body: batch({
          documentType: 'sales_document',
          buyerProblems: [
            {
              documentId: 'd1',
              title: 'Faktura nr FV/1 — lokal 12',
              reason: 'buyer_not_found',
              buyer: 'Jan Kowalski',
              candidates: ['Anna Nowak', 'Piotr Nowak'],
            },
            {
              documentId: 'd2',
              title: 'Faktura nr FV/2 — lokal 14',
              reason: 'buyer_unknown',
              buyer: null,
              candidates: ['Ewa Lis', 'Jan Lis'],
            },
          ],
        }),
      }),
    });
    show();
    const alert = await screen.findByTestId('buyer-problems');
    expect(alert.textContent).toContain('nie wiadomo, do kogo je wysłać (2)');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Faktura nr FV/1 — lokal 12: nabywca „Jan Kowalski” nie jest przypisany do lokalu (są: Anna Nowak, Piotr Nowak)',
      'Faktura nr FV/2 — lokal 14: dokument nie wskazuje nabywcy, a do lokalu przypisane są: Ewa Lis, Jan Lis',
    ]);
  });

  it('polls while the messages are made, then shows why documents go on paper, in Polish', async () => {
    let polls = 0;
    stubApi({
      'GET /api/batches/b1': () => {
        polls += 1;
        return {
          body:
            polls === 1
              ? batch({
                  status: 'running',
                  done: 5,
                  emailCount: 0,
                  paperCount: 0,
                  paperByReason: {},
                  hasPaperPack: false,
                })
              : batch(),
        };
      },
    });
    show();
    expect((await screen.findByTestId('batch-status')).textContent).toContain('tworzenie wiadomości · 5 / 20');
    const reasons = await screen.findByTestId('paper-reasons', {}, { timeout: 3000 });
    const items = within(reasons)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'papier na życzenie adresata: 2',
      'brak zgody na e-mail: 1',
      'brak adresu e-mail: 3',
      'wymagana forma pisemna: 4',
    ]);
    expect(screen.getByTestId('email-count').textContent).toBe('10');
    expect(screen.getByRole('link', { name: 'Pobierz paczkę do druku (PDF)' }).getAttribute('href')).toBe(
      '/api/batches/b1/paper-pack',
    );
    expect(screen.getByRole('link', { name: 'Zobacz wiadomości robocze' }).getAttribute('href')).toBe(
      '/skrzynki/drafts?batchId=b1',
    );
    expect(polls).toBeGreaterThanOrEqual(2);
  });

  it('asks for confirmation with the dry-run count before queueing for real; then no second "Wyślij teraz"', async () => {
    let queued = false;
    const api = stubApi({
      'GET /api/batches/b1': () => ({
        body: queued
          ? batch({ messages: { drafts: 0, queued: 6, held: 1, sent: 0, failed: 0, cancelled: 0 } })
          : batch(),
      }),
      'POST /api/batches/b1/queue': ({ body }) => ({
        body: (body as { dryRun: boolean }).dryRun
          ? { matched: 7, changed: 7, skipped: 0, held: 0 }
          : { matched: 7, changed: 7, skipped: 0, held: 1 },
      }),
    });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Wyślij teraz' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('queue-confirm').textContent).toBe(
      'Do wysłania trafi 7 wiadomości. Wysłać teraz?',
    );
    const queueCalls = () => api.calls.filter((c) => c.url === '/api/batches/b1/queue');
    expect(queueCalls()).toHaveLength(1);
    expect(queueCalls()[0]?.body).toEqual({ sendAt: null, dryRun: true });

    queued = true;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Tak, wyślij (7)' }));
    expect(await screen.findByText('Przekazano do wysłania 7 wiadomości.')).toBeTruthy();
    expect(queueCalls()).toHaveLength(2);
    expect(queueCalls()[1]?.body).toEqual({ sendAt: null, dryRun: false });
    expect(screen.getByText(/1 wiadomość wstrzymano/)).toBeTruthy();
    // The page follows the sending: queued and held counts, and nothing to send again.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Wyślij teraz' })).toBeNull());
    expect(screen.queryByTestId('count-drafts')).toBeNull();
    expect(screen.getByTestId('count-held').getAttribute('href')).toBe('/skrzynki/outbox?batchId=b1&status=held');
  });

  it('after sending: counts per state, each a link to the mailbox filtered by the batch; what was left out', async () => {
    stubApi({
      'GET /api/batches/b1': () => ({
        body: batch({
          emailCount: 334,
          messages: { drafts: 0, queued: 12, held: 0, sent: 318, failed: 4, cancelled: 0 },
          skippedAlreadySent: 62,
          alreadySent: {
            documents: 62,
            messages: 62,
            earlier: [
              {
                batchId: 'b0',
                name: 'Opłaty — kwiecień 2026',
                nameParts: null,
                documents: 62,
                messages: 62,
                lastAt: '2026-12-06T10:00:00Z',
              },
            ],
          },
        }),
      }),
    });
    show();
    const counts = await screen.findByTestId('batch-counts');
    const card = (id: string) => screen.getByTestId(id).closest('.mantine-Card-root') as HTMLElement;
    expect(within(card('count-queued')).getByText('12')).toBeTruthy();
    expect(within(card('count-sent')).getByText('318')).toBeTruthy();
    expect(within(card('count-failed')).getByText('4')).toBeTruthy();
    expect(within(counts).queryByText('Robocze')).toBeNull();
    expect(within(counts).getByText('W kolejce')).toBeTruthy();
    const hrefs = ['queued', 'sent', 'failed'].map((s) => screen.getByTestId(`count-${s}`).getAttribute('href'));
    expect(hrefs).toEqual(['/skrzynki/outbox?batchId=b1', '/skrzynki/sent?batchId=b1', '/skrzynki/failed?batchId=b1']);
    expect(screen.queryByRole('button', { name: 'Wyślij teraz' })).toBeNull();
    const notice = screen.getByTestId('already-sent');
    expect(notice.textContent).toContain('62 z nich wysłano 06.12.2026 w wysyłce „Opłaty — kwiecień 2026”.');
    expect(within(notice).getByRole('link', { name: '„Opłaty — kwiecień 2026”' }).getAttribute('href')).toBe(
      '/wysylki/b0',
    );
    expect(notice.textContent).toContain('Pominięto 62 adresy, które już to dostały.');
  });

  it('refuses a schedule in the past, in Polish, without asking the server', async () => {
    const api = stubApi({ 'GET /api/batches/b1': () => ({ body: batch() }) });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Zaplanuj' }));
    // Suggested: an hour from now on the full hour, in Polish time; typed back to 00:00 today, it is past.
    expect((screen.getByLabelText('Minuty') as HTMLInputElement).value).toBe('00');
    const [year, month, date] = warsawToday().split('-');
    fireEvent.change(screen.getByLabelText('Dzień'), { target: { value: date } });
    fireEvent.change(screen.getByLabelText('Miesiąc'), { target: { value: month } });
    fireEvent.change(screen.getByLabelText('Rok'), { target: { value: year } });
    fireEvent.change(screen.getByLabelText('Godzina'), { target: { value: '00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zaplanuj wysyłkę' }));
    expect(await screen.findByText('Podaj termin w przyszłości.')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('sends a test of one of the batch drafts to the signed-in user', async () => {
    const api = stubApi({
      'GET /api/batches/b1': () => ({ body: batch() }),
      'GET /api/mailboxes/drafts': () => ({
        body: { items: [{ id: 'm9', toName: 'Jan Kowalski', toAddress: 'jan@example.pl' }], nextCursor: null },
      }),
      'POST /api/messages/m9/test-send': () => ({
        body: { ok: true, to: 'anna@example.pl', message: 'ok', response: '250 OK' },
      }),
    });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Wyślij test do mnie' }));
    expect(
      await screen.findByText('Wysłano wiadomość testową (dla: Jan Kowalski) na adres anna@example.pl.'),
    ).toBeTruthy();
    await waitFor(() =>
      expect(api.calls.find((c) => c.url.startsWith('/api/mailboxes/drafts'))?.url).toBe(
        '/api/mailboxes/drafts?batchId=b1&limit=1',
      ),
    );
  });

  it("names a batch Listonosz named in the reader's language, and keeps a typed name", async () => {
    const made = { name: 'Zawiadomienie o wysokości opłat — maj 2026', nameParts: null };
    const parts = { documentType: 'fee_notice', period: '2026-05', date: null };
    stubApi({
      'GET /api/batches/b1': () => ({
        body: batch({
          ...made,
          nameParts: parts,
          alreadySent: {
            documents: 1,
            messages: 1,
            earlier: [
              { batchId: 'b0', ...made, nameParts: parts, documents: 1, messages: 1, lastAt: '2026-12-06T10:00:00Z' },
            ],
          },
        }),
      }),
    });
    await i18n.changeLanguage('en');
    show();
    expect(await screen.findByText('Fee-amount notices — May 2026')).toBeTruthy();
    expect(screen.getByTestId('already-sent').textContent).toContain('Fee-amount notices — May 2026');
    expect(screen.queryByText(made.name)).toBeNull();
  });

  it('shows a typed name as typed in English too', async () => {
    stubApi({ 'GET /api/batches/b1': () => ({ body: batch({ name: 'Czynsze — poprawka' }) }) });
    await i18n.changeLanguage('en');
    show();
    expect(await screen.findByText('Czynsze — poprawka')).toBeTruthy();
  });
});
