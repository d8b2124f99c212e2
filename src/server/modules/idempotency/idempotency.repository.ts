import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow } from '../../db/schema.js';

export function createIdempotencyRepository(_dialect: DialectSql) {
  return {
    /** Takes the key for a first request; false when the caller used it already (the primary key decides). */
    async claim(db: Db, row: NewRow<'idempotency_keys'>): Promise<boolean> {
      const res = await db
        .insertInto('idempotency_keys')
        .values(row)
        .onConflict((oc) => oc.columns(['caller', 'key']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    find(db: Db, caller: string, key: string) {
      return db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('caller', '=', caller)
        .where('key', '=', key)
        .executeTakeFirst();
    },

    async complete(
      db: Db,
      caller: string,
      key: string,
      done: { completedAt: string; status: number; type: string | null; body: string },
    ) {
      await db
        .updateTable('idempotency_keys')
        .set({
          completed_at: done.completedAt,
          response_status: done.status,
          response_type: done.type,
          response_body: done.body,
        })
        .where('caller', '=', caller)
        .where('key', '=', key)
        .where('completed_at', 'is', null)
        .execute();
    },

    /** Frees a key whose request did not succeed (or was abandoned before `startedBefore`), so it may run again. */
    async release(db: Db, caller: string, key: string, startedBefore: string | null = null) {
      let q = db
        .deleteFrom('idempotency_keys')
        .where('caller', '=', caller)
        .where('key', '=', key)
        .where('completed_at', 'is', null);
      if (startedBefore) q = q.where('created_at', '<', startedBefore);
      await q.execute();
    },

    async deleteOlderThan(db: Db, beforeIso: string): Promise<number> {
      const res = await db.deleteFrom('idempotency_keys').where('created_at', '<', beforeIso).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
