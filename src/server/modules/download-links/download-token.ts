import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signed token of a download link (D70): base64url of 39 bytes — a version byte, the message's UUID (16 bytes),
 * the attachment's position in the message (uint16), the expiry in whole seconds since 1970 (uint32), then the first
 * 16 bytes (128 bits) of HMAC-SHA256(key, those 23 bytes). The key is derived from the instance key for
 * DOWNLOAD_LINK_KEY_PURPOSE. Nothing else is needed to check a link; a changed byte fails the HMAC.
 */
export const DOWNLOAD_LINK_KEY_PURPOSE = 'listonosz:download-link/v1';
/** 39 bytes in base64url, no padding. Anything of another length is refused before any lookup. */
export const DOWNLOAD_TOKEN_LENGTH = 52;

const VERSION = 1;
const BODY_BYTES = 23;
const MAC_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface DownloadTokenPayload {
  messageId: string;
  /** The attachment's `position` in its message. */
  position: number;
  /** Expiry, ISO-8601 UTC, whole seconds. */
  expiresAt: string;
}

export type TokenReading =
  | { ok: true; payload: DownloadTokenPayload; expired: boolean }
  | { ok: false; reason: 'malformed' | 'signature' };

const mac = (key: Buffer, body: Buffer) => createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);

export function makeDownloadToken(p: DownloadTokenPayload, key: Buffer): string {
  const id = p.messageId.toLowerCase();
  if (!UUID.test(id)) throw new Error('A download link needs a UUID message id.');
  if (!Number.isInteger(p.position) || p.position < 0 || p.position > 0xffff)
    throw new Error('Bad attachment position.');
  const seconds = Math.floor(new Date(p.expiresAt).getTime() / 1000);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 0xffffffff) throw new Error('Bad expiry.');
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(VERSION, 0);
  Buffer.from(id.replace(/-/g, ''), 'hex').copy(body, 1);
  body.writeUInt16BE(p.position, 17);
  body.writeUInt32BE(seconds, 19);
  return Buffer.concat([body, mac(key, body)]).toString('base64url');
}

/**
 * Reads a token: its length and alphabet first (no work for junk), then the HMAC in constant time. An expired but
 * genuine token is read (`expired: true`) so the page can say the link expired and who to ask.
 */
export function readDownloadToken(token: string, key: Buffer, now: Date): TokenReading {
  if (token.length !== DOWNLOAD_TOKEN_LENGTH || !BASE64URL.test(token)) return { ok: false, reason: 'malformed' };
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== BODY_BYTES + MAC_BYTES) return { ok: false, reason: 'malformed' };
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(bytes.subarray(BODY_BYTES), mac(key, body))) return { ok: false, reason: 'signature' };
  if (body.readUInt8(0) !== VERSION) return { ok: false, reason: 'malformed' };
  const h = body.subarray(1, 17).toString('hex');
  const expiresMs = body.readUInt32BE(19) * 1000;
  return {
    ok: true,
    payload: {
      messageId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
      position: body.readUInt16BE(17),
      expiresAt: new Date(expiresMs).toISOString(),
    },
    expired: now.getTime() >= expiresMs,
  };
}
