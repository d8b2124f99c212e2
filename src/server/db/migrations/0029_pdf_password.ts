import type { Kysely, Migration } from 'kysely';

/**
 * Password-protected PDFs (issue 14, point 2; D71). JSON rules (shared/pdf-password.ts) on an account and a batch
 * (null: the account's none, the batch's "as the type, else the account"); the per-type rules live in
 * `instance_settings` under `pdf_password_types`. A recipient may keep a code that a rule can use as the password.
 * Nothing is set by the migration: no PDF is encrypted until someone asks.
 */
export function pdfPasswordMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('smtp_accounts').addColumn('pdf_password', 'text').execute();
      await db.schema.alterTable('batches').addColumn('pdf_password', 'text').execute();
      await db.schema.alterTable('recipients').addColumn('pdf_code', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('recipients').dropColumn('pdf_code').execute();
      await db.schema.alterTable('batches').dropColumn('pdf_password').execute();
      await db.schema.alterTable('smtp_accounts').dropColumn('pdf_password').execute();
    },
  };
}
