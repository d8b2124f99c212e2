import { type Kysely, type Migration, sql } from 'kysely';

/**
 * What feedback does (issue 12, point 6; D48). `feedback_events`: one row per message read from a feedback mailbox
 * (its id is the reader's record id, so handing the same outcome over twice acts once), with the message it was
 * tied to, how strongly, and what it did. `feedback_replies`: tenants' replies (and unknown mail for triage) for
 * Odebrane, read/unread per user in `feedback_reply_reads`. `address_states`: an address made suspect by soft
 * bounces (reset by a reply or a read receipt). A complaint flags the recipient; a policy block alarms the account.
 */
export function feedbackEffectsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feedback_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mailbox_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
        .addColumn('account_id', 'text')
        .addColumn('recipient_id', 'text')
        .addColumn('address', 'text')
        .addColumn('confidence', 'text', (c) => c.notNull())
        .addColumn('forged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('effect', 'text', (c) => c.notNull())
        .addColumn('raw_sha256', 'text')
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('feedback_events_message')
        .on('feedback_events')
        .columns(['message_id', 'occurred_at'])
        .execute();
      await db.schema
        .createIndex('feedback_events_address')
        .on('feedback_events')
        .columns(['address', 'kind', 'occurred_at'])
        .execute();
      await db.schema
        .createTable('feedback_replies')
        .addColumn('id', 'text', (c) => c.primaryKey().references('feedback_events.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reply', 'unknown')`))
        .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
        .addColumn('recipient_id', 'text')
        .addColumn('account_id', 'text')
        .addColumn('from_address', 'text')
        .addColumn('from_name', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('feedback_replies_received')
        .on('feedback_replies')
        .columns(['kind', 'received_at'])
        .execute();
      await db.schema.createIndex('feedback_replies_message').on('feedback_replies').columns(['message_id']).execute();
      await db.schema
        .createTable('feedback_reply_reads')
        .addColumn('reply_id', 'text', (c) => c.notNull().references('feedback_replies.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feedback_reply_reads_pk', ['reply_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('address_states')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('suspect_at', 'text')
        .addColumn('reset_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('recipients').addColumn('complained_at', 'text').execute();
      await db.schema
        .alterTable('suppressions')
        .addColumn('source', 'text', (c) =>
          c.notNull().defaultTo('sending').check(sql`source in ('sending', 'bounce')`),
        )
        .execute();
      await db.schema.alterTable('smtp_accounts').addColumn('feedback_alarm_at', 'text').execute();
      await db.schema.alterTable('smtp_accounts').addColumn('feedback_alarm_reason', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('smtp_accounts').dropColumn('feedback_alarm_reason').execute();
      await db.schema.alterTable('smtp_accounts').dropColumn('feedback_alarm_at').execute();
      await db.schema.alterTable('suppressions').dropColumn('source').execute();
      await db.schema.alterTable('recipients').dropColumn('complained_at').execute();
      await db.schema.dropTable('address_states').execute();
      await db.schema.dropTable('feedback_reply_reads').execute();
      await db.schema.dropTable('feedback_replies').execute();
      await db.schema.dropTable('feedback_events').execute();
    },
  };
}
