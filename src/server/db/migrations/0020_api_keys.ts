import type { Kysely, Migration } from 'kysely';

/**
 * API keys for rent systems and idempotent POSTs (issue 13, points 1 and 2; D58).
 *
 * `api_keys` keeps the SHA-256 of the key's random secret (never the key), its name, the position it acts for
 * (null: the whole installation), its scopes (JSON array), when it stops working, and when and from where it was
 * last used. A revoked key keeps its row, so the audit log's label still names something.
 *
 * `idempotency_keys` remembers, per caller (`user:<id>` or `key:<id>`) and client-chosen key, the fingerprint of
 * the first request and, once it succeeded, its status and body, so a repeat gets the same answer and creates
 * nothing. The primary key makes the first of several parallel requests the only one that runs.
 */
export function apiKeysMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('secret_sha256', 'text', (c) => c.notNull().unique())
        .addColumn('position_id', 'text', (c) => c.references('positions.id').onDelete('cascade'))
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('last_used_ip', 'text')
        .execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('caller', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('response_status', 'integer')
        .addColumn('response_type', 'text')
        .addColumn('response_body', 'text')
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['caller', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('idempotency_keys').execute();
      await db.schema.dropTable('api_keys').execute();
    },
  };
}
