import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectSql } from '../dialect.js';

/** Users, positions, accounts, properties, units, recipients, blobs, messages, capture, audit. */
export function coreMigration(dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'clerk')`))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'disabled')`))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text')
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('login_failures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_failures_login_at').on('login_failures').columns(['login', 'at']).execute();

      await db.schema
        .createTable('positions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('user_positions')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('position_id', 'text', (c) => c.notNull().references('positions.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('user_positions_pk', ['user_id', 'position_id'])
        .execute();
      await db.schema.createIndex('user_positions_position').on('user_positions').column('position_id').execute();

      await db.schema
        .createTable('smtp_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('smtp', 'capture')`))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('from_name', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('feedback_address', 'text', (c) => c.notNull())
        .addColumn('envelope_mode', 'text', (c) => c.notNull().check(sql`envelope_mode in ('verp', 'feedback')`))
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('security', 'text', (c) => c.notNull().check(sql`security in ('tls', 'starttls', 'none')`))
        .addColumn('username', 'text')
        .addColumn('password_enc', 'text')
        .addColumn('rate_per_second', 'integer')
        .addColumn('rate_per_minute', 'integer')
        .addColumn('rate_per_hour', 'integer')
        .addColumn('rate_per_day', 'integer')
        .addColumn('dkim_domain', 'text')
        .addColumn('dkim_selector', 'text')
        .addColumn('dkim_key_enc', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'inactive')`))
        .addColumn('last_error', 'text')
        .addColumn('last_error_at', 'text')
        .addColumn('last_verified_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('position_accounts')
        .addColumn('position_id', 'text', (c) => c.notNull().references('positions.id').onDelete('cascade'))
        .addColumn('account_id', 'text', (c) => c.notNull().references('smtp_accounts.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('default', 'allowed')`))
        .addPrimaryKeyConstraint('position_accounts_pk', ['position_id', 'account_id'])
        .execute();
      await db.schema.createIndex('position_accounts_account').on('position_accounts').column('account_id').execute();
      // One default account per position.
      await db.schema
        .createIndex('position_accounts_one_default')
        .on('position_accounts')
        .column('position_id')
        .unique()
        .where(sql.ref('role'), '=', 'default')
        .execute();

      await db.schema
        .createTable('properties')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) =>
          c.notNull().check(sql`kind in ('community', 'cooperative', 'own', 'managed')`),
        )
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('nip', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('units')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('property_id', 'text', (c) => c.notNull().references('properties.id').onDelete('restrict'))
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('flat', 'commercial', 'garage', 'other')`))
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('bank_account', 'text')
        .addColumn('external_key', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('units_property_number', ['property_id', 'number'])
        .execute();

      await db.schema
        .createTable('recipients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'paper')`))
        .addColumn('consent_at', 'text')
        .addColumn('consent_source', 'text')
        .addColumn('external_key', 'text', (c) => c.unique())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('sort_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recipients_sort_name').on('recipients').columns(['sort_name', 'id']).execute();
      await dialect.createSearchIndex(db, 'recipients');

      await db.schema
        .createTable('recipient_emails')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id').onDelete('cascade'))
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addUniqueConstraint('recipient_emails_unique', ['recipient_id', 'address'])
        .execute();
      await db.schema.createIndex('recipient_emails_address').on('recipient_emails').column('address').execute();

      await db.schema
        .createTable('recipient_units')
        .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id').onDelete('cascade'))
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'co_owner', 'tenant', 'member')`))
        .addPrimaryKeyConstraint('recipient_units_pk', ['recipient_id', 'unit_id'])
        .execute();
      await db.schema.createIndex('recipient_units_unit').on('recipient_units').column('unit_id').execute();

      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('data', dialect.binaryType, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('smtp_accounts.id').onDelete('restrict'))
        .addColumn('recipient_id', 'text', (c) => c.references('recipients.id').onDelete('set null'))
        .addColumn('to_name', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`status in ('draft', 'queued', 'sending', 'retry_wait', 'held', 'sent', 'bounced', 'complained', 'failed', 'cancelled')`,
            ),
        )
        // Written by the app with every status change; the check keeps the two from ever disagreeing. (A generated
        // column would do the same, but SQLite then rewrites every mailbox index on any status change.)
        .addColumn('mailbox', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`mailbox = case status when 'draft' then 'drafts' when 'queued' then 'outbox' when 'sending' then 'outbox' when 'retry_wait' then 'outbox' when 'held' then 'outbox' when 'sent' then 'sent' when 'complained' then 'sent' when 'failed' then 'failed' when 'bounced' then 'failed' else 'cancelled' end`,
            ),
        )
        .addColumn('message_id_header', 'text', (c) => c.notNull().unique())
        .addColumn('document_type', 'text')
        .addColumn('send_at', 'text')
        .addColumn('queued_at', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('sort_name', 'text', (c) => c.notNull())
        .addColumn('sort_subject', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // One index per sortable column within a mailbox, plus the per-account view: keyset pages walk them in order.
      for (const col of ['created_at', 'updated_at', 'sort_name', 'sort_subject']) {
        await db.schema.createIndex(`messages_mailbox_${col}`).on('messages').columns(['mailbox', col, 'id']).execute();
      }
      await db.schema
        .createIndex('messages_account_mailbox_created')
        .on('messages')
        .columns(['account_id', 'mailbox', 'created_at', 'id'])
        .execute();
      await db.schema.createIndex('messages_recipient').on('messages').column('recipient_id').execute();
      await dialect.createSearchIndex(db, 'messages');

      // Bodies live apart from the list columns, so mailbox scans read narrow rows.
      await db.schema
        .createTable('message_bodies')
        .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('message_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
        .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256').onDelete('restrict'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('message_attachments_message')
        .on('message_attachments')
        .columns(['message_id', 'position'])
        .execute();
      await db.schema.createIndex('message_attachments_blob').on('message_attachments').column('blob_sha256').execute();

      await db.schema
        .createTable('captured_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('mail_from', 'text', (c) => c.notNull())
        .addColumn('rcpt_to', 'text', (c) => c.notNull())
        .addColumn('from_header', 'text', (c) => c.notNull())
        .addColumn('to_header', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('message_id_header', 'text')
        .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
        .addColumn('account_id', 'text', (c) => c.references('smtp_accounts.id').onDelete('set null'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256').onDelete('restrict'))
        .execute();
      await db.schema
        .createIndex('captured_messages_received')
        .on('captured_messages')
        .columns(['received_at', 'id'])
        .execute();
      await db.schema.createIndex('captured_messages_account').on('captured_messages').column('account_id').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at']).execute();

      await db.schema
        .createTable('instance_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await dialect.dropSearchIndex(db, 'messages');
      await dialect.dropSearchIndex(db, 'recipients');
      for (const table of [
        'instance_settings',
        'audit_log',
        'captured_messages',
        'message_attachments',
        'message_bodies',
        'messages',
        'blobs',
        'recipient_units',
        'recipient_emails',
        'recipients',
        'units',
        'properties',
        'position_accounts',
        'smtp_accounts',
        'user_positions',
        'positions',
        'login_failures',
        'sessions',
        'users',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
