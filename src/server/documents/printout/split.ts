/** Cutting a printout into per-recipient PDFs (pdf-lib, the source parsed once). */
import { PDFDocument } from 'pdf-lib';
import { invalid, type PdfLimits } from './common.js';
import type { FindKey, PageMatch } from './keys.js';
import { pageTexts } from './text.js';

export interface SplitOptions extends PdfLimits {
  /** How much of an unmatched page's text to report (default 200 characters). */
  excerptChars?: number;
}

export interface SplitDocument {
  key: string;
  /** Pages of the printout, 1-based, consecutive. */
  pages: number[];
  /** 1 for the key's first document in the printout, 2 when the key comes back later, … */
  occurrence: number;
  pdf: Uint8Array;
}

export interface UnmatchedPage {
  page: number;
  /** The start of the page's text, whitespace collapsed. */
  text: string;
  reason: 'no_key' | 'ambiguous';
  /** The keys found on an ambiguous page. */
  candidates: string[];
}

export interface SplitResult {
  /** In printout order. */
  documents: SplitDocument[];
  unmatched: UnmatchedPage[];
  pageCount: number;
  /** Keys with more than one (non-consecutive) document. */
  repeatedKeys: string[];
}

function toMatch(result: string | null | PageMatch): PageMatch {
  if (result === null) return { key: null, reason: 'no_key' };
  if (typeof result === 'string') return result ? { key: result } : { key: null, reason: 'no_key' };
  return result;
}

/**
 * Cuts a printout into documents: consecutive pages with the same key form one document; the same key coming
 * back after other pages is a new document (occurrence 2, listed in `repeatedKeys`). Pages with no key (or
 * ambiguous ones) are reported in `unmatched` and go into no document. Each document is a new PDF with the
 * pages copied from the source (parsed once).
 */
export async function splitPrintout(
  pdf: Uint8Array,
  findKey: FindKey,
  options: SplitOptions = {},
): Promise<SplitResult> {
  const texts = await pageTexts(pdf, options);
  const excerptChars = options.excerptChars ?? 200;

  const runs: { key: string; pages: number[] }[] = [];
  const unmatched: UnmatchedPage[] = [];
  let previous: string | null = null;
  texts.forEach((text, index) => {
    const page = index + 1;
    const match = toMatch(findKey(text));
    if (match.key === null) {
      unmatched.push({
        page,
        text: text.replace(/\s+/g, ' ').slice(0, excerptChars),
        reason: match.reason,
        candidates: match.reason === 'ambiguous' ? match.candidates : [],
      });
      previous = null;
      return;
    }
    const last = runs.at(-1);
    if (last && previous === match.key) last.pages.push(page);
    else runs.push({ key: match.key, pages: [page] });
    previous = match.key;
  });

  let source: PDFDocument;
  try {
    source = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch {
    throw invalid('Plik PDF jest uszkodzony — nie da się go podzielić.', 'file', 'Uszkodzony PDF.');
  }
  if (source.getPageCount() !== texts.length)
    throw invalid('Plik PDF jest uszkodzony — nie da się go podzielić.', 'file', 'Uszkodzony PDF.');

  const seen = new Map<string, number>();
  const documents: SplitDocument[] = [];
  for (const run of runs) {
    const occurrence = (seen.get(run.key) ?? 0) + 1;
    seen.set(run.key, occurrence);
    // No metadata update: the same printout gives the same bytes.
    const target = await PDFDocument.create({ updateMetadata: false });
    const copied = await target.copyPages(
      source,
      run.pages.map((p) => p - 1),
    );
    for (const page of copied) target.addPage(page);
    documents.push({ key: run.key, pages: run.pages, occurrence, pdf: await target.save() });
  }
  const repeatedKeys = [...seen].filter(([, count]) => count > 1).map(([key]) => key);
  return { documents, unmatched, pageCount: texts.length, repeatedKeys };
}
