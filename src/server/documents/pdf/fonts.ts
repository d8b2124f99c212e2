/**
 * Fonts for the drawing kit: Roboto (shipped in assets/fonts; every Polish glyph), parsed once per thread and
 * embedded as subsets, plus the fontkit/pdfkit patches that make drawing thousands of documents cheap (a glyph
 * cache for subsets, word layouts shared across documents, glyph-by-glyph layout without shaping).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { reuse, reuseUnicodeMaps } from './reused-streams.js';
import { encodeSubset, type SubsetState } from './subset-encode.js';

const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../assets/fonts');

export type FontFace = 'regular' | 'bold';
let parsed: Record<FontFace, unknown> | null = null;

/** fontkit faces, parsed once per thread; pdfkit accepts them in place of a file (no re-parse per document). */
export function fonts(): Record<FontFace, unknown> {
  if (!parsed) {
    parsed = {
      regular: fontkit.create(readFileSync(path.join(FONT_DIR, 'Roboto-Regular.ttf'))),
      bold: fontkit.create(readFileSync(path.join(FONT_DIR, 'Roboto-Bold.ttf'))),
    };
    cacheSubsetGlyphs(parsed.regular);
  }
  return parsed;
}

interface SubsetInternals {
  font: FontInternals;
  glyphs: number[];
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
  encode(): Uint8Array;
  /** fontkit's own encoder, kept for the test that compares it with ours. */
  __fontkitEncode?: () => Uint8Array;
}
interface FontInternals {
  _variationProcessor?: unknown;
  /** fontkit's glyph objects by id (getGlyph's cache). */
  _glyphs: Record<number, unknown>;
  loca: { offsets: number[] };
  getGlyph(gid: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
  _getTableStream(tag: string): { pos: number; readBuffer(n: number): Uint8Array };
  createSubset(): SubsetInternals;
}

/**
 * Every PDF embeds a subset of the font with the glyphs it uses; fontkit decodes each glyph again for every
 * subset. This keeps each glyph's bytes and metrics per face, so a subset is assembled from them (the same bytes
 * as fontkit's own code; variable fonts, which need re-encoding, take fontkit's path). Measured: 0.58 → 0.25 ms
 * per face and document. The subset file itself is then written by subset-encode.ts (fontkit's bytes, without its
 * generic struct encoders).
 */
function cacheSubsetGlyphs(anyFont: unknown) {
  const proto = Object.getPrototypeOf((anyFont as FontInternals).createSubset()) as SubsetInternals;
  const original = proto._addGlyph;
  if (typeof original !== 'function' || (proto as { __glyphCache?: true }).__glyphCache) return;
  const caches = new WeakMap<
    FontInternals,
    Map<
      number,
      { bytes: Uint8Array; components: { glyphID: number; pos: number }[] | null; advance: number; bearing: number }
    >
  >();
  (proto as { __glyphCache?: true }).__glyphCache = true;
  const fontkitEncode = proto.encode;
  proto.__fontkitEncode = fontkitEncode;
  const subsets = new WeakMap<FontInternals, Map<string, Uint8Array>>();
  proto.encode = function (this: SubsetInternals): Uint8Array {
    const probe = () => fontkitEncode.call(this.font.createSubset());
    // The file is fixed by the face and its glyphs in order (compound glyphs' parts follow from them): documents
    // with the same list share it, deflated once (reused-streams.ts).
    let kept = subsets.get(this.font);
    if (!kept) {
      kept = new Map();
      subsets.set(this.font, kept);
    }
    return reuse(
      kept,
      this.glyphs.join(','),
      () => encodeSubset(this as unknown as SubsetState, probe) ?? fontkitEncode.call(this),
    );
  };
  proto._addGlyph = function (this: SubsetInternals, gid: number): number {
    if (this.font._variationProcessor) return original.call(this, gid);
    let cache = caches.get(this.font);
    if (!cache) {
      cache = new Map();
      caches.set(this.font, cache);
    }
    let g = cache.get(gid);
    if (!g) {
      // fontkit keeps the first glyph object made for an id, with the code points its maker passed: made here
      // (no code points) it would stay code-point-less for everyone who asks later (fontkit issue #154). A glyph
      // first met as a component (the s of ś, the dot of …) would then drop out of the text layer. So the
      // object made here is not left in fontkit's cache.
      const known = gid in this.font._glyphs;
      const glyph = this.font.getGlyph(gid);
      if (!known) delete this.font._glyphs[gid];
      const glyf = glyph._decode();
      const from = this.font.loca.offsets[gid]!;
      const stream = this.font._getTableStream('glyf');
      stream.pos += from;
      g = {
        bytes: stream.readBuffer(this.font.loca.offsets[gid + 1]! - from),
        components: glyf && glyf.numberOfContours < 0 ? (glyf.components ?? []) : null,
        advance: glyph.advanceWidth,
        bearing: glyph._getMetrics().leftBearing,
      };
      cache.set(gid, g);
    }
    let bytes = g.bytes;
    if (g.components) {
      // A compound glyph names its parts by id: renumber them for this subset (on a copy).
      bytes = new Uint8Array(bytes);
      const view = new DataView(bytes.buffer);
      for (const c of g.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
    }
    this.glyf.push(bytes);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: g.advance, bearing: g.bearing });
    this.offset += bytes.length;
    return this.glyf.length - 1;
  };
}

/**
 * Word layouts shared by all documents of the thread. pdfkit caches each word's shaping per document; names,
 * labels and amounts repeat across thousands of documents, so the cache is kept (and bounded) across them.
 * pdfkit copies a cached run before changing it (justified text), so sharing is safe.
 */
/**
 * Words kept per face and thread before the cache starts afresh. Most words of a batch are its own (names, unit
 * numbers, amounts, account groups), so a large cache mostly holds words never drawn again, and at 50 000 words it
 * made each render thread's memory grow with the batch for thousands of documents (D80). The labels that do repeat
 * are laid out again after a reset, glyph by glyph from the glyph cache below.
 */
const LAYOUT_CACHE_LIMIT = 4_000;
const layoutCaches: Record<FontFace, Record<string, unknown>> = {
  regular: Object.create(null),
  bold: Object.create(null),
};

let documentsSinceCheck = 0;

export function shareLayoutCache(doc: PDFKit.PDFDocument, face: FontFace) {
  // Counting keys is linear in the cache size: do it now and then, not for every document.
  if (face === 'regular' && ++documentsSinceCheck >= 200) {
    documentsSinceCheck = 0;
    for (const f of ['regular', 'bold'] as const) {
      if (Object.keys(layoutCaches[f]).length > LAYOUT_CACHE_LIMIT) layoutCaches[f] = Object.create(null);
    }
  }
  doc.font(face);
  // pdfkit's EmbeddedFont keeps its cache in `layoutCache` and shapes in `layoutRun`; neither is in its types.
  const font = (doc as unknown as { _font: EmbeddedFontInternals })._font;
  font.layoutCache = layoutCaches[face];
  font.layoutRun = simpleLayout(font);
  reuseUnicodeMaps(font);
  // The digits take the first places of each subset, in a fixed order (D54): a subset numbers its glyphs in the
  // order the document first uses them, and amounts, dates and numbers bring the digits in a different order in
  // every document, so otherwise nearly every document had a subset of its own. This way documents of a batch
  // mostly share their subsets, and they are written and deflated once per thread (reused-streams.ts). Nothing
  // is drawn; a document that never prints a digit carries ten unused glyphs (about 0.5 kB per face).
  font.encode(FIRST_GLYPHS);
}

/** The characters whose glyphs come first in every subset, in this order. */
const FIRST_GLYPHS = '0123456789';

/** What pdfkit's EmbeddedFont reads of a glyph: the id, the width and the text it stands for (ToUnicode). */
interface Glyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
}
interface EmbeddedFontInternals {
  font: { glyphForCodePoint(cp: number): { id: number; advanceWidth: number } };
  scale: number;
  layoutCache?: Record<string, unknown>;
  layoutRun(text: string): unknown;
  /** Adds the text's glyphs to the subset (with their widths and text) and returns their codes. */
  encode(text: string): unknown;
}

const glyphCaches = new WeakMap<object, Map<number, Glyph>>();

/**
 * Characters drawn with their own glyph but written to the text layer as another (D42): the no-break space that
 * groups thousands and joins „zł” (D40) keeps the line together on the page and copies as a plain space, which
 * bank forms and searches take.
 */
const TEXT_AS: ReadonlyMap<number, number> = new Map([[0xa0, 0x20]]);

/**
 * Left-to-right layout glyph by glyph, without OpenType shaping (kerning, ligatures): Polish business documents
 * need neither, and fontkit's shaping of every new word (names, amounts, numbers) was the largest cost of
 * drawing a document. Glyphs are looked up once per face and thread, each with the code point it was drawn for.
 */
function simpleLayout(font: EmbeddedFontInternals) {
  let glyphs = glyphCaches.get(font.font);
  if (!glyphs) {
    glyphs = new Map();
    glyphCaches.set(font.font, glyphs);
  }
  const cache = glyphs;
  return (text: string) => {
    const run: Glyph[] = [];
    const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[] =
      [];
    let advanceWidth = 0;
    for (const ch of text.normalize('NFC')) {
      const cp = ch.codePointAt(0) as number;
      let glyph = cache.get(cp);
      if (!glyph) {
        // Our own record, not fontkit's glyph object: fontkit shares one object per glyph id whose code points
        // are whoever made it first (none when a subset made it as a component; one code point when two map to
        // the same glyph), and pdfkit writes the text layer from `codePoints`.
        const found = font.font.glyphForCodePoint(cp);
        const text = TEXT_AS.get(cp) ?? cp;
        glyph = Object.freeze({ id: found.id, advanceWidth: found.advanceWidth, codePoints: Object.freeze([text]) });
        cache.set(cp, glyph);
      }
      const advance = glyph.advanceWidth * font.scale;
      run.push(glyph);
      positions.push({ xAdvance: advance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: advance });
      advanceWidth += advance;
    }
    return { glyphs: run, positions, advanceWidth };
  };
}
