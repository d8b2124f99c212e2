import iconv from 'iconv-lite';

/**
 * A small, bounded MIME reader for feedback mail. It keeps the tree (multipart/report, message/delivery-status,
 * text/rfc822-headers, message/rfc822 nested in each other), which a flattening parser loses, and it caps the
 * work a crafted message can cause: nesting depth, number of parts, decoded text per part.
 */
export interface MimeLimits {
  maxDepth: number;
  maxParts: number;
  /** Decoded characters kept from one text part. */
  maxTextChars: number;
}

export const DEFAULT_LIMITS: MimeLimits = { maxDepth: 8, maxParts: 200, maxTextChars: 64 * 1024 };

export interface MimePart {
  /** Unfolded headers in order, names lower case; values as on the wire (RFC 2047 words still encoded). */
  headers: [string, string][];
  /** Lower-case media type, "text/plain" when missing. */
  type: string;
  params: Record<string, string>;
  /** Multipart children, or the one embedded message of message/rfc822 and text/rfc822-headers. */
  children: MimePart[];
  /** The body as on the wire (latin1: one character per byte). */
  body: string;
  depth: number;
}

interface Budget {
  parts: number;
}

function splitHead(raw: string): { head: string; body: string } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { head: raw.slice(0, crlf), body: raw.slice(crlf + 4) };
  if (lf >= 0) return { head: raw.slice(0, lf), body: raw.slice(lf + 2) };
  // Headers only (a text/rfc822-headers part often ends without the blank line).
  return { head: raw, body: '' };
}

export function parseHeaderBlock(head: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      const last = out[out.length - 1];
      if (last) last[1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** `type/sub; a=b; c="d"` into the type and its parameters (names lower case). */
export function parseParams(value: string): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  const semi = value.indexOf(';');
  const main = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (semi >= 0) {
    for (const m of value.slice(semi).matchAll(re)) {
      const key = m[1] as string;
      const name = key.toLowerCase().replace(/\*$/, '');
      const v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
      // RFC 2231 extended values (charset'language'percent-encoded); continuations are not needed here.
      if (!(name in params)) params[name] = key.endsWith('*') && /^[^']*'[^']*'/.test(v) ? decodeRfc2231(v) : v;
    }
  }
  return { value: main, params };
}

function decodeRfc2231(v: string): string {
  const [charset = 'utf-8', , text = ''] = v.split("'");
  const bytes = Buffer.from(
    text.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );
  return decodeCharset(bytes, charset);
}

export function header(part: MimePart, name: string): string | undefined {
  for (const [k, v] of part.headers) if (k === name) return v;
  return undefined;
}

export function headerAll(part: MimePart, name: string): string[] {
  return part.headers.filter(([k]) => k === name).map(([, v]) => v);
}

function boundaryParts(body: string, boundary: string, budget: Budget, limits: MimeLimits): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let start = -1;
  let at = body.startsWith(delimiter) ? 0 : body.indexOf(`\n${delimiter}`);
  if (at > 0) at += 1;
  while (at >= 0) {
    if (start >= 0) parts.push(body.slice(start, at).replace(/\r?\n$/, ''));
    const after = at + delimiter.length;
    if (body.startsWith('--', after)) return parts;
    const eol = body.indexOf('\n', after);
    if (eol < 0) return parts;
    start = eol + 1;
    if (parts.length + budget.parts >= limits.maxParts) return parts;
    const next = body.indexOf(`\n${delimiter}`, start - 1);
    at = next < 0 ? -1 : next + 1;
  }
  // No closing delimiter: keep what came after the last one.
  if (start >= 0) parts.push(body.slice(start));
  return parts;
}

function build(raw: string, depth: number, limits: MimeLimits, budget: Budget, headersOnly = false): MimePart {
  budget.parts += 1;
  const { head, body } = headersOnly ? { head: raw.split(/\r?\n\r?\n/)[0] ?? '', body: '' } : splitHead(raw);
  const headers = parseHeaderBlock(head);
  const ct = parseParams(headers.find(([k]) => k === 'content-type')?.[1] ?? 'text/plain');
  const part: MimePart = { headers, type: ct.value || 'text/plain', params: ct.params, children: [], body, depth };
  if (depth >= limits.maxDepth || budget.parts >= limits.maxParts) return part;
  if (part.type.startsWith('multipart/') && ct.params.boundary) {
    for (const child of boundaryParts(body, ct.params.boundary, budget, limits)) {
      if (budget.parts >= limits.maxParts) break;
      part.children.push(build(child, depth + 1, limits, budget));
    }
  } else if (part.type === 'message/rfc822' || part.type === 'message/global') {
    part.children.push(build(decodeTransfer(part).toString('latin1'), depth + 1, limits, budget));
  } else if (part.type === 'text/rfc822-headers' || part.type === 'message/global-headers') {
    part.children.push(build(decodeTransfer(part).toString('latin1'), depth + 1, limits, budget, true));
  }
  return part;
}

export function parseMime(raw: Buffer, limits: MimeLimits = DEFAULT_LIMITS): MimePart {
  return build(raw.toString('latin1'), 0, limits, { parts: 0 });
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function decodeQuotedPrintable(s: string): Buffer {
  const text = s.replace(/=\r?\n/g, '');
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hi = c === 61 ? hexValue(text.charCodeAt(i + 1)) : -1;
    const lo = hi >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

/** The body without its Content-Transfer-Encoding. */
export function decodeTransfer(part: MimePart): Buffer {
  const cte = (header(part, 'content-transfer-encoding') ?? '').toLowerCase().trim();
  if (cte === 'base64') return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return Buffer.from(part.body, 'latin1');
}

export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const cs = (charset ?? 'utf-8').toLowerCase().trim();
  if (cs === 'utf-8' || cs === 'utf8' || cs === 'us-ascii' || cs === 'ascii' || cs === '')
    return bytes.toString('utf8');
  if (iconv.encodingExists(cs)) return iconv.decode(bytes, cs);
  return bytes.toString('utf8');
}

/** A text part's content as a string, at most `maxChars` characters. */
export function partText(part: MimePart, maxChars: number): string {
  const bytes = decodeTransfer(part);
  return decodeCharset(bytes.subarray(0, maxChars * 4), part.params.charset).slice(0, maxChars);
}

/** RFC 2047 encoded words (and raw UTF-8 sent by SMTPUTF8 servers) in a header value. */
export function decodeWords(value: string): string {
  const text = /[\u0080-\u00ff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  return text
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
      const cs = charset.split('*')[0];
      const bytes =
        enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return decodeCharset(bytes, cs);
    });
}

/** Every part of the tree, depth first, the root included. */
export function* walk(part: MimePart): Generator<MimePart> {
  yield part;
  for (const child of part.children) yield* walk(child);
}
