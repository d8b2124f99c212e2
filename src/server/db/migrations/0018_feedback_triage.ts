import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Triage of unknown feedback mail (issue 12, point 8; D50). A person decides what an unknown message was: a
 * tenant's reply (the row becomes kind 'reply' and shows in Odebrane), a bounce (the hard-bounce effect is applied
 * to the message picked) or nothing to do; the row is kept either way, with who decided, when and what. The open
 * list is the unknown rows not yet reviewed, newest first — hence the index.
 */
export function feedbackTriageMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('feedback_replies').addColumn('reviewed_at', 'text').execute();
      await db.schema.alterTable('feedback_replies').addColumn('reviewed_by', 'text').execute();
      await db.schema
        .alterTable('feedback_replies')
        .addColumn('decision', 'text', (c) => c.check(sql`decision in ('reply', 'bounce', 'nothing')`))
        .execute();
      await db.schema
        .createIndex('feedback_replies_open')
        .on('feedback_replies')
        .columns(['kind', 'reviewed_at', 'received_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('feedback_replies_open').execute();
      await db.schema.alterTable('feedback_replies').dropColumn('decision').execute();
      await db.schema.alterTable('feedback_replies').dropColumn('reviewed_by').execute();
      await db.schema.alterTable('feedback_replies').dropColumn('reviewed_at').execute();
    },
  };
}
