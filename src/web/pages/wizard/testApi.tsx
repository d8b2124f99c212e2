import { vi } from 'vitest';
import type { SessionInfo } from '../../../shared/auth.js';
import { SessionProvider } from '../../app/session.js';

/** Test helpers for the wizard: a stubbed `fetch` answering by method and path, and a signed-in clerk. */
export interface Call {
  method: string;
  url: string;
  body: unknown;
}

type Handler = (call: Call) => { status?: number; body?: unknown } | undefined;

export function stubApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : (init?.body ?? null);
    const call = { method, url, body };
    calls.push(call);
    const path = url.split('?')[0];
    const handler = routes[`${method} ${path}`];
    const answer = handler?.(call) ?? {
      status: 404,
      body: { error: { code: 'not_found', message: `Brak ${method} ${path}` } },
    };
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, fetch };
}

export const CLERK: SessionInfo = {
  user: {
    id: 'u1',
    login: 'anna',
    displayName: 'Anna Nowak',
    email: 'anna@example.pl',
    role: 'clerk',
    positionIds: ['p1'],
    mustChangePassword: false,
  },
  csrfToken: 'csrf',
};

export function AsClerk(props: { children: React.ReactNode }) {
  return <SessionProvider info={CLERK}>{props.children}</SessionProvider>;
}
