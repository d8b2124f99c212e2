import type { BlobCopier } from '../../db/blob-copy.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import { NotFoundError } from '../../lib/errors.js';
import type { BlobsRepository } from './blobs.repository.js';

export interface BlobStore {
  /** Stores the bytes once (by SHA-256) and returns the key; pass the caller's transaction. */
  put(db: Db, data: Buffer): Promise<{ sha256: string; size: number }>;
  /** Stores many at once (deduplicated); returns each one's key in order. */
  putMany(db: Db, data: Buffer[]): Promise<{ sha256: string; size: number }[]>;
  /** putMany of bytes whose SHA-256 the caller already computed (frozen MIME, hashed on its worker thread: D85). */
  putManyHashed(db: Db, items: { sha256: string; data: Buffer }[]): Promise<{ sha256: string; size: number }[]>;
  get(db: Db, sha256: string): Promise<Buffer>;
}

/** From this many blobs at once a transaction on PostgreSQL writes them by COPY (D85); fewer are not worth its steps. */
const COPY_FROM = 16;

export function createBlobStore(deps: { repo: BlobsRepository; clock: Clock; copier?: BlobCopier }): BlobStore {
  const { repo, clock, copier } = deps;
  async function putManyHashed(db: Db, items: { sha256: string; data: Buffer }[]) {
    const now = clock.now().toISOString();
    const rows = items.map((d) => ({ sha256: d.sha256, size: d.data.length, data: d.data, created_at: now }));
    const copied = copier && rows.length >= COPY_FROM && (await copier.insertIfAbsent(db, rows));
    if (!copied) await repo.insertManyIfAbsent(db, rows);
    return rows.map((r) => ({ sha256: r.sha256, size: r.size }));
  }
  return {
    async put(db, data) {
      const sha256 = sha256Hex(data);
      await repo.insertIfAbsent(db, { sha256, size: data.length, data, created_at: clock.now().toISOString() });
      return { sha256, size: data.length };
    },
    putMany: (db, data) =>
      putManyHashed(
        db,
        data.map((d) => ({ sha256: sha256Hex(d), data: d })),
      ),
    putManyHashed,
    async get(db, sha256) {
      const data = await repo.getData(db, sha256);
      if (!data) throw new NotFoundError('Nie znaleziono pliku.');
      return data;
    },
  };
}
