/** Shared set-up of the mailbox screen tests: a fake API behind `fetch` and a probe showing the address. */

import { useLocation } from 'react-router';
import { vi } from 'vitest';
import type { MessageSummary } from '../../../shared/messages.js';

export const ACCOUNT_ID = '11111111-1111-4111-8111-111111111111';
export const PROPERTY_ID = '33333333-3333-4333-8333-333333333333';

export function summary(over: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    accountId: ACCOUNT_ID,
    recipientId: null,
    toName: 'Jan Kowalski',
    toAddress: 'jan@example.pl',
    subject: 'Zawiadomienie o opłatach',
    status: 'failed',
    mailbox: 'failed',
    documentType: null,
    sendAt: null,
    sentAt: null,
    lastError: '550 no such user',
    errorHint: 'Sprawdź adres e-mail adresata.',
    heldReason: null,
    attemptsMade: 1,
    batchId: null,
    resolution: null,
    badges: [],
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    ...over,
  };
}

export interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** Stubs `fetch`: `routes` answers by method and path prefix; every call is recorded. */
export function fakeApi(routes: Record<string, (call: Call) => unknown>) {
  const calls: Call[] = [];
  const defaults: Record<string, () => unknown> = {
    'GET /api/mailboxes/counts': () => ({ drafts: 1, outbox: 0, sent: 0, failed: 2, cancelled: 0 }),
    'GET /api/accounts': () => [{ id: ACCOUNT_ID, name: 'Biuro — opłaty', fromAddress: 'biuro@example.pl' }],
    'GET /api/positions': () => [],
    'GET /api/properties': () => [],
    'GET /api/batches': () => ({ items: [], nextCursor: null }),
    'GET /api/document-types': () => [],
    'GET /api/inbox/counts': () => ({ unread: 0, total: 0 }),
  };
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method, url, body };
    calls.push(call);
    const all = { ...defaults, ...routes };
    const key = Object.keys(all)
      .filter((k) => {
        const [m, path] = k.split(' ');
        return m === method && url.startsWith(path!);
      })
      .sort((a, b) => b.length - a.length)[0];
    if (!key) return new Response(JSON.stringify({ error: { code: 'not_found', message: 'brak' } }), { status: 404 });
    return new Response(JSON.stringify(all[key]!(call)), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}
