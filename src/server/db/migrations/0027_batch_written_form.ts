import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Issue 14, point 3 (D68). A batch may require written form ("wymagana forma pisemna"): every document of it then goes
 * to the paper pack, e-mail or not. Fee notices to tenants go there anyway (art. 8a uopl); this is the clerk's switch
 * for the rest. A property (a wspólnota) may keep the notice its resolution requires for fee changes.
 */
export function batchWrittenFormMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('batches')
        .addColumn('written_form', 'text', (c) => c.notNull().defaultTo('no').check(sql`written_form in ('yes', 'no')`))
        .execute();
      // JSON {unit: 'days' | 'months', amount}: the notice a wspólnota's resolution requires; null: none.
      await db.schema.alterTable('properties').addColumn('fee_notice_lead', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('properties').dropColumn('fee_notice_lead').execute();
      await db.schema.alterTable('batches').dropColumn('written_form').execute();
    },
  };
}
