// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { fakeFetch } from '../settings/testing.js';
import { SandboxPage } from './SandboxPage.js';

const ID = '44444444-4444-4444-8444-444444444444';
const summary = {
  id: ID,
  receivedAt: '2026-03-01T10:00:00Z',
  mailFrom: 'zwroty@zarzadca.pl',
  rcptTo: ['jan@example.pl'],
  from: 'Administracja <czynsze@zarzadca.pl>',
  to: 'Jan Kowalski <jan@example.pl>',
  subject: 'Opłaty za marzec',
  size: 2048,
  messageId: null,
  accountId: null,
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('sandbox', () => {
  it('shows a captured message in a sandboxed frame that cannot run scripts or load remote content', async () => {
    fakeFetch({
      'GET /api/sandbox/messages': () => ({ items: [summary], nextCursor: null }),
      [`GET /api/sandbox/messages/${ID}`]: () => ({
        ...summary,
        headers: [{ name: 'Subject', value: 'Opłaty za marzec' }],
        text: 'Dzień dobry',
        html: '<p>Dzień dobry</p><script>alert(1)</script>',
        attachments: [{ filename: 'zawiadomienie.pdf', contentType: 'application/pdf', size: 4096 }],
      }),
    });
    renderWeb(<SandboxPage />);
    fireEvent.click(await screen.findByText('Opłaty za marzec'));
    const frame = (await screen.findByTitle('Podgląd wiadomości „Opłaty za marzec”')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain("default-src 'none'");
    expect(screen.getByRole('link', { name: 'zawiadomienie.pdf' }).getAttribute('href')).toBe(
      `/api/sandbox/messages/${ID}/attachments/0`,
    );
    // The message stays in view while the list scrolls.
    expect(screen.getByTestId('sandbox-detail').style.position).toBe('sticky');
    expect(screen.getByRole('link', { name: 'Pobierz plik .eml' }).getAttribute('href')).toBe(
      `/api/sandbox/messages/${ID}/raw`,
    );
  });

  it('searches by address or subject', async () => {
    const calls = fakeFetch({
      'GET /api/sandbox/messages': (c) =>
        c.url.includes('q=')
          ? {
              items: [{ ...summary, id: '55555555-5555-4555-8555-555555555555', subject: 'Rozliczenie wody' }],
              nextCursor: null,
            }
          : { items: [summary], nextCursor: null },
    });
    renderWeb(<SandboxPage />);
    expect(await screen.findByText('Opłaty za marzec')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Szukaj'), { target: { value: 'ewa.zak@' } });
    expect(await screen.findByText('Rozliczenie wody', {}, { timeout: 3000 })).toBeTruthy();
    expect(calls.map((c) => c.url)).toContain('/api/sandbox/messages?q=ewa.zak%40&limit=50');
  });
});
