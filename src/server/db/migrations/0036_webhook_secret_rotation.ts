import type { Kysely, Migration } from 'kysely';

/**
 * A webhook's signing secret can be replaced without a gap (D98): the secret that was current before the last
 * rotation, sealed as the current one is (bound to its row and to this column), and the instant until which
 * deliveries are still signed with it too (ISO text, as every instant here). Both null: one secret only.
 */
export function webhookSecretRotationMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('webhooks').addColumn('previous_secret_enc', 'text').execute();
      await db.schema.alterTable('webhooks').addColumn('previous_secret_until', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('webhooks').dropColumn('previous_secret_until').execute();
      await db.schema.alterTable('webhooks').dropColumn('previous_secret_enc').execute();
    },
  };
}
