// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { TriageDetail } from '../../../shared/triage.js';
import { fakeFetch } from '../settings/testing.js';
import { TriageMailPage } from './TriageMailPage.js';

const ID = '11111111-1111-4111-8111-111111111111';
const MSG = '22222222-2222-4222-8222-222222222222';
const MAIL: TriageDetail = {
  id: ID,
  fromAddress: 'postmaster@maly-serwer.example.pl',
  fromName: 'Poczta',
  subject: 'Powiadomienie systemu pocztowego',
  receivedAt: '2026-12-06T09:30:00.000Z',
  reason: 'unrecognised',
  mailboxName: 'Zwroty — biuro',
  text: 'Skrzynka adam.brak@example.pl została zlikwidowana.',
  html: '',
  why: ['not_threaded', 'no_report', 'tied_weakly'],
  complete: true,
  message: { id: MSG, subject: 'Zawiadomienie', toAddress: 'adam.brak@example.pl', status: 'sent', sentAt: null },
};

afterEach(cleanup);

const page = () =>
  renderWeb(
    <Routes>
      <Route path="/do-przejrzenia/:id" element={<TriageMailPage />} />
      <Route path="/do-przejrzenia" element={<p>lista</p>} />
    </Routes>,
    { route: `/do-przejrzenia/${ID}` },
  );

describe('one mail to review (D50)', () => {
  it('says why it was not recognised and sends "To zwrot" with the suggested message', async () => {
    const calls = fakeFetch({
      [`GET /api/triage/${ID}`]: () => MAIL,
      [`POST /api/triage/${ID}/decision`]: () => ({ id: ID, decision: 'bounce', changed: true }),
    });
    page();
    expect(await screen.findByText('Nie zawiera raportu o niedoręczeniu ani znanego tekstu zwrotu.')).toBeTruthy();
    expect(screen.getByText(/Prawdopodobnie dotyczy wiadomości do adam\.brak@example\.pl/)).toBeTruthy();
    expect(screen.getByText('Skrzynka adam.brak@example.pl została zlikwidowana.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'To zwrot (adres nie istnieje)' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Oznacz jako zwrot i zablokuj adres' }));
    await vi.waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ decision: 'bounce', messageId: MSG }),
    );
    expect(await screen.findByText('lista')).toBeTruthy();
  });

  it('"Nic nie robić" sends no message; a bounce cannot be sent without one', async () => {
    const calls = fakeFetch({
      [`GET /api/triage/${ID}`]: () => ({ ...MAIL, message: null, why: ['bulk', 'no_report', 'not_tied'] }),
      [`POST /api/triage/${ID}/decision`]: () => ({ id: ID, decision: 'nothing', changed: false }),
    });
    page();
    fireEvent.click(await screen.findByRole('button', { name: 'To zwrot (adres nie istnieje)' }));
    expect(
      (screen.getByRole('button', { name: 'Oznacz jako zwrot i zablokuj adres' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Nic nie robić / przejrzane' }));
    fireEvent.click(screen.getByRole('button', { name: 'Oznacz jako przejrzane' }));
    await vi.waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ decision: 'nothing' }));
  });
});
