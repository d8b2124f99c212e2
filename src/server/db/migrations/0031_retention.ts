import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Retention (issue 15, point 5; D76). A message whose content was removed keeps its row as a trace
 * (`content_removed_at`); the daily job's lease and last run live in `job_leases`; and every date or blob-hash
 * predicate the job deletes by has an index, so each chunk is an index range, never a table scan.
 */
export function retentionMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('content_removed_at', 'text').execute();
      await db.schema
        .createTable('job_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('last_run_at', 'text')
        /** JSON: what the last run did (counts only). */
        .addColumn('last_result', 'text')
        .execute();
      // Sent messages whose content is still there, by sending time: shrinks as the job removes content.
      await db.schema
        .createIndex('messages_content_sent')
        .on('messages')
        .columns(['mailbox', 'sent_at'])
        .where(sql.ref('content_removed_at'), 'is', null)
        .execute();
      // Failed and cancelled messages whose content is still there, by their last change.
      await db.schema
        .createIndex('messages_content_unsent')
        .on('messages')
        .columns(['mailbox', 'updated_at'])
        .where(sql.ref('content_removed_at'), 'is', null)
        .execute();
      // Sent messages by sending time (proof periods); the mailbox first, as every mailbox index here.
      await db.schema.createIndex('messages_mailbox_sent_at').on('messages').columns(['mailbox', 'sent_at']).execute();
      await db.schema.createIndex('messages_eml').on('messages').column('eml_sha256').execute();
      await db.schema.createIndex('message_events_occurred').on('message_events').column('occurred_at').execute();
      await db.schema.createIndex('feedback_events_occurred').on('feedback_events').column('occurred_at').execute();
      await db.schema.createIndex('feedback_events_raw').on('feedback_events').column('raw_sha256').execute();
      await db.schema.createIndex('feedback_messages_created').on('feedback_messages').column('created_at').execute();
      await db.schema.createIndex('blobs_created').on('blobs').columns(['created_at', 'sha256']).execute();
      await db.schema.createIndex('batches_paper_pack').on('batches').column('paper_pack_sha256').execute();
      await db.schema.createIndex('batch_attachments_blob').on('batch_attachments').column('blob_sha256').execute();
      await db.schema.createIndex('captured_messages_blob').on('captured_messages').column('blob_sha256').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const name of [
        'captured_messages_blob',
        'batch_attachments_blob',
        'batches_paper_pack',
        'blobs_created',
        'feedback_messages_created',
        'feedback_events_raw',
        'feedback_events_occurred',
        'message_events_occurred',
        'messages_eml',
        'messages_mailbox_sent_at',
        'messages_content_unsent',
        'messages_content_sent',
      ]) {
        await db.schema.dropIndex(name).execute();
      }
      await db.schema.dropTable('job_leases').execute();
      await db.schema.alterTable('messages').dropColumn('content_removed_at').execute();
    },
  };
}
