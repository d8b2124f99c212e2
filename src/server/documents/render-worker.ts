/** Piscina worker: renders one document's PDF. Fonts are parsed once per thread (see pdf/sheet.ts). */
import { move } from 'piscina';
import { type RenderJob, renderDocumentPdf } from './render.js';

export default async function render(job: RenderJob) {
  const pdf = await renderDocumentPdf(job);
  // The PDF's memory is handed to the caller, not copied (a buffer that shares Node's small-buffer pool is copied
  // first: that memory is not ours to give away).
  const own =
    pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength
      ? new Uint8Array(pdf.buffer)
      : Uint8Array.from(pdf);
  return move(own);
}
