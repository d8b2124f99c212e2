import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Read receipts on request (issue 12, point 7; D46): an account asks for them on all its mail
 * (`smtp_accounts.read_receipt`, 'no' by default) and a batch may decide for its own messages
 * (`batches.read_receipt`; null: as its account says). Correlating feedback needs no new index: message ids,
 * Message-IDs (unique) and recipient addresses are indexed already.
 */
export function readReceiptsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('smtp_accounts')
        .addColumn('read_receipt', 'text', (c) => c.notNull().defaultTo('no').check(sql`read_receipt in ('yes', 'no')`))
        .execute();
      await db.schema
        .alterTable('batches')
        .addColumn('read_receipt', 'text', (c) => c.check(sql`read_receipt in ('yes', 'no')`))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('batches').dropColumn('read_receipt').execute();
      await db.schema.alterTable('smtp_accounts').dropColumn('read_receipt').execute();
    },
  };
}
