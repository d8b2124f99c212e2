import { type Kysely, type Migration, sql } from 'kysely';

/**
 * A failed message that was repaired (issue 11, point 9): sent again as a new message, sent to a corrected address,
 * or printed in its batch's paper pack. `resolved_at` says when, `resolution` how, `resolved_by` the new message
 * (null for paper). A resolved failed message stays in Błędy as the record of what happened, but no longer needs
 * the clerk: Pulpit does not count it and a bulk resend skips it. Earlier repairs (a child through `parent_id`) are
 * marked here too.
 */
export function messageResolutionMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('resolved_at', 'text').execute();
      await db.schema
        .alterTable('messages')
        .addColumn('resolution', 'text', (c) => c.check(sql`resolution in ('resend', 'corrected', 'paper')`))
        .execute();
      await db.schema.alterTable('messages').addColumn('resolved_by', 'text').execute();
      // The first message made from each failed or bounced one repaired it.
      await sql`
        update messages set
          resolved_by = (select c.id from messages c where c.parent_id = messages.id order by c.created_at, c.id limit 1),
          resolution = (select coalesce(c.link_kind, 'resend') from messages c where c.parent_id = messages.id
                        order by c.created_at, c.id limit 1),
          resolved_at = (select min(c.created_at) from messages c where c.parent_id = messages.id)
        where status in ('failed', 'bounced') and exists (select 1 from messages c where c.parent_id = messages.id)
      `.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').dropColumn('resolved_by').execute();
      await db.schema.alterTable('messages').dropColumn('resolution').execute();
      await db.schema.alterTable('messages').dropColumn('resolved_at').execute();
    },
  };
}
