import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Drop folders (issue 13, point 4; D62): per position and document type a folder the worker watches, and one row
 * per file taken, keyed by (folder, name, size, SHA-256) so a file is processed once across restarts and workers.
 * A worker claims a row with a lease (like a message claim); the file is moved out only after the row is final.
 */
export function dropFoldersMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('drop_folders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('position_id', 'text', (c) => c.notNull().references('positions.id').onDelete('cascade'))
        .addColumn('document_type', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('drop_folders_position_type', ['position_id', 'document_type'])
        .execute();
      await db.schema
        .createTable('drop_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('folder', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('position_id', 'text', (c) => c.notNull())
        .addColumn('document_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('working', 'processed', 'rejected')`))
        .addColumn('intake_id', 'text')
        .addColumn('report', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('moved_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('drop_files_key', ['folder', 'name', 'size', 'sha256'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('drop_files').execute();
      await db.schema.dropTable('drop_folders').execute();
    },
  };
}
