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
const STORE_CHUNK = 100;
/** Chunks rendered ahead of the one being stored. */
const RENDER_AHEAD = 3;

export interface DocumentStoreDeps {
  db: Db;
  repo: DocumentsRepository;
  blobs: BlobStore;
  audit: AuditLog;
  clock: Clock;
  pool: RenderPool;
  quota: UploadQuota;
}

/** Stores checked documents as one import: renders what has no PDF yet, charges the daily quota, all or nothing. */
export function createDocumentStore(deps: DocumentStoreDeps) {
  const { db, repo, blobs, audit, clock, pool, quota } = deps;

  /** Renders (in the pool) and stores documents in chunks; on a failure removes what this import stored. */
  return async function store(
    actor: Actor,
    type: DocumentTypeName,
    source: Row<'documents'>['source'],
    items: Prepared[],
  ) {
    const importId = newId();
    const createdAt = clock.now().toISOString();
    const ids: string[] = [];
    // Rendering (worker threads) of the next chunk overlaps with storing the current one.
    const renderChunk = (start: number) =>
      Promise.all(
        items
          .slice(start, start + STORE_CHUNK)
          .map(
            (p) =>
              p.pdf ??
              pool.render({ type: p.render!.type, data: p.render!.data, parties: p.target.parties, createdAt }),
          ),
      );
    // A few chunks ahead, so the render threads never wait for a transaction to finish.
    const ahead: Promise<Buffer[]>[] = [];
    let queued = 0;
    // Ready PDFs are charged to the daily quota whole, before anything is stored; rendered ones chunk by chunk.
    const bytesOf = (pdfs: Buffer[]) => pdfs.reduce((n, b) => n + b.length, 0);
    const ready = items.every((p) => p.pdf);
    const prepaid = ready ? await quota.charge(db, actor, bytesOf(items.map((p) => p.pdf as Buffer))) : null;
    let written = 0;
    const refill = () => {
      while (ahead.length < RENDER_AHEAD && queued < items.length) {
        ahead.push(renderChunk(queued));
        queued += STORE_CHUNK;
      }
    };
    try {
      for (let i = 0; i < items.length; i += STORE_CHUNK) {
        const chunk = items.slice(i, i + STORE_CHUNK);
        refill();
        const pdfs = await (ahead.shift() as Promise<Buffer[]>);
        refill();
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
          for (const r of rows) ids.push(r.id);
        });
        written += bytesOf(pdfs);
      }
    } catch (err) {
      await Promise.allSettled(ahead);
      await db.deleteFrom('documents').where('import_id', '=', importId).execute();
      // What was charged and never written is given back; stored blobs stay, and so does their charge.
      if (prepaid) await quota.refund(db, prepaid, prepaid.bytes - written);
      throw err;
    }
    // The next step (a batch over these documents) plans its joins on them: statistics first (D64).
    await repo.analyzeAfterImport(db, items.length);
    await db.transaction().execute((tx) =>
      audit.record(tx, actor, {
        action: 'document.import',
        entityType: 'document_import',
        entityId: importId,
        details: { type, source, count: items.length },
      }),
    );
    return { importId, ids };
  };
}
