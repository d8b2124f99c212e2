import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The feedback-mailbox reader (issue 12, D47): one lease per mailbox shared by all workers, the read position per
 * folder (UIDVALIDITY + last UID) and one row per message read, keyed by (mailbox, folder, UIDVALIDITY, UID) and
 * findable by SHA-256 + Message-ID so a UIDVALIDITY change re-indexes without acting twice. `mailbox_id` is text
 * without a foreign key: `feedback_mailboxes` comes from another branch (the key is added at the merge).
 */
export function feedbackReaderMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feedback_reader_leases')
        .addColumn('mailbox_id', 'text', (c) => c.primaryKey())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('idle').check(sql`status in ('idle', 'ok', 'error')`))
        .addColumn('last_error', 'text')
        .addColumn('last_ok_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('feedback_mailbox_state')
        .addColumn('mailbox_id', 'text', (c) => c.notNull())
        .addColumn('folder', 'text', (c) => c.notNull())
        .addColumn('uidvalidity', 'text', (c) => c.notNull())
        .addColumn('last_uid', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feedback_mailbox_state_pk', ['mailbox_id', 'folder'])
        .execute();
      await db.schema
        .createTable('feedback_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mailbox_id', 'text', (c) => c.notNull())
        .addColumn('folder', 'text', (c) => c.notNull())
        .addColumn('uidvalidity', 'text', (c) => c.notNull())
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text')
        .addColumn('message_id', 'text')
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_folder', 'text')
        .addColumn('duplicate_of', 'text', (c) => c.references('feedback_messages.id').onDelete('set null'))
        .addColumn('received_at', 'text')
        .addColumn('processed_at', 'text')
        .addColumn('moved_at', 'text')
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('feedback_messages_position', ['mailbox_id', 'folder', 'uidvalidity', 'uid'])
        .execute();
      await db.schema
        .createIndex('feedback_messages_content')
        .on('feedback_messages')
        .columns(['mailbox_id', 'sha256', 'message_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('feedback_messages').execute();
      await db.schema.dropTable('feedback_mailbox_state').execute();
      await db.schema.dropTable('feedback_reader_leases').execute();
    },
  };
}
