/**
 * The paper pack (do druku): one PDF to print for everyone whose documents do not go by e-mail — a list of
 * who gets what and why first, then each recipient's copy of their document, in print order.
 */
import type { PaperReason } from '../../../shared/batches.js';
import { formatDate } from '../../../shared/format.js';
import type { Db } from '../../db/schema.js';
import { renderPdf } from '../../documents/pdf/sheet.js';
import type { PdfReader } from '../../documents/read-pool.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { BatchesRepository } from './batches.repository.js';

export const PAPER_REASON_PL: Record<PaperReason, string> = {
  paper_channel: 'papier na życzenie adresata',
  no_consent: 'brak zgody na e-mail',
  no_email: 'brak adresu e-mail',
  written_form: 'wymagana forma pisemna',
  address_refused: 'adres e-mail odrzucony',
};

type PaperItem = Awaited<ReturnType<BatchesRepository['paperItems']>>[number];

export async function buildPaperPack(
  batch: { name: string; createdAt: string },
  items: PaperItem[],
  pdfOf: (sha256: string) => Promise<Buffer>,
  reader: Pick<PdfReader, 'merge'>,
): Promise<Buffer> {
  const cover = await renderPdf(
    { title: `Do druku — ${batch.name}`, author: 'Listonosz', createdAt: new Date(batch.createdAt) },
    (s) => {
      s.title(
        'WYSYŁKA PAPIEROWA — LISTA',
        `${batch.name} · ${formatDate(batch.createdAt)} · ${items.length} dokumentów`,
      );
      s.table({
        columns: [
          { header: 'Lp.', width: 5, align: 'right' },
          { header: 'Adresat', width: 26 },
          { header: 'Adres korespondencyjny', width: 30 },
          { header: 'Dokument', width: 24 },
          { header: 'Powód', width: 15 },
        ],
        rows: items.map((it, i) => [
          String(i + 1),
          it.name,
          `${it.street}, ${it.postal_code} ${it.city}${it.country !== 'PL' ? `, ${it.country}` : ''}`,
          it.title,
          PAPER_REASON_PL[it.reason as PaperReason] ?? '',
        ]),
        fontSize: 7.5,
      });
      s.note('Każdy dokument w dalszej części pliku jest egzemplarzem dla osoby z listy, w tej samej kolejności.');
    },
  );
  // Stored PDFs are merged in a reading process: a file too complex for pdf-lib cannot stall the server.
  const sources: Uint8Array[] = [cover];
  const indexOf = new Map<string, number>();
  const order = [0];
  for (const item of items) {
    let index = indexOf.get(item.pdf_sha256);
    if (index === undefined) {
      index = sources.push(await pdfOf(item.pdf_sha256)) - 1;
      indexOf.set(item.pdf_sha256, index);
    }
    order.push(index);
  }
  return reader.merge({
    sources,
    order,
    title: `Do druku — ${batch.name}`,
    producer: 'Listonosz',
    createdAt: new Date(batch.createdAt),
  });
}

/** Makes a batch's paper pack from its paper items now and stores it as a blob; returns its SHA-256. */
export async function makePaperPack(
  deps: { db: Db; repo: BatchesRepository; blobs: BlobStore; pdfReader: Pick<PdfReader, 'merge'> },
  batch: { id: string; name: string; created_at: string },
): Promise<string> {
  const { db, repo, blobs } = deps;
  const items = await repo.paperItems(db, batch.id);
  const pdf = await buildPaperPack(
    { name: batch.name, createdAt: batch.created_at },
    items,
    (sha) => blobs.get(db, sha),
    deps.pdfReader,
  );
  return (await blobs.put(db, pdf)).sha256;
}
