import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Read receipts on request (issue 12, point 7; D46): an account asks for them on all its mail
 * (`smtp_accounts.read_receipt`, 'no' by default) and a batch may decide for its own messages
 * (`batches.read_receipt`; null: as its account says). Feedback that names only its recipient is tied to the
 * latest message sent to that address; a reply's or a report's spelling of it may differ in case from the one
 * stored, so the lookup folds case and needs an index on the folded address (ids and Message-IDs have theirs).
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
      await sql`create index messages_to_address_folded on messages (lower(to_address), sent_at)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('messages_to_address_folded').execute();
      await db.schema.alterTable('batches').dropColumn('read_receipt').execute();
      await db.schema.alterTable('smtp_accounts').dropColumn('read_receipt').execute();
    },
  };
}
