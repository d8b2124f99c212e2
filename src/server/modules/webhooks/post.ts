import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type ReceiverPolicy, refusedAddress } from './webhooks.js';

export interface PostOutcome {
  /** 2xx. */
  ok: boolean;
  status: number | null;
  /** Why it failed, in a few words (Polish, shown in the delivery log). */
  error: string | null;
}

export interface PostOptions {
  policy: ReceiverPolicy;
  timeoutMs: number;
  /** Bytes of the answer read at most; the rest is dropped. */
  maxResponseBytes?: number;
}

/**
 * One POST of a webhook body. The address is checked after DNS resolution, in the socket's own lookup (so a name
 * that resolves to an internal address — or changes to one between a check and the connection — is refused);
 * redirects are not followed (a 3xx is a failure); the whole request has one deadline; the answer is read up to a
 * small limit and otherwise ignored.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, o: PostOptions) {
  return new Promise<PostOutcome>((resolve) => {
    const target = new URL(url);
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal)) {
      const refused = refusedAddress(literal, o.policy);
      if (refused) return resolve({ ok: false, status: null, error: `Odmowa połączenia: ${refused}.` });
    }
    const guardedLookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        const refused = addresses.map((a) => refusedAddress(a.address, o.policy)).find((r) => r !== null);
        if (refused) return callback(Object.assign(new Error(refused), { code: 'EREFUSEDADDRESS' }), '', 0);
        if ((options as { all?: boolean }).all) return (callback as unknown as AllCallback)(null, addresses);
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      });
    };
    const client = target.protocol === 'https:' ? https : http;
    let settled = false;
    const done = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        lookup: guardedLookup,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        const limit = o.maxResponseBytes ?? 16_384;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > limit) res.destroy();
        });
        const finish = () => {
          const ok = status >= 200 && status < 300;
          done({ ok, status, error: ok ? null : `Odbiorca odpowiedział HTTP ${status}.` });
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, status: null, error: `Brak odpowiedzi w ${Math.round(o.timeoutMs / 1000)} s.` });
    }, o.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const refused = err.code === 'EREFUSEDADDRESS';
      done({
        ok: false,
        status: null,
        error: refused ? `Odmowa połączenia: ${err.message}.` : `Błąd połączenia: ${err.code ?? err.message}.`,
      });
    });
    req.end(body);
  });
}

type AllCallback = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;
