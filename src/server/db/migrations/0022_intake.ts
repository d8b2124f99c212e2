import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Mail that arrives without a person (issue 13, point 3; D61). Each position has a rule — send at once, at its hour,
 * or wait for a clerk's approval — and each intake (one call of `POST /api/intake`, one file of a drop folder) has a
 * row keyed by the id its batch will have, so the caller can follow it before the batch exists and a resumed intake
 * finds the import it already made.
 */
export function intakeMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('position_intake')
        .addColumn('position_id', 'text', (c) => c.primaryKey().references('positions.id').onDelete('cascade'))
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('now', 'scheduled', 'approval')`))
        .addColumn('send_time', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('intakes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('position_id', 'text', (c) => c.notNull().references('positions.id').onDelete('cascade'))
        .addColumn('document_type', 'text', (c) => c.notNull())
        .addColumn('period', 'text')
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('now', 'scheduled', 'approval')`))
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('api', 'drop')`))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`status in ('accepted', 'importing', 'drafting', 'queued', 'scheduled', 'awaiting_approval', 'failed')`,
            ),
        )
        .addColumn('import_id', 'text')
        .addColumn('documents', 'integer')
        .addColumn('send_at', 'text')
        .addColumn('error', 'text')
        .addColumn('error_rows', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('intakes_status').on('intakes').columns(['status', 'position_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('intakes').execute();
      await db.schema.dropTable('position_intake').execute();
    },
  };
}
