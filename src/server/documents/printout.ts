/**
 * Printouts from rent systems: one big PDF with the documents of many recipients one after another (a notice
 * may take several pages), or a ZIP of PDFs named by the recipient's key. Pure functions, no database:
 *
 * - `pageTexts` reads the text of every page (pdf.js, in this thread) — printout/text.ts,
 * - `keyMatcher` builds the function that says whose page it is (external key, NRB, unit number…) — printout/keys.ts,
 * - `splitPrintout` cuts the printout into per-recipient PDFs (pdf-lib, the source parsed once) — printout/split.ts,
 * - `readPdfZip` unpacks a ZIP of PDFs with limits checked before anything is inflated — printout/zip.ts.
 *
 * Every refusal is a ValidationError with a message for the office clerk. These run where they cannot hurt the
 * server: the server reads PDFs through read-pool.ts (separate processes, with limits), never by calling these.
 */
export { looksLikePdf, type PdfLimits } from './printout/common.js';
export { type FindKey, type KeyPatterns, keyMatcher, type PageMatch } from './printout/keys.js';
export {
  type SplitDocument,
  type SplitOptions,
  type SplitResult,
  splitPrintout,
  type UnmatchedPage,
} from './printout/split.js';
export { pageTexts } from './printout/text.js';
export { readPdfZip, type ZipLimits, type ZipPdf, type ZipRejection } from './printout/zip.js';
