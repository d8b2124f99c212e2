import type { DialectSql } from '../../db/dialect.js';
import type { Db } from '../../db/schema.js';

/** Content-addressed storage: a blob's key is the SHA-256 of its bytes, so the same PDF is stored once. */
export function createBlobsRepository(_dialect: DialectSql) {
  return {
    async insertIfAbsent(db: Db, row: { sha256: string; size: number; data: Buffer; created_at: string }) {
      await db
        .insertInto('blobs')
        .values(row)
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },

    /** Many blobs in one statement per 50 (imports of thousands of PDFs). */
    async insertManyIfAbsent(db: Db, rows: { sha256: string; size: number; data: Buffer; created_at: string }[]) {
      const unique = [...new Map(rows.map((r) => [r.sha256, r])).values()];
      for (let i = 0; i < unique.length; i += 50) {
        await db
          .insertInto('blobs')
          .values(unique.slice(i, i + 50))
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
      }
    },

    async getData(db: Db, sha256: string): Promise<Buffer | undefined> {
      const row = await db.selectFrom('blobs').select('data').where('sha256', '=', sha256).executeTakeFirst();
      return row ? Buffer.from(row.data) : undefined;
    },

    findMeta(db: Db, sha256: string) {
      return db
        .selectFrom('blobs')
        .select(['sha256', 'size', 'created_at'])
        .where('sha256', '=', sha256)
        .executeTakeFirst();
    },
  };
}

export type BlobsRepository = ReturnType<typeof createBlobsRepository>;
