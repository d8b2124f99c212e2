// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { Recipient } from '../../../shared/recipients.js';
import { SessionProvider } from '../../app/session.js';
import { fakeFetch } from '../settings/testing.js';
import { RecipientCardPage } from './RecipientCardPage.js';
import { RecipientsPage } from './RecipientsPage.js';

const CLERK = {
  user: {
    id: '22222222-2222-4222-8222-222222222222',
    login: 'ewa',
    displayName: 'Ewa',
    email: null,
    role: 'clerk' as const,
    positionIds: [],
    mustChangePassword: false,
  },
  csrfToken: 'x',
};
const UNIT_ID = '55555555-5555-4555-8555-555555555555';
const PROPERTY_ID = '66666666-6666-4666-8666-666666666666';
const recipient = (id: string, name: string): Recipient => ({
  id,
  name,
  street: 'Lipowa 5/1',
  postalCode: '00-001',
  city: 'Warszawa',
  country: 'PL',
  channel: 'paper',
  consent: null,
  externalKey: null,
  pdfCode: null,
  emails: [],
  units: [{ unitId: UNIT_ID, role: 'owner' }],
});
const R1 = '77777777-7777-4777-8777-777777777771';
const R2 = '77777777-7777-4777-8777-777777777772';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage(route = '/adresaci') {
  return renderWeb(
    <SessionProvider info={CLERK}>
      <Routes>
        <Route path="/adresaci" element={<RecipientsPage />} />
        <Route path="/adresaci/:id" element={<RecipientCardPage />} />
      </Routes>
    </SessionProvider>,
    { route },
  );
}

describe('recipients', () => {
  it('searches, filters by channel and pages with the cursor', async () => {
    const calls = fakeFetch({
      'GET /api/recipients': (c) =>
        c.url.includes('cursor=')
          ? { items: [recipient(R2, 'Anna Nowak')], nextCursor: null }
          : { items: [recipient(R1, 'Jan Kowalski')], nextCursor: 'next1' },
    });
    renderPage();
    await screen.findByText('Jan Kowalski');
    fireEvent.change(screen.getByLabelText('Szukaj'), { target: { value: 'Kowal' } });
    await waitFor(() => expect(calls.at(-1)!.url).toBe('/api/recipients?q=Kowal&limit=50'));
    fireEvent.click(screen.getByText('e-mail'));
    await waitFor(() => expect(calls.at(-1)!.url).toBe('/api/recipients?q=Kowal&channel=email&limit=50'));
    fireEvent.click(await screen.findByRole('button', { name: 'Pokaż więcej' }));
    await screen.findByText('Anna Nowak');
    expect(calls.at(-1)!.url).toBe('/api/recipients?q=Kowal&channel=email&cursor=next1&limit=50');
  });

  it('edits a recipient: channel, e-mail, consent and the unit role are sent', async () => {
    const calls = fakeFetch({
      'GET /api/recipients': () => ({ items: [recipient(R1, 'Jan Kowalski')], nextCursor: null }),
      'GET /api/properties': () => [
        {
          id: PROPERTY_ID,
          name: 'Wspólnota Lipowa 5',
          kind: 'community',
          street: '',
          postalCode: '',
          city: '',
          nip: null,
          unitCount: 1,
        },
      ],
      [`GET /api/units/${UNIT_ID}`]: () => ({
        id: UNIT_ID,
        propertyId: PROPERTY_ID,
        number: '1',
        kind: 'flat',
        address: '',
        bankAccount: null,
        externalKey: null,
      }),
      'GET /api/units': () => ({ items: [], nextCursor: null }),
      [`GET /api/recipients/${R1}`]: () => recipient(R1, 'Jan Kowalski'),
      [`PATCH /api/recipients/${R1}`]: (c) => ({ ...recipient(R1, 'Jan Kowalski'), ...(c.body as object) }),
    });
    renderPage();
    // The name leads to the recipient's own address, /adresaci/:id.
    const link = await screen.findByRole('link', { name: 'Jan Kowalski' });
    expect(link.getAttribute('href')).toBe(`/adresaci/${R1}`);
    fireEvent.click(link);
    await screen.findByText('Wspólnota Lipowa 5 — 1', {}, { timeout: 4000 });
    fireEvent.click(screen.getAllByText('e-mail').at(-1)!);
    expect(screen.getByText(/Wysyłka e-mailem bez zapisanej zgody/)).toBeTruthy();
    const emails = screen.getByRole('combobox', { name: 'Adresy e-mail' });
    emails.focus();
    fireEvent.change(emails, { target: { value: 'jan@example.pl' } });
    fireEvent.keyDown(emails, { key: 'Enter' });
    fireEvent.change(screen.getByLabelText('Data zgody na e-mail'), { target: { value: '01.02.2026' } });
    fireEvent.change(screen.getByLabelText('Źródło zgody'), { target: { value: 'oświadczenie' } });
    fireEvent.change(screen.getByLabelText('Rola w lokalu 1'), { target: { value: 'co_owner' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const body = calls.find((c) => c.method === 'PATCH')!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      channel: 'email',
      emails: ['jan@example.pl'],
      consent: { date: '2026-02-01', source: 'oświadczenie' },
      units: [{ unitId: UNIT_ID, role: 'co_owner' }],
    });
  });

  it('opens a recipient card straight from its address', async () => {
    fakeFetch({
      [`GET /api/recipients/${R2}`]: () => recipient(R2, 'Anna Nowak'),
      'GET /api/properties': () => [],
      [`GET /api/units/${UNIT_ID}`]: () => ({
        id: UNIT_ID,
        propertyId: PROPERTY_ID,
        number: '1',
        kind: 'flat',
        address: '',
        bankAccount: null,
        externalKey: null,
      }),
      'GET /api/units': () => ({ items: [], nextCursor: null }),
    });
    renderPage(`/adresaci/${R2}`);
    expect(((await screen.findByLabelText(/^Nazwisko i imię/)) as HTMLInputElement).value).toBe('Anna Nowak');
    expect(screen.getByRole('link', { name: /Wszyscy adresaci/ }).getAttribute('href')).toBe('/adresaci');
  });
});
