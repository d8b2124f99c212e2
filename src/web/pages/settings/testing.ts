import { vi } from 'vitest';

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
