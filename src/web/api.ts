import i18n from 'i18next';
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

  /** Field → message, for forms. */
  get fields(): Record<string, string> {
    return Object.fromEntries((this.body?.error.fields ?? []).map((f) => [f.path, f.message]));
  }
}

/** What to show for a failed request: the server's message (in the UI's language where it is a common one), or the fallback when it never answered. */
export function errorText(e: unknown, fallback: string): string {
  return e instanceof ApiError ? e.message : fallback;
}

async function send<T>(method: string, url: string, body: BodyInit | undefined, json: boolean): Promise<T> {
  const headers: Record<string, string> = {};
  if (json) headers['content-type'] = 'application/json';
  // The server answers common errors in this language (Polish when it is not English): docs/decisions.md.
  headers['accept-language'] = i18n.language === 'en' ? 'en' : 'pl';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method, headers, credentials: 'same-origin', body });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data as ErrorBody | null);
  return data as T;
}

export function api<T>(method: string, url: string, payload?: unknown): Promise<T> {
  return send<T>(method, url, payload === undefined ? undefined : JSON.stringify(payload), payload !== undefined);
}

/** multipart/form-data upload (a file and text fields). */
export function upload<T>(url: string, form: FormData): Promise<T> {
  return send<T>('POST', url, form, false);
}

/** A query string from the set values of an object (undefined, null and '' are left out). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function rememberSession(info: SessionInfo | null) {
  csrfToken = info?.csrfToken ?? null;
}
