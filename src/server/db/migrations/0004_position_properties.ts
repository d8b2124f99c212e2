import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectSql } from '../dialect.js';

/**
 * The properties a position serves (decision D23): a clerk lists, reads, imports and edits documents, units and
 * recipients only within their positions' properties. Existing positions keep serving every existing property, so
 * nobody loses work on upgrade; the administrator narrows it in Ustawienia → Stanowiska.
 */
export function positionPropertiesMigration(_dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('position_properties')
        .addColumn('position_id', 'text', (c) => c.notNull().references('positions.id').onDelete('cascade'))
        .addColumn('property_id', 'text', (c) => c.notNull().references('properties.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('position_properties_pk', ['position_id', 'property_id'])
        .execute();
      await db.schema
        .createIndex('position_properties_property')
        .on('position_properties')
        .column('property_id')
        .execute();
      await sql`insert into position_properties (position_id, property_id)
        select positions.id, properties.id from positions cross join properties`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('position_properties').execute();
    },
  };
}
