import type { Kysely, Migration } from 'kysely';

/**
 * "Already sent" looks for earlier documents of the same unit, type and period (a re-import of the same notice).
 * With only `documents_unit` and `documents_type_period` to choose from, PostgreSQL without fresh statistics took
 * the type-and-period index and filtered every document of the month for each one checked — a batch's time grew
 * with the square of the month's documents (D64). One index on all three finds them directly; it also serves
 * every lookup by unit, so it replaces `documents_unit`.
 */
export function documentsUnitTypePeriodMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('documents_unit_type_period')
        .on('documents')
        .columns(['unit_id', 'type', 'period'])
        .execute();
      await db.schema.dropIndex('documents_unit').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.createIndex('documents_unit').on('documents').column('unit_id').execute();
      await db.schema.dropIndex('documents_unit_type_period').execute();
    },
  };
}
