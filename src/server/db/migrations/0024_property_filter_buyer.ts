import type { Kysely, Migration } from 'kysely';

/**
 * Issue 13, point 7 (D63). Mailboxes filter by property: a message belongs to its document's property, so the
 * documents of one property are found by an index. A sales document goes only to the buyer it names: documents
 * whose buyer matched nobody (or several people) on the unit are kept on the batch as JSON, for the clerk to see.
 */
export function propertyFilterBuyerMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('documents_property').on('documents').columns(['property_id', 'id']).execute();
      await db.schema.alterTable('batches').addColumn('buyer_problems', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('batches').dropColumn('buyer_problems').execute();
      await db.schema.dropIndex('documents_property').execute();
    },
  };
}
