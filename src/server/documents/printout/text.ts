/** The text of a printout's pages, read with pdf.js (in the calling thread: a reading process, read-pool.ts). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ValidationError } from '../../lib/errors.js';
import { checkInput, DEFAULT_MAX_PAGES, invalid, type PdfLimits, pagesWord } from './common.js';

interface TextPiece {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

function isTextPiece(item: unknown): item is TextPiece {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/**
 * Joins pdf.js text pieces: a new line where the baseline changes, a space where there is a visible gap on the
 * line, nothing where a word was only split into pieces (kerning), so "L00" + "12" stays "L0012".
 */
function joinPieces(items: readonly unknown[]): string {
  let out = '';
  let last: { y: number; end: number; size: number; upright: boolean } | null = null;
  for (const item of items) {
    if (!isTextPiece(item)) continue;
    const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform;
    const upright = Math.abs(b) < 1e-6 && Math.abs(c) < 1e-6;
    const size = Math.abs(d) || Math.abs(a) || item.height || 1;
    if (item.str.length > 0) {
      if (last && out.length > 0 && !/\s$/.test(out)) {
        if (!upright || !last.upright) out += ' ';
        else if (Math.abs(y - last.y) > Math.max(size, last.size) * 0.5) out += '\n';
        else {
          const gap = x - last.end;
          if (gap > Math.min(size, last.size) * 0.15 || gap < -Math.max(size, last.size)) out += ' ';
        }
      }
      out += item.str;
      last = { y, end: x + item.width, size, upright };
    }
    if (item.hasEOL) out += '\n';
  }
  return out
    .normalize('NFC')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface PdfjsError {
  name?: string;
  message?: string;
}

function pdfjsFailure(error: unknown): ValidationError {
  const name = (error as PdfjsError | null)?.name;
  if (name === 'PasswordException')
    return invalid(
      'Plik PDF jest zabezpieczony hasłem — zapisz go bez hasła i wgraj ponownie.',
      'file',
      'PDF z hasłem.',
    );
  return invalid('Plik PDF jest uszkodzony — nie da się go odczytać.', 'file', 'Uszkodzony PDF.');
}

/**
 * The text of each page (index 0 = page 1). Pieces on one line are joined with spaces where there is a gap,
 * lines with "\n", so an NRB printed as "34 1020 1026 …" comes out with its spaces.
 * Refuses non-PDFs, encrypted and broken files and files over the limits (ValidationError).
 */
export async function pageTexts(pdf: Uint8Array, limits: PdfLimits = {}): Promise<string[]> {
  checkInput(pdf, limits);
  const maxPages = limits.maxPages ?? DEFAULT_MAX_PAGES;
  // pdf.js takes ownership of (and may detach) the buffer it gets, and refuses a Node Buffer: give it a copy.
  const task = getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    verbosity: 0,
  });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (error) {
      throw pdfjsFailure(error);
    }
    const { info } = await doc.getMetadata().catch(() => ({ info: {} as Record<string, unknown> }));
    if ((info as { EncryptFilterName?: unknown }).EncryptFilterName)
      throw invalid(
        'Plik PDF jest zaszyfrowany — zapisz go bez zabezpieczeń i wgraj ponownie.',
        'file',
        'Zaszyfrowany PDF.',
      );
    if (doc.numPages < 1) throw invalid('Plik PDF nie ma żadnej strony.', 'file', 'PDF bez stron.');
    if (doc.numPages > maxPages)
      throw invalid(
        `Plik ma ${pagesWord(doc.numPages)}, a można wgrać najwyżej ${maxPages}.`,
        'file',
        'Za dużo stron.',
      );
    const texts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        texts.push(joinPieces(content.items));
        page.cleanup();
      } catch (error) {
        if (error instanceof ValidationError) throw error;
        throw invalid(`Plik PDF jest uszkodzony — nie da się odczytać strony ${n}.`, 'file', 'Uszkodzony PDF.');
      }
    }
    return texts;
  } finally {
    await task.destroy();
  }
}
