import type { Kysely, Migration } from 'kysely';

/**
 * An account's own RODO footer (D66), JSON as shared/rodo.ts describes it; null: the installation's footer, kept
 * in `instance_settings` under `rodo_footer`. Nothing is set by the migration: no footer until an admin sets one.
 */
export function accountRodoFooterMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('smtp_accounts').addColumn('rodo_footer', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('smtp_accounts').dropColumn('rodo_footer').execute();
    },
  };
}
