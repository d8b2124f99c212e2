import type { Kysely, Migration } from 'kysely';

/**
 * A password an administrator chose for someone else (a new account, a reset) must be changed by its owner at the
 * next log-in: `password_change_required_at` holds when it was set that way, null once the owner chose their own.
 * Until then the API answers only logout, "who am I" and the password change.
 */
export function passwordChangeMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('password_change_required_at', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('password_change_required_at').execute();
    },
  };
}
