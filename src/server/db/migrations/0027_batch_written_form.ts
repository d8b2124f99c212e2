import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Issue 14, point 3 (D68). A batch may require written form ("wymagana forma pisemna"): every document of it then goes
 * to the paper pack, e-mail or not. Fee notices to tenants go there anyway (art. 8a uopl); this is the clerk's switch
 * for the rest.
 */
export function batchWrittenFormMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('batches')
        .addColumn('written_form', 'text', (c) => c.notNull().defaultTo('no').check(sql`written_form in ('yes', 'no')`))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('batches').dropColumn('written_form').execute();
    },
  };
}
