/**
 * Streams many documents of a thread share byte for byte, compressed once (D54). Each PDF embeds its font subsets
 * and their ToUnicode maps as deflated streams; a subset is fixed by the face and the glyphs in the order the
 * document first used them, a map by its text, so documents that use the same glyphs in the same order (every
 * page of a batch whose variable parts bring no new glyph, or bring them in the same order) get the same streams.
 * Here such a stream's content is kept by that key and its deflated bytes beside it; pdfkit's stream writer then
 * takes those bytes instead of deflating again. The output is the same bytes: the deflated bytes are made by the
 * same call pdfkit makes (zlib.deflateSync with its defaults), from the same content.
 */
import { deflateSync } from 'node:zlib';

/** Contents kept per cache before it starts afresh (a subset is 5–15 kB, its deflated bytes about half). */
const LIMIT = 256;

/** Contents handed out by `reuse`, with their deflated bytes once made. */
const deflated = new WeakMap<Uint8Array, Uint8Array | null>();

/**
 * The content for `key` from `cache`, made by `make` the first time. The same object is returned for the same key,
 * so the stream writer recognises it and writes its deflated bytes, made once.
 */
export function reuse(cache: Map<string, Uint8Array>, key: string, make: () => Uint8Array): Uint8Array {
  let bytes = cache.get(key);
  if (!bytes) {
    if (cache.size >= LIMIT) cache.clear();
    bytes = make();
    cache.set(key, bytes);
    deflated.set(bytes, null);
  }
  return bytes;
}

interface ReferenceInternals {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
  end(chunk?: unknown): void;
}

const patched = new WeakSet<object>();

/**
 * Teaches pdfkit's stream writer (PDFReference, reached through the document's catalogue) to write the kept
 * deflated bytes of a reused content. A stream is compressed when it is finalised; a reused content arrives as
 * its only chunk, untouched (pdfkit copies chunks, it never changes them).
 */
export function deflateReusedStreams(doc: PDFKit.PDFDocument): void {
  const proto = Object.getPrototypeOf((doc as unknown as { _root: object })._root) as ReferenceInternals;
  if (patched.has(proto)) return;
  patched.add(proto);
  const finalize = proto.finalize;
  proto.finalize = function (this: ReferenceInternals) {
    const only = this.buffer.length === 1 ? this.buffer[0]! : null;
    if (this.compress && only && deflated.has(only)) {
      let bytes = deflated.get(only);
      if (!bytes) {
        bytes = deflateSync(only);
        deflated.set(only, bytes);
      }
      // Already compressed: pdfkit writes it as it is (the FlateDecode filter was set when the content came).
      this.compress = false;
      this.buffer = [bytes];
    }
    finalize.call(this);
  };
}

interface EmbeddedFontInternals {
  document: { ref(data?: unknown): ReferenceInternals };
  toUnicodeCmap(): unknown;
}

const cmaps = new Map<string, Uint8Array>();

/**
 * pdfkit writes a font's ToUnicode map as text, which its writer turns into new bytes each time; here the text
 * goes in as the kept bytes of that text (the same bytes pdfkit would make: one byte per character, a newline).
 */
export function reuseUnicodeMaps(font: object): void {
  const proto = Object.getPrototypeOf(font) as EmbeddedFontInternals;
  if (patched.has(proto)) return;
  patched.add(proto);
  const toUnicodeCmap = proto.toUnicodeCmap;
  proto.toUnicodeCmap = function (this: EmbeddedFontInternals) {
    const doc = this.document;
    const ref = doc.ref;
    doc.ref = function (this: unknown, data?: unknown) {
      const made = ref.call(this, data);
      const end = made.end;
      made.end = function (this: ReferenceInternals, chunk?: unknown) {
        if (typeof chunk !== 'string') return end.call(this, chunk);
        return end.call(
          this,
          reuse(cmaps, chunk, () => new Uint8Array(Buffer.from(`${chunk}\n`, 'latin1'))),
        );
      };
      return made;
    };
    try {
      return toUnicodeCmap.call(this);
    } finally {
      delete (doc as { ref?: unknown }).ref;
      if (doc.ref !== ref) doc.ref = ref;
    }
  };
}
