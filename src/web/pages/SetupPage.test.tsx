// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../test/support/web.js';
import { SetupPage } from './SetupPage.js';
import { fakeFetch, status } from './settings/testing.js';

const WEAK =
  'Hasło jest zbyt łatwe do odgadnięcia: zawiera login, imię, nazwisko, adres e-mail albo nazwę programu. Użyj co najmniej 12 znaków, najlepiej kilku niepowiązanych słów, bez loginu, imienia i nazwy programu.';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('first run', () => {
  it("says what a good password is and shows the server's reason for a weak one at the field", async () => {
    window.history.replaceState(null, '', '/?setup=kod-z-konsoli');
    const calls = fakeFetch({
      'POST /api/setup': () =>
        status(400, {
          error: {
            code: 'validation_failed',
            message: 'Hasło jest zbyt łatwe do odgadnięcia — popraw zaznaczone pole.',
            fields: [{ path: 'password', message: WEAK }],
          },
        }),
    });
    renderWeb(<SetupPage />);
    expect(screen.getByText(/^Co najmniej 12 znaków i trudne do odgadnięcia/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Imię i nazwisko/), { target: { value: 'Anna Kowalska' } });
    fireEvent.change(screen.getByLabelText(/^Login/), { target: { value: 'anna' } });
    const password = screen.getByLabelText(/^Hasło/);
    fireEvent.change(password, { target: { value: 'Listonosz-2026!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Utwórz administratora' }));
    await vi.waitFor(
      () => {
        const ids = (password.getAttribute('aria-describedby') ?? '').split(' ');
        expect(ids.map((id) => document.getElementById(id)?.textContent)).toContain(WEAK);
      },
      { timeout: 5000 },
    );
    expect(calls.map((c) => c.url)).toEqual(['/api/setup']);
  });
});
