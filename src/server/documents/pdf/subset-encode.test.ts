import { describe, expect, it } from 'vitest';
import { mulberry32 as seededRandom } from '../../demo/random.js';
import { fonts } from './fonts.js';

interface Face {
  numGlyphs: number;
  glyphForCodePoint(cp: number): { id: number };
  createSubset(): {
    includeGlyph(gid: number): number;
    encode(): Uint8Array;
    __fontkitEncode(): Uint8Array;
  };
}

describe('subset fonts written without fontkit’s struct encoders', () => {
  it.each(['regular', 'bold'] as const)('are the bytes fontkit writes (%s)', (face) => {
    const font = fonts()[face] as Face;
    const random = seededRandom(face === 'regular' ? 7 : 11);
    // Text as documents draw it (composed Polish letters pull in their parts), then glyphs picked at random.
    const text = [...'Zawiadomienie: Radosław Ślusarczyk, ul. Źdźbło 5/1 — 1 205,97 zł… ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ'];
    const sets: number[][] = [
      [],
      text.map((ch) => font.glyphForCodePoint(ch.codePointAt(0)!).id),
      ...Array.from({ length: 40 }, (_, i) =>
        Array.from({ length: 1 + i * 5 }, () => Math.floor(random() * font.numGlyphs)),
      ),
    ];
    for (const glyphs of sets) {
      const ours = font.createSubset();
      const theirs = font.createSubset();
      for (const gid of glyphs) {
        ours.includeGlyph(gid);
        theirs.includeGlyph(gid);
      }
      expect(Buffer.from(ours.encode()).equals(Buffer.from(theirs.__fontkitEncode()))).toBe(true);
    }
  });
});
