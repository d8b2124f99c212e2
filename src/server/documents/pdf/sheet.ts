/**
 * Renders a document with the drawing kit (kit.ts) and returns the PDF bytes. Fonts are Roboto (shipped in
 * assets/fonts; every Polish glyph), parsed once per thread and embedded as subsets (fonts.ts). This is the
 * module callers import: it re-exports the kit's types and helpers.
 */
import PDFDocument from 'pdfkit';
import { fonts, shareLayoutCache } from './fonts.js';
import { numberPages, PAGE, Sheet } from './kit.js';
import { deflateReusedStreams } from './reused-streams.js';

export { formatNip } from './format.js';
export type { Column, Party, TableOptions } from './kit.js';
export { PAGE, Sheet } from './kit.js';

export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  /** Fixed creation date so the same data gives the same bytes (and the same blob). */
  createdAt: Date;
  /**
   * `standard`: pdfkit's built-in Helvetica, nothing embedded — it cannot print Polish letters, so it is used
   * only as the speed ceiling in bench/generate.ts.
   */
  fonts?: 'embedded' | 'standard';
}

/** Draws a document with the kit and returns the PDF bytes. Pages are numbered "Strona 1 z 2" when more than one. */
export function renderPdf(meta: PdfMeta, draw: (sheet: Sheet) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    // No default font: pdfkit would otherwise load Helvetica's metrics for every document.
    font: null as unknown as string,
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin - 20, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject ?? meta.title,
      Producer: 'Listonosz',
      Creator: 'Listonosz',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  if (meta.fonts === 'standard') {
    doc.registerFont('regular', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  } else {
    const f = fonts();
    deflateReusedStreams(doc);
    // pdfkit takes an already parsed fontkit face (anything with layout()); its types only list files/buffers.
    doc.registerFont('regular', f.regular as Buffer);
    doc.registerFont('bold', f.bold as Buffer);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (meta.fonts === 'standard') doc.font('regular');
  else {
    shareLayoutCache(doc, 'bold');
    shareLayoutCache(doc, 'regular');
  }
  doc.fontSize(10);
  draw(new Sheet(doc));
  numberPages(doc);
  doc.end();
  return done;
}
