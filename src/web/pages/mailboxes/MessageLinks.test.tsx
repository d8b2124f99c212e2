// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { MessageDownloadLinks } from '../../../shared/download-links.js';
import type { Message } from '../../../shared/messages.js';
import { MessageLinks } from './MessageLinks.js';
import { fakeApi, summary } from './testing.js';

const ID = '22222222-2222-4222-8222-222222222222';
const message = { ...summary({ status: 'sent', mailbox: 'sent' }) } as unknown as Message;

const STATE: MessageDownloadLinks = {
  links: [{ position: 0, filename: 'oplaty.pdf', expiresAt: '2026-04-05T10:00:00.000Z', revokedAt: null }],
  downloads: 2,
  lastDownloadAt: '2026-01-06T08:30:00.000Z',
  acknowledgedAt: '2026-01-06T08:31:00.000Z',
  revokedAt: null,
  events: [
    {
      kind: 'acknowledged',
      at: '2026-01-06T08:31:00.000Z',
      filename: 'oplaty.pdf',
      network: '203.0.113.0/24',
      userAgent: 'Mozilla/5.0 (iPhone)',
    },
    {
      kind: 'download',
      at: '2026-01-06T08:30:00.000Z',
      filename: 'oplaty.pdf',
      network: '203.0.113.0/24',
      userAgent: 'Mozilla/5.0 (iPhone)',
    },
  ],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('download links on a message', () => {
  it('shows the link, the downloads, the acknowledgement, and revokes after asking', async () => {
    const calls = fakeApi({
      [`GET /api/messages/${ID}/download-links`]: () => STATE,
      [`POST /api/messages/${ID}/download-links/revoke`]: () => ({ ...STATE, revokedAt: '2026-01-07T09:00:00.000Z' }),
    });
    renderWeb(<MessageLinks message={message} />);
    expect(await screen.findByText('Link do pobrania')).toBeTruthy();
    expect(screen.getByText(/^potwierdzono odbiór 06\.01\.2026/)).toBeTruthy();
    expect(screen.getByText(/^pobrano 2 razy — ostatnio 06\.01\.2026/)).toBeTruthy();
    expect(screen.getByText(/^Wysłany link: oplaty\.pdf — ważny do 05\.04\.2026/)).toBeTruthy();
    expect(screen.getAllByText('203.0.113.0/24')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Unieważnij link' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Unieważnij link') as HTMLButtonElement,
    );
    await waitFor(() => expect(screen.getByText(/^unieważniony 07\.01\.2026/)).toBeTruthy());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([
      `/api/messages/${ID}/download-links/revoke`,
    ]);
  });

  it('shows nothing for a message sent with attachments only', async () => {
    const calls = fakeApi({ [`GET /api/messages/${ID}/download-links`]: () => ({ ...STATE, links: [] }) });
    const { container } = renderWeb(<MessageLinks message={message} />);
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/download-links'))).toBe(true));
    expect(container.textContent).not.toContain('Link do pobrania');
  });
});
