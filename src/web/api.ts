import type { SessionInfo } from '../shared/auth.js';
import type { ErrorBody } from '../shared/zod.js';

/** A thin client over the JSON API: sends the CSRF token on writes and turns error bodies into messages. */
let csrfToken: string | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.error.message ?? `Błąd ${status}`);
  }
}

export async function api<T>(method: string, url: string, payload?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data as ErrorBody | null);
  return data as T;
}

export function rememberSession(info: SessionInfo | null) {
  csrfToken = info?.csrfToken ?? null;
}
