import { sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import type { Db } from '../../db/schema.js';

/** Installation-wide settings (key check of the instance key, the first-run setup token). */
export function createInstanceRepository(_dialect: DialectSql) {
  return {
    /** Round trip to the database (health check). */
    async ping(db: Db) {
      await sql`select 1`.execute(db);
    },

    getSetting(db: Db, key: string) {
      return db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
    },

    async putSetting(db: Db, key: string, value: string, nowIso: string) {
      await db
        .insertInto('instance_settings')
        .values({ key, value, updated_at: nowIso })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso }))
        .execute();
    },

    /** Deletes the setting only when it holds `value`; true when this call deleted it. */
    async takeSetting(db: Db, key: string, value: string): Promise<boolean> {
      const result = await db
        .deleteFrom('instance_settings')
        .where('key', '=', key)
        .where('value', '=', value)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type InstanceRepository = ReturnType<typeof createInstanceRepository>;
