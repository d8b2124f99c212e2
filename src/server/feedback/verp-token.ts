import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The VERP tag in the envelope sender (`local+<tag>@domain`) that ties a bounce to its message (decision D46).
 * Tag = lower-case base32 (RFC 4648 alphabet, no padding) of 25 bytes: the message's UUID as 16 raw bytes, then
 * the first 9 bytes (72 bits) of HMAC-SHA256(key, "verp1" ‖ those 16 bytes), where the key is derived from the
 * instance key for VERP_KEY_PURPOSE. 25 bytes are exactly 40 base32 characters. Base32 because servers may fold
 * the case of a local part; a forged or garbled tag fails the HMAC and names no message.
 */
export const VERP_KEY_PURPOSE = 'verp-token/v1';
export const VERP_TAG_LENGTH = 40;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_BYTES = 9;
const MAC_LABEL = Buffer.from('verp1');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The largest local part RFC 5321 allows, in octets. */
const MAX_LOCAL_OCTETS = 64;

export type VerpStrength = 'signed' | 'legacy';
export interface VerpReading {
  messageId: string;
  strength: VerpStrength;
}

export function base32Encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes lower- or upper-case base32 without padding; null on a character outside the alphabet. */
export function base32Decode(text: string): Buffer | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.toLowerCase()) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

function mac(key: Buffer, idBytes: Buffer): Buffer {
  return createHmac('sha256', key).update(MAC_LABEL).update(idBytes).digest().subarray(0, MAC_BYTES);
}

function uuidBytes(messageId: string): Buffer | null {
  const id = messageId.toLowerCase();
  return UUID.test(id) ? Buffer.from(id.replace(/-/g, ''), 'hex') : null;
}

function uuidText(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The signed tag for a message id (a UUID); null when the id is not a UUID. */
export function makeVerpTag(messageId: string, key: Buffer): string | null {
  const id = uuidBytes(messageId);
  return id ? base32Encode(Buffer.concat([id, mac(key, id)])) : null;
}

/**
 * `local+<tag>@domain` for the feedback address, or null when it cannot be made: no `@`, an id that is not a
 * UUID, or a local part that would pass 64 octets (a Polish letter takes two).
 */
export function verpAddress(feedbackAddress: string, messageId: string, key: Buffer): string | null {
  const at = feedbackAddress.lastIndexOf('@');
  const tag = makeVerpTag(messageId, key);
  if (at <= 0 || !tag) return null;
  const local = `${feedbackAddress.slice(0, at)}+${tag}`;
  return Buffer.byteLength(local) <= MAX_LOCAL_OCTETS ? `${local}${feedbackAddress.slice(at)}` : null;
}

/** The tag of an address (`local+tag@domain`, angle brackets allowed) or a bare tag; null when there is none. */
export function verpTagOf(addressOrTag: string): string | null {
  let s = addressOrTag.trim().replace(/^<|>$/g, '');
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    s = s.slice(0, at);
    const plus = s.lastIndexOf('+');
    if (plus < 0) return null;
    s = s.slice(plus + 1);
  } else {
    const plus = s.lastIndexOf('+');
    if (plus >= 0) s = s.slice(plus + 1);
  }
  return s.length > 0 ? s : null;
}

/**
 * Which message a VERP address or tag names. A signed tag whose HMAC checks → `signed`; the older
 * `+<message uuid>` form of mail sent before D46 → `legacy` (unauthenticated); anything else (forged, garbled,
 * truncated) → null.
 */
export function readVerpToken(addressOrTag: string, key: Buffer): VerpReading | null {
  const tag = verpTagOf(addressOrTag)?.toLowerCase();
  if (!tag) return null;
  if (UUID.test(tag)) return { messageId: tag, strength: 'legacy' };
  if (tag.length !== VERP_TAG_LENGTH) return null;
  const bytes = base32Decode(tag);
  if (bytes?.length !== 16 + MAC_BYTES) return null;
  const id = bytes.subarray(0, 16);
  if (!timingSafeEqual(bytes.subarray(16), mac(key, id))) return null;
  return { messageId: uuidText(id), strength: 'signed' };
}
