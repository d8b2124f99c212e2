import i18n from 'i18next';
import type { SessionInfo } from '../shared/auth.js';
import type { InputOf, OutputOf } from '../shared/endpoints/endpoint.js';
import type { EndpointKey, Endpoints } from '../shared/endpoints/index.js';
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

async function send(method: string, url: string, body: BodyInit | undefined, json: boolean): Promise<unknown> {
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
  return data;
}

/** The arguments after the endpoint's key: none when it takes nothing required, else its input. */
export type ApiArgs<K extends EndpointKey> =
  Record<never, never> extends InputOf<Endpoints, K> ? [input?: InputOf<Endpoints, K>] : [input: InputOf<Endpoints, K>];

export type ApiResult<K extends EndpointKey> = OutputOf<Endpoints, K>;

/**
 * Calls an endpoint of the table in src/shared/endpoints: `api('GET /api/batches/:id', { params: { id } })`.
 * Path parameters, query, body and the answer are typed from the shared zod schemas; the answer is not
 * re-validated here (D83): the server has already put it through the same schema.
 */
export function api<K extends EndpointKey>(key: K, ...[input]: ApiArgs<K>): Promise<ApiResult<K>> {
  const {
    params,
    query: q,
    body,
  } = (input ?? {}) as { params?: Record<string, string>; query?: object; body?: unknown };
  const space = key.indexOf(' ');
  const method = key.slice(0, space);
  const path = key.slice(space + 1).replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${key}: brak parametru ${name}`);
    return encodeURIComponent(value);
  });
  const url = path + (q ? query(q as QueryValues) : '');
  const result =
    body instanceof FormData
      ? send(method, url, body, false)
      : send(method, url, body === undefined ? undefined : JSON.stringify(body), body !== undefined);
  return result as Promise<ApiResult<K>>;
}

type QueryValue = string | number | boolean | undefined | null;
type QueryValues = Record<string, QueryValue | readonly QueryValue[]>;

/** A query string from the set values of an object (undefined, null and '' are left out). */
export function query(params: QueryValues): string {
  const q = new URLSearchParams();
  for (const [k, value] of Object.entries(params))
    for (const v of Array.isArray(value) ? value : [value])
      if (v !== undefined && v !== null && v !== '') q.append(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function rememberSession(info: SessionInfo | null) {
  csrfToken = info?.csrfToken ?? null;
}
