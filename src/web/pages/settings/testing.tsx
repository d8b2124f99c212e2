import { vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { SessionProvider } from '../../app/session.js';
import { SettingsPage } from './SettingsPage.js';

/** A signed-in administrator, as /api/auth/me gives it. */
export const ADMIN_SESSION = {
  user: {
    id: '22222222-2222-4222-8222-222222222222',
    login: 'admin',
    displayName: 'Anna Admin',
    email: null,
    role: 'admin' as const,
    positionIds: [],
    mustChangePassword: false,
  },
  csrfToken: 'x',
};

/** Ustawienia as the administrator sees it, on one tab (`?zakladka=`) or the first. */
export function renderSettings(tab?: string) {
  renderWeb(
    <SessionProvider info={ADMIN_SESSION}>
      <SettingsPage />
    </SessionProvider>,
    { route: tab ? `/ustawienia?zakladka=${tab}` : '/ustawienia' },
  );
}

export interface Call {
  method: string;
  url: string;
  body: unknown;
}
type Handler = (call: Call) => unknown | { status: number; body: unknown };

/** An answer with a status other than 200. */
export const status = (code: number, body: unknown) => ({ __status: code, body });

/**
 * Stubs `fetch` with handlers keyed by "METHOD /path" (query left out); records every call with its parsed JSON
 * body (FormData bodies are kept as they are). Unhandled routes answer 404.
 */
export function fakeFetch(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      let body: unknown = init.body;
      if (typeof init.body === 'string') body = JSON.parse(init.body);
      const call = { method, url, body };
      calls.push(call);
      const path = url.split('?')[0];
      const handler = handlers[`${method} ${path}`];
      let code = 200;
      let out: unknown = { error: { code: 'not_found', message: 'Nie znaleziono.' } };
      if (handler) {
        const r = handler(call) as { __status?: number; body?: unknown };
        if (r && typeof r === 'object' && '__status' in r) {
          code = r.__status!;
          out = r.body;
        } else out = r;
      } else code = 404;
      const text = JSON.stringify(out);
      return { ok: code < 400, status: code, text: async () => text } as Response;
    }),
  );
  return calls;
}
