import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** The status to answer the next requests with (default 200). */
  answer: (status: number) => void;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that keeps every request and answers with the status it is told. */
export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/listonosz`,
    received,
    answer: (s) => {
      status = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The header's parts: `t` and every `v1` in order (one per secret that signed, D98). */
export function signatureParts(header: string | undefined): { t: string | undefined; v1: string[] } {
  const pairs = (header ?? '').split(',').map((p) => p.split('=') as [string, string | undefined]);
  return {
    t: pairs.find(([k]) => k === 't')?.[1],
    v1: pairs.filter(([k]) => k === 'v1').map(([, v]) => v ?? ''),
  };
}

/**
 * What a receiver does with a delivery (docs/integration.md): the HMAC over "<t>.<body>" must match one of the
 * `v1` signatures (during a rotation's overlap there are two), and `t` must be within `toleranceS` of the
 * receiver's clock — a delivery captured and sent again later is refused.
 */
export function verifyDelivery(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceS = 300,
): 'ok' | 'bad-signature' | 'too-old' {
  const parts = signatureParts(header);
  const t = Number(parts.t);
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const matches = parts.v1.some((v1) => {
    const given = Buffer.from(v1, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return 'bad-signature';
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceS) return 'too-old';
  return 'ok';
}
