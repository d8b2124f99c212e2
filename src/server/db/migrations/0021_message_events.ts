import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectSql } from '../dialect.js';

/**
 * Status back to the rent systems (issue 13 point 5, D60). `message_events` is the outbox of message events: one
 * row per state change, written in the transaction of the change, with an integer id that is the feed's cursor
 * (SQLite `integer primary key autoincrement`, PostgreSQL `bigserial`; PostgreSQL writers take a transaction
 * advisory lock first, so ids become visible in order — see dialect.ts). `webhooks` are the receivers, per position
 * or installation-wide, each with the event cursor up to which it has been given deliveries; `webhook_deliveries`
 * is the delivery log and the job queue (claimed with a lease, like the outbox).
 */
export function messageEventsMigration(dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      let events = db.schema.createTable('message_events');
      events =
        dialect.name === 'postgres'
          ? events.addColumn('id', 'bigserial', (c) => c.primaryKey())
          : events.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
      await events
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('batch_id', 'text')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) =>
          c
            .notNull()
            .check(sql`type in ('queued', 'held', 'sent', 'retrying', 'failed', 'bounced', 'read', 'replied')`),
        )
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('message_events_account')
        .on('message_events')
        .columns(['account_id', 'id'])
        .execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('position_id', 'text', (c) => c.references('positions.id').onDelete('cascade'))
        .addColumn('api_key_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('secret_enc', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'inactive')`))
        .addColumn('event_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('event_id', 'bigint', (c) => c.notNull().references('message_events.id'))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('pending', 'delivering', 'delivered', 'failed')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('last_attempt_at', 'text')
        .addColumn('replay_of', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_log')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'created_at'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').column('event_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('webhook_deliveries').execute();
      await db.schema.dropTable('webhooks').execute();
      await db.schema.dropTable('message_events').execute();
    },
  };
}
