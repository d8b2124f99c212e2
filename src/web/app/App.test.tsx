// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../../test/support/web.js';
import { fakeFetch, status } from '../pages/settings/testing.js';
import { App } from './App.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const user = (mustChangePassword: boolean) => ({
  user: {
    id: 'u1',
    login: 'ewa',
    displayName: 'Ewa Lis',
    email: null,
    role: 'clerk',
    positionIds: [],
    mustChangePassword,
  },
  csrfToken: 'csrf',
});

describe('a password set by an administrator', () => {
  it('must be changed before anything else; once changed, the app opens', async () => {
    installBrowserShims();
    let changed = false;
    const calls = fakeFetch({
      'GET /api/auth/me': () => user(!changed),
      'POST /api/auth/password': () => {
        changed = true;
        return status(204, null);
      },
      'GET /api/stats/daily': () => ({ days: [] }),
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Ustaw własne hasło' }, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Anuluj' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Wyloguj' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/^Obecne hasło/), { target: { value: 'Nadane-przez-szefa-2026' } });
    fireEvent.change(screen.getByLabelText(/^Nowe hasło/), { target: { value: 'Moje-wlasne-haslo-jesien' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz nowe hasło' }));
    expect(await screen.findByRole('navigation', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Ustaw własne hasło' })).toBeNull();
    // Nothing but "who am I" and the change was asked before the change.
    const firstChange = calls.findIndex((c) => c.url === '/api/auth/password');
    expect(calls.slice(0, firstChange).every((c) => c.url.startsWith('/api/auth/me'))).toBe(true);
  });
});

describe('an address the app does not know', () => {
  it('says so in Polish inside the usual layout, with the way back (not the router’s developer page)', async () => {
    installBrowserShims();
    fakeFetch({ 'GET /api/auth/me': () => user(false), 'GET /api/stats/daily': () => ({ days: [], accounts: [] }) });
    render(<App />);
    expect(await screen.findByRole('navigation', {}, { timeout: 5000 })).toBeTruthy();
    // An old bookmark: the English path of the recipients page.
    window.history.pushState({}, '', '/recipients');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(await screen.findByRole('heading', { name: 'Nie ma takiej strony' })).toBeTruthy();
    expect(screen.getByText(/Adres \/recipients nie prowadzi do żadnej strony Listonosza/)).toBeTruthy();
    expect(screen.getByRole('navigation')).toBeTruthy();
    expect(screen.queryByText(/Hey developer/)).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Wróć na pulpit' }));
    expect(window.location.pathname).toBe('/');
  });
});
