import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toUnicodeEntries } from '../../../../test/support/pdf.js';
import { formatMoney } from '../../../shared/format.js';
import { renderPdf } from './sheet.js';

const meta = { title: 'Test', author: 'Test', createdAt: new Date('2026-03-02T08:00:00Z') };
/** pdftotext's text exactly as printed (no layout, nothing folded). */
const extracted = (pdf: Buffer) =>
  execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString();

describe('amounts in the PDF text layer (D42)', () => {
  // 1 205,97 zł: a no-break space groups the thousands and joins the unit (D40).
  const amount = formatMoney(120_597);

  it.each([
    ['a space drawn before the amount', `Do zapłaty ${amount}`, `Razem ${amount} miesięcznie`],
    ['the amount drawn first', `${amount} do zapłaty`, `${amount} razem miesięcznie`],
  ])('copies with plain spaces when %s, in both weights', async (_, regular, bold) => {
    expect(amount).toBe('1\u00a0205,97\u00a0zł');
    const pdf = await renderPdf(meta, (sheet) => {
      sheet.paragraph(regular);
      sheet.paragraph(bold, { bold: true });
    });
    const plain = (s: string) => s.replaceAll('\u00a0', ' ');
    expect(extracted(pdf)).toBe(`${plain(regular)}\n${plain(bold)}\n\n\f`);
    // What a viewer copies comes from the fonts' ToUnicode maps: the no-break space's glyph reads as U+0020 there
    // too, so a bank form given the amount sees the plain space it takes, whatever the viewer folds.
    const maps = toUnicodeEntries(pdf);
    expect(maps).toHaveLength(2);
    for (const entries of maps) {
      expect(entries.flat()).not.toContain(0xa0);
      expect(entries.filter((cps) => cps.length === 1 && cps[0] === 0x20).length).toBeGreaterThanOrEqual(2);
    }
  });
});
