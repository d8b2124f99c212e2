// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { warsawToday } from '../../app/send-at.js';
import { BatchProgress } from './BatchProgress.js';
import { AsClerk, stubApi } from './testApi.js';

const batch = (over: Record<string, unknown> = {}) => ({
  id: 'b1',
  name: 'Opłaty 2026-05',
  documentType: 'fee_notice',
  positionId: 'p1',
  accountId: 'a1',
  status: 'ready',
  total: 20,
  done: 20,
  emailCount: 10,
  paperCount: 10,
  paperByReason: { paper_channel: 2, no_consent: 1, no_email: 3, written_form: 4 },
  error: null,
  hasPaperPack: true,
  template: { subject: 'Opłaty', html: '', text: '' },
  selection: { period: '2026-05' },
  attachments: [],
  createdAt: '2026-05-01T00:00:00Z',
  finishedAt: '2026-05-01T00:01:00Z',
  ...over,
});

afterEach(() => {
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
    expect(screen.getByRole('link', { name: /skrzynce Robocze/ }).getAttribute('href')).toBe(
      '/skrzynki/drafts?batchId=b1',
    );
    expect(polls).toBeGreaterThanOrEqual(2);
  });

  it('asks for confirmation with the dry-run count before queueing for real', async () => {
    const api = stubApi({
      'GET /api/batches/b1': () => ({ body: batch() }),
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

    fireEvent.click(within(dialog).getByRole('button', { name: 'Tak, wyślij (7)' }));
    expect(await screen.findByText('Przekazano do wysłania 7 wiadomości.')).toBeTruthy();
    expect(queueCalls()).toHaveLength(2);
    expect(queueCalls()[1]?.body).toEqual({ sendAt: null, dryRun: false });
    expect(screen.getByText(/1 wiadomość wstrzymano/)).toBeTruthy();
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
});
