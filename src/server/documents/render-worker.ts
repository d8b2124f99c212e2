/** Piscina worker: renders one document's PDF. Fonts are parsed once per thread (see pdf/sheet.ts). */
import { move } from 'piscina';
import { transferableBytes } from '../lib/workers.js';
import { type RenderJob, renderDocumentPdf } from './render.js';

export default async function render(job: RenderJob) {
  const pdf = await renderDocumentPdf(job);
  // The PDF's memory is handed to the caller, not copied.
  return move(transferableBytes(pdf));
}
