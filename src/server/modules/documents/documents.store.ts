import type { DocumentTypeName } from '../../../shared/documents.js';
import type { Db, NewRow, Row } from '../../db/schema.js';
import type { RenderPool } from '../../documents/pool.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { UploadQuota } from '../storage/upload-quota.js';
import type { DocumentsRepository } from './documents.repository.js';
import type { Target } from './targets.js';

/** A document ready to be stored: its target, data and PDF. */
export interface Prepared {
  target: Target;
  recipientKey: string;
  period: string;
  title: string;
  filename: string;
  data: Record<string, unknown>;
  pdf?: Buffer;
  render?: { type: DocumentTypeName; data: unknown };
}

/** Rows stored per transaction: small enough not to hold the SQLite writer for long, big enough to be cheap. */
export const STORE_CHUNK = 100;
/** Chunks rendered ahead of the one being stored: at most RENDER_AHEAD × STORE_CHUNK renders are outstanding. */
export const RENDER_AHEAD = 3;

/**
 * An import's documents, chunk by chunk (each at most STORE_CHUNK). Read only as far as the render threads need:
 * a large import never sits in memory whole, and a stored chunk's PDFs are let go (D80).
 */
export type PreparedChunks = AsyncIterable<Prepared[]> | Iterable<Prepared[]>;

export interface DocumentStoreDeps {
  db: Db;
  repo: DocumentsRepository;
  blobs: BlobStore;
  audit: AuditLog;
  clock: Clock;
  pool: RenderPool;
  quota: UploadQuota;
}

/** Splits a list into chunks of at most `size`. */
export function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Stores checked documents as one import: renders what has no PDF yet, charges the daily quota, all or nothing. */
export function createDocumentStore(deps: DocumentStoreDeps) {
  const { db, repo, blobs, audit, clock, pool, quota } = deps;

  /**
   * Renders (in the pool) and stores documents chunk by chunk; on a failure (of a render, a transaction or the
   * source) removes what this import stored. Ready PDFs (`readyBytes`: their total) are charged to the daily
   * quota whole, before anything is stored; rendered ones chunk by chunk. The ids of the stored documents are
   * returned only when asked for (`ids`), so a data import of any size keeps nothing per document.
   */
  return async function store(
    actor: Actor,
    type: DocumentTypeName,
    source: Row<'documents'>['source'],
    chunks: PreparedChunks,
    opts: { readyBytes?: number; ids?: boolean } = {},
  ) {
    const importId = newId();
    const createdAt = clock.now().toISOString();
    const ids: string[] = [];
    let count = 0;
    const next =
      Symbol.asyncIterator in chunks
        ? chunks[Symbol.asyncIterator]()
        : (chunks as Iterable<Prepared[]>)[Symbol.iterator]();
    // Rendering (worker threads) of the next chunks overlaps with storing the current one; a few chunks ahead, so
    // the render threads never wait for a transaction to finish — and no more, so the queue to the pool stays short.
    const ahead: { items: Prepared[]; pdfs: Promise<Buffer[]> }[] = [];
    let exhausted = false;
    const refill = async () => {
      while (!exhausted && ahead.length < RENDER_AHEAD) {
        const step = await next.next();
        if (step.done) {
          exhausted = true;
          break;
        }
        const items = step.value;
        const pdfs = Promise.all(
          items.map(
            (p) =>
              p.pdf ??
              pool.render({ type: p.render!.type, data: p.render!.data, parties: p.target.parties, createdAt }),
          ),
        );
        // A failed render is met when its chunk's turn comes (or in the clean-up), not as an unhandled rejection.
        pdfs.catch(() => {});
        ahead.push({ items, pdfs });
      }
    };
    const bytesOf = (pdfs: Buffer[]) => pdfs.reduce((n, b) => n + b.length, 0);
    const ready = opts.readyBytes !== undefined;
    const prepaid = ready ? await quota.charge(db, actor, opts.readyBytes ?? 0) : null;
    let written = 0;
    try {
      await refill();
      while (ahead.length > 0) {
        const { items: chunk, pdfs: rendering } = ahead.shift()!;
        const pdfs = await rendering;
        await refill();
        await db.transaction().execute(async (tx) => {
          if (!ready) await quota.charge(tx, actor, bytesOf(pdfs));
          const stored = await blobs.putMany(tx, pdfs);
          const rows: NewRow<'documents'>[] = chunk.map((p, j) => ({
            id: newId(),
            type,
            source,
            recipient_key: p.recipientKey,
            recipient_id: p.target.recipientId,
            unit_id: p.target.unitId,
            property_id: p.target.propertyId,
            period: p.period,
            title: p.title,
            data: JSON.stringify(p.data),
            parties: JSON.stringify(p.target.parties),
            pdf_sha256: stored[j]!.sha256,
            pdf_size: stored[j]!.size,
            filename: p.filename,
            import_id: importId,
            created_by: actor.userId,
            created_at: createdAt,
          }));
          await repo.insertMany(tx, rows);
          if (opts.ids) for (const r of rows) ids.push(r.id);
        });
        count += chunk.length;
        written += bytesOf(pdfs);
      }
    } catch (err) {
      await next.return?.();
      await Promise.allSettled(ahead.map((a) => a.pdfs));
      await db.deleteFrom('documents').where('import_id', '=', importId).execute();
      // What was charged and never written is given back; stored blobs stay, and so does their charge.
      if (prepaid) await quota.refund(db, prepaid, prepaid.bytes - written);
      throw err;
    }
    // The next step (a batch over these documents) plans its joins on them: statistics first (D64).
    await repo.analyzeAfterImport(db, count);
    await db.transaction().execute((tx) =>
      audit.record(tx, actor, {
        action: 'document.import',
        entityType: 'document_import',
        entityId: importId,
        details: { type, source, count },
      }),
    );
    return { importId, ids, count };
  };
}
