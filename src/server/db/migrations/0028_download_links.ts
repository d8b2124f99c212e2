import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Issue 14, point 1 (D70): signed download links. An account says how its messages carry PDFs (attachment, link or
 * both) and how many days a link works; a batch may override both (null: as the account). `download_links` records
 * each link a message was built with (its expiry, and a revocation); `download_events` each download and each
 * "Potwierdzam odbiór", with the network (IPv4 /24, IPv6 /48) and a bounded user agent — never the full address.
 * No foreign key to messages: a link is checked by its signature, and a test send's link names no stored message.
 */
export function downloadLinksMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('smtp_accounts')
        .addColumn('download_link_mode', 'text', (c) =>
          c.notNull().defaultTo('attachment').check(sql`download_link_mode in ('attachment', 'link', 'both')`),
        )
        .execute();
      await db.schema
        .alterTable('smtp_accounts')
        .addColumn('download_link_days', 'integer', (c) =>
          c.notNull().defaultTo(90).check(sql`download_link_days between 1 and 365`),
        )
        .execute();
      await db.schema
        .alterTable('batches')
        .addColumn('download_link_mode', 'text', (c) =>
          c.check(sql`download_link_mode in ('attachment', 'link', 'both')`),
        )
        .execute();
      await db.schema
        .alterTable('batches')
        .addColumn('download_link_days', 'integer', (c) => c.check(sql`download_link_days between 1 and 365`))
        .execute();
      await db.schema
        .createTable('download_links')
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addPrimaryKeyConstraint('download_links_pk', ['message_id', 'position'])
        .execute();
      await db.schema
        .createTable('download_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('download', 'acknowledged')`))
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('network', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema
        .createIndex('download_events_message')
        .on('download_events')
        .columns(['message_id', 'occurred_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('download_events').execute();
      await db.schema.dropTable('download_links').execute();
      await db.schema.alterTable('batches').dropColumn('download_link_days').execute();
      await db.schema.alterTable('batches').dropColumn('download_link_mode').execute();
      await db.schema.alterTable('smtp_accounts').dropColumn('download_link_days').execute();
      await db.schema.alterTable('smtp_accounts').dropColumn('download_link_mode').execute();
    },
  };
}
