// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../test/support/web.js';
import { PasswordChange } from './PasswordChange.js';
import { fakeFetch, status } from './settings/testing.js';

const WEAK =
  'Hasło jest zbyt łatwe do odgadnięcia: „Warszawa” to popularne słowo, a reszta hasła jest zbyt krótka lub przewidywalna. Użyj co najmniej 12 znaków, najlepiej kilku niepowiązanych słów, bez loginu, imienia i nazwy programu.';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The message shown under a field (Mantine links it with aria-describedby). */
function messageAt(field: HTMLElement): (string | null | undefined)[] {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent);
}

describe('changing my own password', () => {
  it("shows the server's reason at the new-password field, then changes it and closes", async () => {
    let attempt = 0;
    const calls = fakeFetch({
      'POST /api/auth/password': () =>
        ++attempt === 1
          ? status(400, {
              error: {
                code: 'validation_failed',
                message: 'Hasło jest zbyt łatwe do odgadnięcia — popraw zaznaczone pole.',
                fields: [{ path: 'newPassword', message: WEAK }],
              },
            })
          : status(204, null),
    });
    renderWeb(<PasswordChange />);
    fireEvent.click(screen.getByRole('button', { name: 'Zmień hasło' }));
    const current = await screen.findByLabelText(/^Obecne hasło/);
    const next = screen.getByLabelText(/^Nowe hasło/);
    fireEvent.change(current, { target: { value: 'Hasło-testowe-123' } });
    fireEvent.change(next, { target: { value: 'Warszawa2024!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz nowe hasło' }));
    await vi.waitFor(() => expect(messageAt(next)).toContain(WEAK), { timeout: 5000 });
    expect(screen.getByRole('alert').textContent).toContain('popraw zaznaczone pole');

    fireEvent.change(next, { target: { value: 'Nowy-kot-na-parapecie-7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz nowe hasło' }));
    await vi.waitFor(() => expect(screen.queryByLabelText(/^Nowe hasło/)).toBeNull(), { timeout: 5000 });
    expect(calls.map((c) => c.body)).toEqual([
      { currentPassword: 'Hasło-testowe-123', newPassword: 'Warszawa2024!' },
      { currentPassword: 'Hasło-testowe-123', newPassword: 'Nowy-kot-na-parapecie-7' },
    ]);
  });

  it('says when too many wrong current passwords locked the account', async () => {
    fakeFetch({
      'POST /api/auth/password': () =>
        status(429, {
          error: {
            code: 'too_many_requests',
            message:
              'Zbyt wiele nieudanych prób logowania z tego adresu. Spróbuj ponownie za 1 min lub poproś administratora o odblokowanie konta.',
          },
        }),
    });
    renderWeb(<PasswordChange />);
    fireEvent.click(screen.getByRole('button', { name: 'Zmień hasło' }));
    fireEvent.change(await screen.findByLabelText(/^Obecne hasło/), { target: { value: 'zle-haslo' } });
    fireEvent.change(screen.getByLabelText(/^Nowe hasło/), { target: { value: 'Nowy-kot-na-parapecie-7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz nowe hasło' }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/Zbyt wiele nieudanych prób/);
  });
});
