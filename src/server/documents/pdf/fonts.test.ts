import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/support/pdf.js';
import { renderPdf } from './sheet.js';

// Fonts and their glyph caches live per thread: this file's order matters (the first PDF primes the caches).
const meta = { title: 'Test', author: 'Test', createdAt: new Date('2026-03-02T08:00:00Z') };
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('PDF text layer across documents of one thread', () => {
  it('keeps the letters that an earlier document pulled in as parts of composed letters', async () => {
    // Only composed letters (and the ellipsis): their parts (s, c, o, z, n, S, Z, O, N, C, the dot) enter the
    // subsets as components, not as text.
    const composed = 'Święto ść óź ż ę ą ń ć … Ł Ś Ć Ź Ż Ó Ń';
    const first = await renderPdf(meta, (sheet) => {
      sheet.paragraph(composed, { bold: true });
      sheet.paragraph(composed);
    });
    expect(flat(pdfText(first))).toBe(`${composed} ${composed}`);

    const sentence = 'Radosław Ślusarczyk, ul. Kwiatowa 5/1, 01.02.2027, osiemset czterdzieści';
    const capitals = 'SOCZEWKA NOC ZONA';
    const second = await renderPdf(meta, (sheet) => {
      sheet.paragraph(sentence, { bold: true });
      sheet.paragraph(sentence);
      sheet.paragraph(capitals, { bold: true });
      sheet.paragraph(capitals);
    });
    expect(flat(pdfText(second))).toBe(`${sentence} ${sentence} ${capitals} ${capitals}`);
  });
});
