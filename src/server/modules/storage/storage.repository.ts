import type { DialectSql } from '../../db/dialect.js';
import type { Db } from '../../db/schema.js';

const num = (v: number | string | bigint | null | undefined) => Number(v ?? 0);

/** Bytes stored per user and office day (the upload quota), and the totals the admin's disk view shows. */
export function createStorageRepository(_dialect: DialectSql) {
  return {
    /**
     * Adds `bytes` to the user's day in one statement, only while the total stays within `limit`: two uploads at
     * once cannot both pass (SQLite writes one at a time; PostgreSQL locks the row for the conflict update).
     * The new total, or null when it would pass the limit. The caller checks `bytes <= limit` for a first row.
     */
    async charge(db: Db, input: { userId: string; day: string; bytes: number; limit: number; now: string }) {
      const row = await db
        .insertInto('upload_usage')
        .values({ user_id: input.userId, day: input.day, bytes: input.bytes, updated_at: input.now })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'day'])
            .doUpdateSet((eb) => ({
              bytes: eb('upload_usage.bytes', '+', eb.ref('excluded.bytes')),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where((eb) => eb(eb('upload_usage.bytes', '+', eb.ref('excluded.bytes')), '<=', input.limit)),
        )
        .returning('bytes')
        .executeTakeFirst();
      return row ? num(row.bytes) : null;
    },

    /** Gives back bytes charged for an upload that stored nothing after all (never below zero). */
    async refund(db: Db, input: { userId: string; day: string; bytes: number; now: string }) {
      await db
        .updateTable('upload_usage')
        .set((eb) => ({
          bytes: eb
            .case()
            .when('bytes', '>', input.bytes)
            .then(eb('bytes', '-', input.bytes))
            .else(0)
            .end(),
          updated_at: input.now,
        }))
        .where('user_id', '=', input.userId)
        .where('day', '=', input.day)
        .execute();
    },

    async usedOn(db: Db, userId: string, day: string): Promise<number> {
      const row = await db
        .selectFrom('upload_usage')
        .select('bytes')
        .where('user_id', '=', userId)
        .where('day', '=', day)
        .executeTakeFirst();
      return num(row?.bytes);
    },

    /** Bytes uploaded per day (and by how many users), newest first. */
    async byDay(db: Db, limit: number) {
      const rows = await db
        .selectFrom('upload_usage')
        .select((eb) => ['day', eb.fn.sum<string>('bytes').as('bytes'), eb.fn.countAll<string>().as('users')])
        .groupBy('day')
        .orderBy('day', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ day: r.day, bytes: num(r.bytes), users: num(r.users) }));
    },

    /** One day's bytes per user, most first. */
    async byUser(db: Db, day: string, limit: number) {
      const rows = await db
        .selectFrom('upload_usage')
        .innerJoin('users', 'users.id', 'upload_usage.user_id')
        .select(['upload_usage.user_id', 'users.login', 'users.display_name', 'upload_usage.bytes'])
        .where('upload_usage.day', '=', day)
        .orderBy('upload_usage.bytes', 'desc')
        .orderBy('users.login')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        userId: r.user_id,
        login: r.login,
        displayName: r.display_name,
        bytes: num(r.bytes),
      }));
    },

    /** How many files the blob store holds and their bytes (each stored once). */
    async blobTotals(db: Db) {
      const row = await db
        .selectFrom('blobs')
        .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.sum<string>('size').as('bytes')])
        .executeTakeFirstOrThrow();
      return { count: num(row.count), bytes: num(row.bytes) };
    },
  };
}

export type StorageRepository = ReturnType<typeof createStorageRepository>;
