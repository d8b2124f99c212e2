import { renderPdf } from './pdf/sheet.js';
import { documentType } from './registry.js';
import type { DocumentParties, DocumentTypeName } from './types/document-type.js';

export interface RenderJob {
  type: DocumentTypeName;
  /** Data already parsed by the type's schema (normalised: grosze, ISO dates). */
  data: unknown;
  parties: DocumentParties;
  /** ISO instant written into the PDF's metadata. */
  createdAt: string;
  /** Only the benchmark's ceiling uses 'standard' (Helvetica, no Polish letters). */
  fonts?: 'embedded' | 'standard';
}

/** Renders one document's PDF on the calling thread (the pool calls this in its workers). */
export function renderDocumentPdf(job: RenderJob): Promise<Buffer> {
  const def = documentType(job.type);
  return renderPdf(
    {
      title: def.title(job.data, job.parties),
      author: job.parties.issuer.name,
      createdAt: new Date(job.createdAt),
      fonts: job.fonts,
    },
    (sheet) => def.draw(sheet, job.data, job.parties),
  );
}
