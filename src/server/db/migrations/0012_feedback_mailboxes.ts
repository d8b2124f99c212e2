import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The feedback mailbox (issue 12, point 1): an IMAP mailbox the worker will read for bounces, replies and receipts.
 * Secrets (password, OAuth2 client secret and refresh token) are sealed under the instance key like the SMTP
 * password. Several sending accounts may share one mailbox (`smtp_accounts.feedback_mailbox_id`).
 * `status`, `last_error` and `last_checked_at` are the reader's; `process_since` keeps older mail untouched.
 */
export function feedbackMailboxesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feedback_mailboxes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('security', 'text', (c) => c.notNull().check(sql`security in ('tls', 'starttls', 'none')`))
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull().check(sql`auth in ('password', 'oauth2')`))
        .addColumn('password_enc', 'text')
        .addColumn('oauth_provider', 'text', (c) => c.check(sql`oauth_provider in ('microsoft', 'google', 'custom')`))
        .addColumn('oauth_client_id', 'text')
        .addColumn('oauth_client_secret_enc', 'text')
        .addColumn('oauth_token_url', 'text')
        .addColumn('oauth_refresh_token_enc', 'text')
        .addColumn('oauth_scope', 'text')
        .addColumn('folders', 'text', (c) => c.notNull())
        .addColumn('process_since', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'inactive')`))
        .addColumn('last_error', 'text')
        .addColumn('last_checked_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .alterTable('smtp_accounts')
        .addColumn('feedback_mailbox_id', 'text', (c) => c.references('feedback_mailboxes.id').onDelete('set null'))
        .execute();
      await db.schema
        .createIndex('smtp_accounts_feedback_mailbox')
        .on('smtp_accounts')
        .column('feedback_mailbox_id')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('smtp_accounts_feedback_mailbox').execute();
      await db.schema.alterTable('smtp_accounts').dropColumn('feedback_mailbox_id').execute();
      await db.schema.dropTable('feedback_mailboxes').execute();
    },
  };
}
