import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow } from '../../db/schema.js';

export function createApiKeysRepository(_dialect: DialectSql) {
  return {
    async insert(db: Db, row: NewRow<'api_keys'>) {
      await db.insertInto('api_keys').values(row).execute();
    },

    /** Every key, live ones first, newest first. */
    list(db: Db) {
      return db
        .selectFrom('api_keys')
        .selectAll()
        .orderBy('revoked_at', (ob) => ob.asc().nullsFirst())
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
    },

    findById(db: Db, id: string) {
      return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The key whose secret hashes to this (unique), revoked or not. */
    findBySecret(db: Db, secretSha256: string) {
      return db.selectFrom('api_keys').selectAll().where('secret_sha256', '=', secretSha256).executeTakeFirst();
    },

    /** Revokes a live key; false when it was revoked already (or does not exist). */
    async revoke(db: Db, id: string, nowIso: string): Promise<boolean> {
      const res = await db
        .updateTable('api_keys')
        .set({ revoked_at: nowIso })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    async touch(db: Db, id: string, nowIso: string, ip: string | null) {
      await db.updateTable('api_keys').set({ last_used_at: nowIso, last_used_ip: ip }).where('id', '=', id).execute();
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
