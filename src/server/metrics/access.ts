import { safeEqual } from '../lib/crypto.js';

/** Whose scrape is answered (D74). */
export interface MetricsAccessOptions {
  /** METRICS_TOKEN: when set, a scrape must carry `Authorization: Bearer <token>`, from wherever it comes. */
  token: string | undefined;
  /** TRUST_PROXY: a reverse proxy sits in front, so a loopback peer may be anyone on the internet. */
  trustProxy: boolean;
}

export interface ScrapeRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The TCP peer as the socket saw it — never an address a proxy header claims. */
  remoteAddress: string | undefined;
}

export type MetricsVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** Headers a reverse proxy adds: a request carrying one came through a proxy, whatever its TCP peer. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
];

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * With a token: the right Bearer token (compared in constant time) or 401. Without one: only a direct request from
 * this machine — a loopback peer, no proxy header, and TRUST_PROXY off (behind a proxy on the same machine every
 * request's peer is loopback) — else 403 saying what to set.
 */
export function checkMetricsAccess(req: ScrapeRequest, opts: MetricsAccessOptions): MetricsVerdict {
  if (opts.token) {
    const header = req.headers.authorization;
    const given = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
    if (given && safeEqual(given, opts.token)) return { ok: true };
    return {
      ok: false,
      status: 401,
      message: 'Metryki wymagają tokenu: nagłówek Authorization: Bearer <METRICS_TOKEN>.',
    };
  }
  const forwarded = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
  if (!opts.trustProxy && !forwarded && isLoopback(req.remoteAddress)) return { ok: true };
  return {
    ok: false,
    status: 403,
    message:
      'Metryki są dostępne tylko z tego komputera, bez pośrednika (proxy). Aby pobierać je z innego miejsca, ustaw METRICS_TOKEN albo METRICS_PORT.',
  };
}
