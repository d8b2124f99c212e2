import { type Kysely, type Migration, sql } from 'kysely';

/**
 * A message made from another (issue 11): a deliberate resend or a send to a corrected address is a new message
 * with its own Message-ID; `parent_id` names the message it repeats and `link_kind` says why. The suppression
 * list gets an index for its settings page (newest first, searchable by address).
 */
export function messageLinksMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('messages')
        .addColumn('parent_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
        .execute();
      await db.schema
        .alterTable('messages')
        .addColumn('link_kind', 'text', (c) => c.check(sql`link_kind in ('resend', 'corrected')`))
        .execute();
      await db.schema.createIndex('messages_parent').on('messages').column('parent_id').execute();
      await db.schema
        .createIndex('suppressions_created')
        .on('suppressions')
        .columns(['created_at', 'address'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('suppressions_created').execute();
      await db.schema.dropIndex('messages_parent').execute();
      await db.schema.alterTable('messages').dropColumn('link_kind').execute();
      await db.schema.alterTable('messages').dropColumn('parent_id').execute();
    },
  };
}
