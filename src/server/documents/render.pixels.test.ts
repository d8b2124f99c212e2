import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pinnedJobs } from '../../../test/support/pdf-jobs.js';
import { renderDocumentPdf } from './render.js';

/**
 * What a reader gets from a fixed set of documents, independent of how the file is written: the text poppler
 * extracts and the pages it draws (greyscale, 72 dpi), pinned by their SHA-256. The byte pin
 * (render.bytes.test.ts) is rewritten when a change of the file's make-up is deliberate (glyph numbering in the
 * font subsets, compression); this one must then still hold (D54). Rewrite it only for a change of what is
 * printed: `UPDATE_PDF_PIXELS=1 npx vitest run src/server/documents/render.pixels.test.ts`.
 */
const FIXTURE = new URL('../../../test/fixtures/pdf-pixels.json', import.meta.url);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function seen(pdf: Buffer) {
  const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf });
  // Every page as a PGM image, one after another on stdout.
  const pixels = execFileSync('/usr/bin/pdftoppm', ['-r', '72', '-gray', '-'], { input: pdf, maxBuffer: 1 << 26 });
  return { text: sha(text), pixels: sha(pixels) };
}

describe('rendered PDF text and pages', () => {
  it('are as recorded', async () => {
    const got: Record<string, { text: string; pixels: string }> = {};
    for (const [name, job] of pinnedJobs()) got[name] = seen(await renderDocumentPdf(job));
    if (process.env.UPDATE_PDF_PIXELS) writeFileSync(FIXTURE, `${JSON.stringify(got, null, 2)}\n`);
    expect(got).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  }, 120_000);
});
