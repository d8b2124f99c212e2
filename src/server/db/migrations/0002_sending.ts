import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { DialectSql } from '../dialect.js';

type NewColumn = [
  name: string,
  type: 'integer' | 'text',
  build?: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder,
];

/** The background sender: frozen MIME, leases, attempts, account circuits, rate buckets, suppression list. */
export function sendingMigration(dialect: DialectSql): Migration {
  const messageColumns: NewColumn[] = [
    ['attempts', 'integer', (c) => c.notNull().defaultTo(0)],
    ['series', 'integer', (c) => c.notNull().defaultTo(0)],
    ['priority', 'integer', (c) => c.notNull().defaultTo(100)],
    ['next_attempt_at', 'text'],
    ['first_attempt_at', 'text'],
    ['lease_owner', 'text'],
    ['lease_expires_at', 'text'],
    ['eml_sha256', 'text'],
    ['eml_size', 'integer'],
    ['envelope_from', 'text'],
    ['held_reason', 'text'],
    ['last_outcome', 'text'],
    ['error_hint', 'text'],
    ['smtp_response', 'text'],
    ['smtp_queue_id', 'text'],
  ];
  const accountColumns: NewColumn[] = [
    ['circuit_state', 'text', (c) => c.notNull().defaultTo('closed')],
    ['circuit_failures', 'integer', (c) => c.notNull().defaultTo(0)],
    ['circuit_retry_at', 'text'],
    ['max_connections', 'integer', (c) => c.notNull().defaultTo(5)],
  ];

  return {
    async up(db: Kysely<unknown>) {
      for (const [name, type, build] of messageColumns) {
        await db.schema.alterTable('messages').addColumn(name, type, build).execute();
      }
      // What a worker claims: due messages of one account, fresh and retries apart (fairness), oldest first.
      await db.schema
        .createIndex('messages_due')
        .on('messages')
        .columns(['account_id', 'status', 'priority', 'next_attempt_at', 'id'])
        .where(sql.ref('status'), 'in', ['queued', 'retry_wait'])
        .execute();
      await db.schema
        .createIndex('messages_leases')
        .on('messages')
        .column('lease_expires_at')
        .where(sql.ref('status'), '=', 'sending')
        .execute();
      await db.schema
        .createIndex('messages_held')
        .on('messages')
        .columns(['account_id', 'held_reason'])
        .where(sql.ref('status'), '=', 'held')
        .execute();
      await db.schema.createIndex('messages_to_address').on('messages').column('to_address').execute();
      // Every attempt reads a frozen .eml back whole.
      await dialect.tuneBlobStorage(db);

      for (const [name, type, build] of accountColumns) {
        await db.schema.alterTable('smtp_accounts').addColumn(name, type, build).execute();
      }

      await db.schema
        .createTable('message_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
        .addColumn('series', 'integer', (c) => c.notNull())
        .addColumn('attempt_no', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('worker_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) =>
          c.notNull().check(sql`outcome in ('sent', 'transient', 'account', 'recipient', 'message', 'unknown')`),
        )
        .addColumn('smtp_code', 'integer')
        .addColumn('enhanced_status', 'text')
        .addColumn('response', 'text')
        .addColumn('error_code', 'text')
        .execute();
      await db.schema
        .createIndex('message_attempts_message')
        .on('message_attempts')
        .columns(['message_id', 'started_at'])
        .execute();

      await db.schema
        .createTable('rate_buckets')
        .addColumn('account_id', 'text', (c) => c.notNull().references('smtp_accounts.id').onDelete('cascade'))
        .addColumn('scale', 'text', (c) => c.notNull().check(sql`scale in ('second', 'minute', 'hour', 'day')`))
        .addColumn('tokens', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_buckets_pk', ['account_id', 'scale'])
        .execute();

      await db.schema
        .createTable('suppressions')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('suppressions').execute();
      await db.schema.dropTable('rate_buckets').execute();
      await db.schema.dropTable('message_attempts').execute();
      for (const [name] of [...accountColumns].reverse()) {
        await db.schema.alterTable('smtp_accounts').dropColumn(name).execute();
      }
      for (const index of ['messages_to_address', 'messages_held', 'messages_leases', 'messages_due']) {
        await db.schema.dropIndex(index).execute();
      }
      for (const [name] of [...messageColumns].reverse()) {
        await db.schema.alterTable('messages').dropColumn(name).execute();
      }
    },
  };
}
