import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Odebrane (issue 12, points 6 and 8; D49). A message written in answer to a tenant's reply, or forwarding it,
 * keeps the threading headers it was frozen with (`in_reply_to`, `references_header`: Message-IDs separated by a
 * space) and the reply it answers or forwards (`inbox_reply_id`, `inbox_action` 'reply' | 'forward').
 */
export function inboxMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('in_reply_to', 'text').execute();
      await db.schema.alterTable('messages').addColumn('references_header', 'text').execute();
      await db.schema
        .alterTable('messages')
        .addColumn('inbox_reply_id', 'text', (c) => c.references('feedback_replies.id').onDelete('set null'))
        .execute();
      await db.schema
        .alterTable('messages')
        .addColumn('inbox_action', 'text', (c) => c.check(sql`inbox_action in ('reply', 'forward')`))
        .execute();
      await db.schema.createIndex('messages_inbox_reply').on('messages').columns(['inbox_reply_id']).execute();
      await db.schema
        .createIndex('feedback_replies_account')
        .on('feedback_replies')
        .columns(['account_id', 'kind', 'received_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('feedback_replies_account').execute();
      await db.schema.dropIndex('messages_inbox_reply').execute();
      await db.schema.alterTable('messages').dropColumn('inbox_action').execute();
      await db.schema.alterTable('messages').dropColumn('inbox_reply_id').execute();
      await db.schema.alterTable('messages').dropColumn('references_header').execute();
      await db.schema.alterTable('messages').dropColumn('in_reply_to').execute();
    },
  };
}
