import { type Kysely, type Migration, sql } from 'kysely';

/**
 * A batch leaves out what was already sent to the same address (the same document, or one of the same type, unit
 * and period) unless the clerk includes it on purpose: `include_sent` records that choice ('yes' / 'no'), and
 * `already_sent` what was found when the batch was made (JSON: documents, messages, earlier batches).
 */
export function batchAlreadySentMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('batches')
        .addColumn('include_sent', 'text', (c) => c.notNull().defaultTo('no').check(sql`include_sent in ('yes', 'no')`))
        .execute();
      await db.schema.alterTable('batches').addColumn('already_sent', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('batches').dropColumn('already_sent').execute();
      await db.schema.alterTable('batches').dropColumn('include_sent').execute();
    },
  };
}
