// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { FeedbackMailbox } from '../../../shared/feedback-mailboxes.js';
import { officeTime } from '../../app/AccountAlarm.js';
import { AccountForm } from './AccountForm.js';
import { FeedbackMailboxesTab } from './FeedbackMailboxesTab.js';
import { FeedbackMailboxForm } from './FeedbackMailboxForm.js';
import { fakeFetch } from './testing.js';

const ID = '0190a5b0-0000-7000-8000-00000000000a';
const ACCOUNT = '0190a5b0-0000-7000-8000-00000000000b';
const mailbox: FeedbackMailbox = {
  id: ID,
  name: 'Zwroty biura',
  host: 'imap.zarzadca.pl',
  port: 993,
  security: 'tls',
  username: 'zwroty@zarzadca.pl',
  auth: 'password',
  hasPassword: true,
  oauth: null,
  folders: ['INBOX'],
  processSince: '2026-12-01T08:00:00.000Z',
  status: 'active',
  lastError: null,
  lastCheckedAt: null,
  accountIds: [ACCOUNT],
  reader: { worker: null, status: 'idle', error: null, errorDetail: null, errorSince: null, lastOkAt: null },
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('feedback mailboxes (Ustawienia → Skrzynki zwrotne)', () => {
  it('a new mailbox on OAuth2: the help says why, Microsoft fills in the token URL, secrets go only when typed', async () => {
    const calls = fakeFetch({ 'POST /api/feedback-mailboxes': () => ({ ...mailbox, auth: 'oauth2' }) });
    const done = vi.fn();
    renderWeb(<FeedbackMailboxForm mailbox={null} onDone={done} />);
    expect(screen.getByText(/Microsoft 365 i Google Workspace nie przyjmują zwykłych haseł/)).toBeTruthy();
    expect(screen.getByText(/trafiają zwroty \(wiadomości niedoręczone\)/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Nazwa skrzynki/), { target: { value: 'M365' } });
    fireEvent.change(screen.getByLabelText(/Serwer IMAP/), { target: { value: 'outlook.office365.com' } });
    fireEvent.change(screen.getByLabelText(/Nazwa użytkownika/), { target: { value: 'zwroty@zarzadca.pl' } });
    fireEvent.change(screen.getByLabelText('Sposób logowania'), { target: { value: 'oauth2' } });
    expect((screen.getByLabelText(/Adres wydawania tokenów/) as HTMLInputElement).value).toBe(
      'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
    );
    fireEvent.change(screen.getByLabelText(/Identyfikator aplikacji/), { target: { value: 'app-1' } });
    fireEvent.change(screen.getByLabelText(/Token odświeżania/), { target: { value: ' 1//token ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'M365', auth: 'oauth2', folders: ['INBOX'], security: 'tls', port: 993 });
    expect(body.oauth).toEqual({
      provider: 'microsoft',
      clientId: 'app-1',
      tokenUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
      scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
      refreshToken: '1//token',
    });
    expect('password' in body).toBe(false);
    expect('processSince' in body).toBe(false);
  });

  it('editing keeps the stored password unless one is typed, and shows field errors in Polish', async () => {
    const calls = fakeFetch({
      [`PATCH /api/feedback-mailboxes/${ID}`]: () => ({
        __status: 400,
        body: {
          error: {
            code: 'validation_failed',
            message: 'Popraw zaznaczone pola.',
            fields: [{ path: 'folders', message: 'Podaj co najmniej jeden folder (zwykle INBOX).' }],
          },
        },
      }),
    });
    renderWeb(<FeedbackMailboxForm mailbox={mailbox} onDone={() => {}} />);
    expect(screen.getByText('Hasło zapisane. Zostaw pole puste, aby go nie zmieniać.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Obserwowane foldery/), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await screen.findByText('Podaj co najmniej jeden folder (zwykle INBOX).');
    const body = calls.find((c) => c.method === 'PATCH')?.body as Record<string, unknown>;
    expect('password' in body).toBe(false);
    expect(body.processSince).toBe('2026-12-01T08:00:00.000Z');
  });

  it('"Przetwarzaj pocztę od" is typed day first (DD.MM.RRRR GG:MM) and sent as an ISO instant', async () => {
    const calls = fakeFetch({ [`PATCH /api/feedback-mailboxes/${ID}`]: () => mailbox });
    const done = vi.fn();
    renderWeb(<FeedbackMailboxForm mailbox={mailbox} onDone={done} />);
    // The stored instant is shown in the browser's time, day first, never mm/dd/yyyy.
    const stored = new Date(mailbox.processSince);
    const two = (n: number) => String(n).padStart(2, '0');
    const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
    expect([field('Dzień').value, field('Miesiąc').value, field('Rok').value, field('Godzina').value]).toEqual([
      two(stored.getDate()),
      two(stored.getMonth() + 1),
      String(stored.getFullYear()),
      two(stored.getHours()),
    ]);
    fireEvent.change(field('Dzień'), { target: { value: '05' } });
    fireEvent.change(field('Miesiąc'), { target: { value: '11' } });
    fireEvent.change(field('Rok'), { target: { value: '2026' } });
    fireEvent.change(field('Godzina'), { target: { value: '07' } });
    fireEvent.change(field('Minuty'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'PATCH')?.body as Record<string, unknown>;
    expect(body.processSince).toBe(new Date(2026, 10, 5, 7, 30).toISOString());
  });

  it('lists mailboxes with the accounts using them and shows the connection test answer', async () => {
    const calls = fakeFetch({
      'GET /api/feedback-mailboxes': () => [mailbox],
      'GET /api/accounts': () => [{ id: ACCOUNT, name: 'Czynsze' }],
      [`POST /api/feedback-mailboxes/${ID}/test`]: () => ({
        ok: false,
        message: 'Logowanie działa, ale na serwerze nie ma folderu „Zwroty”.',
        technical: null,
        folders: ['INBOX', 'Sent'],
        missingFolders: ['Zwroty'],
      }),
    });
    renderWeb(<FeedbackMailboxesTab />);
    await screen.findByText('Zwroty biura');
    expect(await screen.findByText('Czynsze')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sprawdź połączenie' }));
    await screen.findByText('Logowanie działa, ale na serwerze nie ma folderu „Zwroty”.');
    expect(screen.getByText('Połączenie nie działa')).toBeTruthy();
    expect(screen.getByText('Foldery na serwerze: INBOX, Sent')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/test'))).toBe(true);
  });

  it('shows who reads each mailbox, a reading error in Polish with since when, and "nikt nie czyta"', async () => {
    // Office time is Warsaw's, whatever the test machine's zone.
    const today = new Date(Date.now() - 60_000);
    const since = new Date(Date.now() - 3 * 3600_000);
    fakeFetch({
      'GET /api/feedback-mailboxes': () => [
        {
          ...mailbox,
          reader: { ...mailbox.reader, worker: 'serwer:812:a1b2c3', status: 'ok', lastOkAt: today.toISOString() },
        },
        {
          ...mailbox,
          id: `${ID.slice(0, -1)}c`,
          name: 'Zwroty Księgowość',
          reader: {
            worker: 'serwer:812:a1b2c3',
            status: 'error',
            error: 'Serwer odrzucił nazwę użytkownika lub hasło. Wpisz aktualne hasło w ustawieniach skrzynki.',
            errorDetail: 'AUTHENTICATIONFAILED',
            errorSince: since.toISOString(),
            lastOkAt: null,
          },
        },
        { ...mailbox, id: `${ID.slice(0, -1)}d`, name: 'Zwroty Techniczny' },
      ],
      'GET /api/accounts': () => [],
    });
    renderWeb(<FeedbackMailboxesTab />);
    await screen.findByText(`Odczyt działa — ostatnio OK o ${officeTime(today.toISOString())}`);
    expect(screen.getByText('Czyta ją proces roboczy serwer:812:a1b2c3.')).toBeTruthy();
    expect(screen.getByText(`Odczyt nie działa od ${officeTime(since.toISOString())}`)).toBeTruthy();
    expect(screen.getByText(/Wpisz aktualne hasło w ustawieniach skrzynki/)).toBeTruthy();
    expect(screen.getByText('AUTHENTICATIONFAILED')).toBeTruthy();
    expect(screen.getByText('Nikt jej nie czyta')).toBeTruthy();
    expect(screen.getByText(/sprawdź, czy działa proces roboczy Listonosza/)).toBeTruthy();
  });

  it("an SMTP account's form chooses its feedback mailbox", async () => {
    const calls = fakeFetch({
      'GET /api/feedback-mailboxes': () => [mailbox],
      'POST /api/accounts': (c) => ({ ...(c.body as object), id: ACCOUNT }),
    });
    const done = vi.fn();
    renderWeb(<AccountForm account={null} onDone={done} />);
    await screen.findByRole('option', { name: 'Zwroty biura (zwroty@zarzadca.pl)' });
    fireEvent.change(screen.getByLabelText(/Skrzynka zwrotna/), { target: { value: ID } });
    fireEvent.change(screen.getByLabelText(/Nazwa konta/), { target: { value: 'Nowe' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown> | undefined;
    expect(body?.feedbackMailboxId).toBe(ID);
  });
});
