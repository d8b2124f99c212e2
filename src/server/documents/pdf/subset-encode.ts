/**
 * fontkit writes each document's TrueType subset through generic struct encoders, deep-cloning the head, hhea and
 * maxp tables first; for a page of text that was a seventh of drawing a document. This writes the same bytes
 * directly: the tables that do not depend on the glyphs (head, the fixed programs) and the layout of the file are
 * taken once per face from a subset fontkit made itself, then each subset fills in its glyphs, their offsets and
 * metrics and the two glyph counts. `subset-encode.test.ts` compares the two byte for byte.
 */

/** What fontkit's TTFSubset holds after adding its glyphs (see fonts.ts). */
export interface SubsetState {
  font: object & { _variationProcessor?: unknown; loca: { version: number } };
  glyphs: number[];
  glyf: Uint8Array[];
  loca: { offsets: number[]; version: number };
  hmtx: { metrics: { advance: number; bearing: number }[]; bearings: number[] };
  offset: number;
  _addGlyph(gid: number): number;
}

interface Layout {
  /** Table tags in fontkit's order. */
  tags: string[];
  /** The bytes of every table that does not depend on the glyphs (hhea and maxp get their counts patched). */
  fixed: Map<string, Uint8Array>;
}

const layouts = new WeakMap<object, Layout | false>();
/** The tables fontkit's subset writes; any other table, or a variable font, goes through fontkit's own encoder. */
const KNOWN = new Set(['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm']);

function layoutOf(font: object, probe: () => Uint8Array): Layout | null {
  const known = layouts.get(font);
  if (known !== undefined) return known || null;
  // A subset of fontkit's own making, read back through its table directory.
  const bytes = probe();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tags: string[] = [];
  const fixed = new Map<string, Uint8Array>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const entry = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(entry, entry + 4));
    if (!KNOWN.has(tag)) {
      layouts.set(font, false);
      return null;
    }
    tags.push(tag);
    const offset = view.getUint32(entry + 8);
    fixed.set(tag, bytes.slice(offset, offset + view.getUint32(entry + 12)));
  }
  const layout = { tags, fixed };
  layouts.set(font, layout);
  return layout;
}

/**
 * The subset's TrueType file, as fontkit's TTFSubset.encode writes it: a directory (checksums 0) and the tables
 * back to back in fontkit's order. `fontkitEncode` makes the probe subset the layout is read from; null when this
 * font needs fontkit's own path.
 */
export function encodeSubset(subset: SubsetState, fontkitEncode: () => Uint8Array): Uint8Array | null {
  if (subset.font._variationProcessor) return null;
  const layout = layoutOf(subset.font, fontkitEncode);
  if (!layout) return null;
  // fontkit's own first steps: every glyph (compound glyphs add their parts as they go), then the closing offset.
  subset.glyf = [];
  subset.offset = 0;
  subset.loca = { offsets: [], version: subset.font.loca.version };
  subset.hmtx = { metrics: [], bearings: [] };
  for (let i = 0; i < subset.glyphs.length; i++) subset._addGlyph(subset.glyphs[i]!);
  subset.loca.offsets.push(subset.offset);
  const count = subset.glyf.length;

  const tables = layout.tags.map((tag): Uint8Array => {
    switch (tag) {
      case 'hhea':
      case 'maxp': {
        const table = layout.fixed.get(tag)!.slice();
        // hhea.numberOfMetrics is its last field; maxp.numGlyphs follows the version.
        new DataView(table.buffer).setUint16(tag === 'hhea' ? table.length - 2 : 4, count);
        return table;
      }
      case 'loca': {
        const long = subset.loca.version === 1;
        const table = new Uint8Array(subset.loca.offsets.length * (long ? 4 : 2));
        const view = new DataView(table.buffer);
        subset.loca.offsets.forEach((offset, i) => {
          if (long) view.setUint32(i * 4, offset);
          else view.setUint16(i * 2, offset >>> 1);
        });
        return table;
      }
      case 'glyf': {
        const table = new Uint8Array(subset.offset);
        let at = 0;
        for (const glyph of subset.glyf) {
          table.set(glyph, at);
          at += glyph.length;
        }
        return table;
      }
      case 'hmtx': {
        const table = new Uint8Array(subset.hmtx.metrics.length * 4);
        const view = new DataView(table.buffer);
        subset.hmtx.metrics.forEach((m, i) => {
          view.setUint16(i * 4, m.advance);
          view.setInt16(i * 4 + 2, m.bearing);
        });
        return table;
      }
      default:
        return layout.fixed.get(tag)!;
    }
  });

  const numTables = tables.length;
  const directory = 12 + 16 * numTables;
  const out = new Uint8Array(directory + tables.reduce((n, t) => n + t.length, 0));
  const view = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.set([0x74, 0x72, 0x75, 0x65]); // 'true', as fontkit tags it
  view.setUint16(4, numTables);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, numTables * 16 - power * 16);
  let offset = directory;
  layout.tags.forEach((tag, i) => {
    const entry = 12 + 16 * i;
    for (let c = 0; c < 4; c++) out[entry + c] = tag.charCodeAt(c);
    view.setUint32(entry + 8, offset);
    view.setUint32(entry + 12, tables[i]!.length);
    out.set(tables[i]!, offset);
    offset += tables[i]!.length;
  });
  return out;
}
