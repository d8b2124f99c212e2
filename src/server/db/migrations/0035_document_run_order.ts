import type { Kysely, Migration } from 'kysely';

/**
 * A batch reads its documents a page at a time in the run's order, (property, recipient key, id), continuing after
 * the last row read (D88). Selections are by import or by type and period (and a position's properties); their
 * indexes ended at the property or the import, so every page query read all the selection's rows and sorted them
 * again: at 100 000 documents, 20 sorts of 100 000 rows making the batch and 20 in its run, the main thread held
 * for tens of seconds (better-sqlite3 is synchronous). The two indexes now go on in the run's order: SQLite and
 * PostgreSQL walk them in order and stop at the page's end (D92). Every lookup the old ones served (by import; by
 * type, period and property) is a prefix of the new ones, so they replace them.
 */
export function documentRunOrderMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('documents_import_order')
        .on('documents')
        .columns(['import_id', 'property_id', 'recipient_key', 'id'])
        .execute();
      await db.schema.dropIndex('documents_import').execute();
      await db.schema
        .createIndex('documents_type_period_order')
        .on('documents')
        .columns(['type', 'period', 'property_id', 'recipient_key', 'id'])
        .execute();
      await db.schema.dropIndex('documents_type_period').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema
        .createIndex('documents_type_period')
        .on('documents')
        .columns(['type', 'period', 'property_id', 'id'])
        .execute();
      await db.schema.dropIndex('documents_type_period_order').execute();
      await db.schema.createIndex('documents_import').on('documents').column('import_id').execute();
      await db.schema.dropIndex('documents_import_order').execute();
    },
  };
}
