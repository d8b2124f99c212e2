/** One PDF made of others' pages, in order (the paper pack): pdf-lib, each source parsed once. */
import { PDFDocument } from 'pdf-lib';

export interface MergeInput {
  /** Distinct source PDFs. */
  sources: Uint8Array[];
  /** Which source goes next, as indexes into `sources` (a source may come back). */
  order: number[];
  title: string;
  producer: string;
  /** Creation and modification date of the result, so the same input gives the same bytes. */
  createdAt: Date;
}

export async function mergePdfs(input: MergeInput): Promise<Uint8Array> {
  const pack = await PDFDocument.create();
  pack.setTitle(input.title);
  pack.setProducer(input.producer);
  pack.setCreationDate(input.createdAt);
  pack.setModificationDate(input.createdAt);
  const loaded = new Map<number, PDFDocument>();
  for (const index of input.order) {
    let src = loaded.get(index);
    if (!src) {
      src = await PDFDocument.load(input.sources[index]!);
      loaded.set(index, src);
    }
    for (const page of await pack.copyPages(src, src.getPageIndices())) pack.addPage(page);
  }
  return pack.save();
}
