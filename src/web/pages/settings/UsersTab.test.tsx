// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { fakeFetch, status } from './testing.js';
import { UsersTab } from './UsersTab.js';

const USER_ID = '44444444-4444-4444-8444-444444444444';
const jolanta = {
  id: USER_ID,
  login: 'jolanta',
  displayName: 'Jolanta Nowak',
  email: null,
  role: 'clerk',
  status: 'active',
  positionIds: [],
  createdAt: '2026-03-01T08:00:00.000Z',
  lastLoginAt: null,
  lock: { scope: 'new_addresses', until: '2026-03-02T10:15:00.000Z', addresses: 2 },
};
const WEAK =
  'Hasło jest zbyt łatwe do odgadnięcia: zawiera login, imię, nazwisko, adres e-mail albo nazwę programu. Użyj co najmniej 12 znaków, najlepiej kilku niepowiązanych słów, bez loginu, imienia i nazwy programu.';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('users tab', () => {
  it('shows that a user is locked, from where and until when, and unlocks them', async () => {
    let locked = true;
    const calls = fakeFetch({
      'GET /api/users': () => [{ ...jolanta, lock: locked ? jolanta.lock : null }],
      'GET /api/positions': () => [],
      [`POST /api/users/${USER_ID}/unlock`]: () => {
        locked = false;
        return { ...jolanta, lock: null };
      },
    });
    renderWeb(<UsersTab />);
    expect(await screen.findByText('logowanie zablokowane')).toBeTruthy();
    const until = new Date(jolanta.lock.until).toLocaleString('pl-PL', { dateStyle: 'short', timeStyle: 'short' });
    expect(screen.getByText(`Z nowych adresów do ${until} — znane adresy (np. biuro) działają.`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Odblokuj' }));
    await vi.waitFor(() => expect(screen.queryByText('logowanie zablokowane')).toBeNull());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([`/api/users/${USER_ID}/unlock`]);
  });

  it("shows the server's reason for refusing a weak password at the password field", async () => {
    fakeFetch({
      'GET /api/users': () => [],
      'GET /api/positions': () => [],
      'POST /api/users': () =>
        status(400, {
          error: {
            code: 'validation_failed',
            message: 'Hasło jest zbyt łatwe do odgadnięcia — popraw zaznaczone pole.',
            fields: [{ path: 'password', message: WEAK }],
          },
        }),
    });
    renderWeb(<UsersTab />);
    fireEvent.click(await screen.findByRole('button', { name: 'Dodaj użytkownika' }));
    expect(screen.getByText(/Co najmniej 12 znaków i trudne do odgadnięcia/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Hasło/), { target: { value: 'Listonosz-2026!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    // The summary above the form, and the reason under the field (Mantine links it with aria-describedby).
    expect(await screen.findByText('Hasło jest zbyt łatwe do odgadnięcia — popraw zaznaczone pole.')).toBeTruthy();
    const field = screen.getByLabelText(/^Hasło/);
    const described = (field.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent)).toContain(WEAK);
  });
});
