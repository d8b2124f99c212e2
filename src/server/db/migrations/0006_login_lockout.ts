import type { Kysely, Migration } from 'kysely';
import type { DialectSql } from '../dialect.js';

/**
 * Login lockout as counters: one row per (login, address) and one per login for all new addresses (ip '*'),
 * each reserved by a single upsert before a password is checked. Replaces the per-failure rows of
 * `login_failures`, whose read-then-insert let parallel guesses through.
 */
export function loginLockoutMigration(_dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_throttle')
        .addColumn('login', 'text', (c) => c.notNull())
        // The client's address, or '*' for the account's bucket shared by every address it was never used from.
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull())
        // How many times this bucket was locked in the current episode; each lock lasts twice the previous one.
        .addColumn('lockouts', 'integer', (c) => c.notNull())
        .addColumn('blocked_until', 'text')
        .addColumn('last_failure_at', 'text')
        // Set on a successful log-in from this address: the address is then "known" for the account.
        .addColumn('last_success_at', 'text')
        .addPrimaryKeyConstraint('login_throttle_pk', ['login', 'ip'])
        .execute();
      await db.schema.dropTable('login_failures').execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_failures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_failures_login_at').on('login_failures').columns(['login', 'at']).execute();
      await db.schema.dropTable('login_throttle').execute();
    },
  };
}
