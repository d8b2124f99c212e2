/** Whether an uploaded PDF can really be read: every page by pdf.js and the whole file by pdf-lib. */
import { PDFDocument } from 'pdf-lib';
import { invalid, type PdfLimits } from './common.js';
import { pageTexts } from './text.js';

/**
 * Reads the file as the app will use it later: the text of every page (pdf.js; refuses HTML, truncated, broken
 * and encrypted files and files over the limits) and its structure (pdf-lib, which merges the paper pack), and
 * checks that both see the same pages. Returns the page count; throws a ValidationError for the clerk.
 */
export async function checkPdf(pdf: Uint8Array, limits: PdfLimits = {}): Promise<{ pages: number }> {
  const texts = await pageTexts(pdf, limits);
  let pages: number;
  try {
    pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
  } catch {
    pages = -1;
  }
  if (pages !== texts.length)
    throw invalid('Plik PDF jest uszkodzony — nie da się go odczytać.', 'file', 'Uszkodzony PDF.');
  return { pages };
}
