/**
 * A minimal byte-level XML tag scanner for checking spreadsheet parts before a real parser sees them: it walks
 * tags and text runs without building a tree or decoding the text, so its memory does not grow with the input.
 * Not a validating parser: it refuses DTDs (entity bombs) and reports what it meets; the real parser comes after.
 */

export class XmlProblem extends Error {}

export interface XmlHandler {
  /** A start tag (or a self-closing one). `name` is the local name, without a namespace prefix. */
  open(name: string, start: number, end: number, selfClosing: boolean): void;
  close(name: string, start: number, end: number): void;
  /** Character data between tags, or a CDATA section's content: bytes [start, end). */
  text?(start: number, end: number): void;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOS = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
const COLON = 0x3a;

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

function indexOfSeq(xml: Uint8Array, seq: number[], from: number): number {
  const first = seq[0]!;
  for (let i = xml.indexOf(first, from); i !== -1; i = xml.indexOf(first, i + 1)) {
    let ok = true;
    for (let k = 1; k < seq.length && ok; k++) ok = xml[i + k] === seq[k];
    if (ok) return i;
  }
  return -1;
}

const bytesOf = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const COMMENT_END = bytesOf('-->');
const CDATA_START = bytesOf('<![CDATA[');
const CDATA_END = bytesOf(']]>');
const PI_END = bytesOf('?>');

function startsWith(xml: Uint8Array, at: number, seq: number[]): boolean {
  for (let k = 0; k < seq.length; k++) if (xml[at + k] !== seq[k]) return false;
  return true;
}

/** A Buffer view of the same bytes (no copy), for its native latin1/utf8 slicing. */
const bufferOf = (xml: Uint8Array) =>
  Buffer.isBuffer(xml) ? xml : Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);

/** Walks every tag and text run of `xml` in order. */
export function scanXml(xml: Uint8Array, handler: XmlHandler): void {
  const buf = bufferOf(xml);
  let pos = 0;
  const n = xml.length;
  while (pos < n) {
    const lt = xml.indexOf(LT, pos);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > pos && handler.text) handler.text(pos, textEnd);
    if (lt === -1) return;
    const next = xml[lt + 1];
    if (next === BANG) {
      if (startsWith(xml, lt, CDATA_START)) {
        const close = indexOfSeq(xml, CDATA_END, lt + 9);
        if (close === -1) throw new XmlProblem('unterminated CDATA');
        handler.text?.(lt + 9, close);
        pos = close + 3;
      } else if (xml[lt + 2] === 0x2d && xml[lt + 3] === 0x2d) {
        const close = indexOfSeq(xml, COMMENT_END, lt + 4);
        if (close === -1) throw new XmlProblem('unterminated comment');
        pos = close + 3;
      } else {
        // <!DOCTYPE …> and <!ENTITY …>: no spreadsheet part has one, and entity expansion is how XML bombs work.
        throw new XmlProblem('DTD');
      }
      continue;
    }
    if (next === QUESTION) {
      const close = indexOfSeq(xml, PI_END, lt + 2);
      if (close === -1) throw new XmlProblem('unterminated processing instruction');
      pos = close + 2;
      continue;
    }
    const closing = next === SLASH;
    let i = closing ? lt + 2 : lt + 1;
    const nameStart = i;
    let localStart = i;
    while (i < n && !isSpace(xml[i]!) && xml[i] !== GT && xml[i] !== SLASH) {
      if (xml[i] === COLON) localStart = i + 1;
      i++;
    }
    if (i === nameStart) throw new XmlProblem('empty tag name');
    const name = buf.toString('latin1', localStart, i);
    // The tag's end: the first '>' outside a quoted attribute value.
    let quote = 0;
    while (i < n) {
      const b = xml[i]!;
      if (quote) {
        if (b === quote) quote = 0;
      } else if (b === QUOTE || b === APOS) quote = b;
      else if (b === GT) break;
      i++;
    }
    if (i >= n) throw new XmlProblem('unterminated tag');
    const end = i + 1;
    if (closing) handler.close(name, lt, end);
    else handler.open(name, lt, end, xml[i - 1] === SLASH);
    pos = end;
  }
}

/** The raw value of attribute `qname` (exactly as written, e.g. "r" or "r:id") in the tag [start, end), or null. */
export function attribute(xml: Uint8Array, start: number, end: number, qname: string): string | null {
  const buf = bufferOf(xml);
  let i = start + 1;
  while (i < end && !isSpace(xml[i]!) && xml[i] !== GT && xml[i] !== SLASH) i++;
  while (i < end) {
    while (i < end && (isSpace(xml[i]!) || xml[i] === SLASH)) i++;
    if (i >= end || xml[i] === GT) return null;
    const nameStart = i;
    while (i < end && xml[i] !== 0x3d && !isSpace(xml[i]!) && xml[i] !== GT) i++;
    const name = buf.toString('latin1', nameStart, i);
    while (i < end && isSpace(xml[i]!)) i++;
    if (xml[i] !== 0x3d) continue;
    i++;
    while (i < end && isSpace(xml[i]!)) i++;
    const q = xml[i];
    if (q !== QUOTE && q !== APOS) return null;
    const valueStart = i + 1;
    const valueEnd = xml.indexOf(q, valueStart);
    if (valueEnd === -1 || valueEnd >= end) return null;
    if (name === qname) {
      const value = buf.toString('utf8', valueStart, valueEnd);
      return value.includes('&') ? decodeEntities(value) : value;
    }
    i = valueEnd + 1;
  }
  return null;
}

/** Characters of the text [start, end): UTF-8 sequences and entity references count as one each. */
export function textLength(xml: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const b = xml[i]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b === 0x26) {
      const semi = xml.indexOf(0x3b, i);
      if (semi !== -1 && semi < end && semi - i <= 12) i = semi;
    }
    // Characters beyond U+FFFF are two UTF-16 units in JavaScript, as Excel counts them.
    count += b >= 0xf0 ? 2 : 1;
  }
  return count;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

/** The first `max` characters of the text [start, end), decoded, for an error message. */
export function textPrefix(xml: Uint8Array, start: number, end: number, max: number): string {
  const slice = xml.subarray(start, Math.min(end, start + max * 8 + 16));
  return decodeEntities(bufferOf(slice).toString('utf8')).slice(0, max + 1);
}
