import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, normalised, primerCase, type TextCase, textCase } from '../../../test/support/text-layer.js';
import { createRenderPool } from './pool.js';

const run = promisify(execFile);
const PER_TYPE = 300;
const BATCH = 60;
const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-text-layer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `task` over `items`, `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        await task(items[i]!, i);
      }
    }),
  );
}

const pagesOf = (pdf: Buffer) => Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]);

/**
 * Checks documents in one batch (two processes per document would take minutes on a busy machine): qpdf copies
 * every page of the batch's PDFs into one file — reading each PDF, failing on any error or warning — and
 * `qpdf --check` checks that file, decoding every content and font stream of every document; pdftotext reads it
 * once, pages split by form feeds and given back to their documents.
 */
async function checkBatch(batch: { file: string; pages: number; case: TextCase }[], name: string): Promise<string[]> {
  const problems: string[] = [];
  const merged = path.join(dir, `${name}.pdf`);
  try {
    await run('/usr/bin/qpdf', ['--empty', '--pages', ...batch.map((d) => d.file), '--', merged]);
  } catch (err) {
    return [`${name}: qpdf could not read the documents: ${(err as { stderr?: string }).stderr ?? err}`];
  }
  const check = await run('/usr/bin/qpdf', ['--check', merged]).catch((err: { stdout?: string }) => ({
    stdout: err.stdout ?? String(err),
  }));
  if (!check.stdout.includes('No syntax or stream encoding errors')) problems.push(`${name}: ${check.stdout}`);
  const { stdout } = await run('/usr/bin/pdftotext', ['-enc', 'UTF-8', merged, '-'], { maxBuffer: 1 << 26 });
  const pages = stdout.split('\f');
  let page = 0;
  for (const d of batch) {
    const text = normalised(pages.slice(page, page + d.pages).join(' '));
    page += d.pages;
    for (const want of d.case.expected) {
      if (!text.includes(normalised(want))) problems.push(`${path.basename(d.file)}: missing “${want}”`);
    }
  }
  if (page !== pages.length - 1) problems.push(`${name}: ${pages.length - 1} pages of text, ${page} rendered`);
  return problems;
}

describe('PDF text layer: every document type, many documents in one render thread', () => {
  it(`extracts names, addresses, amounts (in words too), dates and NRBs exactly from ${PER_TYPE} documents of each type`, async () => {
    // One worker thread, as production renders: fonts, subsets' glyphs and word layouts are shared by every
    // document it draws, whatever it drew before. The first has composed letters without their parts; then the
    // types interleave, so each document follows others.
    const cases: TextCase[] = [primerCase()];
    for (let i = 0; i < PER_TYPE; i++) for (const type of DOCUMENT_TYPES) cases.push(textCase(type, i));
    const pool = createRenderPool(1);
    const problems: string[] = [];
    let checking = Promise.resolve();
    try {
      for (let from = 0; from < cases.length; from += BATCH) {
        const part = cases.slice(from, from + BATCH);
        const batch: { file: string; pages: number; case: TextCase }[] = [];
        // A few jobs queued at once, as the import does; the one thread draws them one after another.
        await eachLimited(part, 4, async (c, k) => {
          const pdf = await pool.render(c.job);
          const file = path.join(dir, `${String(from + k).padStart(4, '0')}-${c.job.type}.pdf`);
          writeFileSync(file, pdf);
          batch[k] = { file, pages: pagesOf(pdf), case: c };
        });
        // The batch is checked while the thread draws the next one.
        checking = checking.then(async () => {
          problems.push(...(await checkBatch(batch, `batch-${from}`)));
        });
      }
    } finally {
      await pool.close();
      await checking;
    }
    expect(cases).toHaveLength(1 + PER_TYPE * DOCUMENT_TYPES.length);
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);
  }, 300_000);
});
