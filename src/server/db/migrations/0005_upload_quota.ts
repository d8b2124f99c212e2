import type { Kysely, Migration } from 'kysely';
import type { DialectSql } from '../dialect.js';

/** Bytes each user stored per office day (Europe/Warsaw), for the daily upload quota and the admin's disk view. */
export function uploadQuotaMigration(_dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('upload_usage')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // YYYY-MM-DD in Warsaw: the quota renews at the office's midnight.
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('upload_usage_pk', ['user_id', 'day'])
        .execute();
      await db.schema.createIndex('upload_usage_day').on('upload_usage').column('day').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('upload_usage').execute();
    },
  };
}
