/** Piscina worker: renders one document's PDF. Fonts are parsed once per thread (see pdf/sheet.ts). */
import { type RenderJob, renderDocumentPdf } from './render.js';

export default async function render(job: RenderJob): Promise<Uint8Array> {
  return renderDocumentPdf(job);
}
