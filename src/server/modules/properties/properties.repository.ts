import { sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import { keysetPage } from '../../db/keyset.js';
import type { Db, NewRow, RowUpdate } from '../../db/schema.js';
import { likeEscaped } from '../../db/sql.js';
import type { KeysetCursor } from '../../lib/keyset.js';

export interface UnitFilter {
  propertyId?: string;
  /** Only units of these properties (a clerk's scope); null for all. */
  propertyIds: string[] | null;
  q?: string;
  after: KeysetCursor | null;
  limit: number;
}

/** Properties (wspólnoty, spółdzielnie, own and managed stock) and their units (lokale). */
export function createPropertiesRepository(_dialect: DialectSql) {
  return {
    findById(db: Db, id: string) {
      return db.selectFrom('properties').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByName(db: Db, name: string) {
      return db.selectFrom('properties').selectAll().where('name', '=', name).executeTakeFirst();
    },

    /** The properties served by the positions a user works at. */
    async propertyIdsForUser(db: Db, userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('position_properties')
        .innerJoin('user_positions', 'user_positions.position_id', 'position_properties.position_id')
        .select('position_properties.property_id')
        .distinct()
        .where('user_positions.user_id', '=', userId)
        .execute();
      return rows.map((r) => r.property_id);
    },

    /** The properties one position serves (a position-bound API key reaches these). */
    async propertyIdsForPosition(db: Db, positionId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('position_properties')
        .select('property_id')
        .where('position_id', '=', positionId)
        .execute();
      return rows.map((r) => r.property_id);
    },

    /** Properties with how many units each has; all of them (or those in `only`), or the one with `onlyId`. */
    listWithUnitCounts(db: Db, onlyId: string | null, only: string[] | null = null) {
      let q = db
        .selectFrom('properties')
        .selectAll('properties')
        .select((eb) =>
          eb
            .selectFrom('units')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('units.property_id', '=', 'properties.id')
            .as('unit_count'),
        );
      if (onlyId) q = q.where('properties.id', '=', onlyId);
      if (only) q = only.length > 0 ? q.where('properties.id', 'in', only) : q.where(sql.lit(false));
      return q.orderBy('properties.name').execute();
    },

    async insert(db: Db, row: NewRow<'properties'>) {
      await db.insertInto('properties').values(row).execute();
    },

    async update(db: Db, id: string, patch: RowUpdate<'properties'>) {
      await db.updateTable('properties').set(patch).where('id', '=', id).execute();
    },

    async delete(db: Db, id: string) {
      await db.deleteFrom('properties').where('id', '=', id).execute();
    },

    async hasUnits(db: Db, propertyId: string): Promise<boolean> {
      const row = await db
        .selectFrom('units')
        .select('id')
        .where('property_id', '=', propertyId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    findUnitById(db: Db, id: string) {
      return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findUnitsByIds(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('units').selectAll().where('id', 'in', ids).execute();
    },

    findUnitByNumber(db: Db, propertyId: string, number: string) {
      return db
        .selectFrom('units')
        .selectAll()
        .where('property_id', '=', propertyId)
        .where('number', '=', number)
        .executeTakeFirst();
    },

    findUnitByExternalKey(db: Db, externalKey: string) {
      return db.selectFrom('units').selectAll().where('external_key', '=', externalKey).executeTakeFirst();
    },

    /** Units ordered by number; `q` matches the number, the address or the rent system's key. */
    listUnits(db: Db, f: UnitFilter) {
      let q = db.selectFrom('units').selectAll();
      if (f.propertyId) q = q.where('property_id', '=', f.propertyId);
      if (f.propertyIds)
        q = f.propertyIds.length > 0 ? q.where('property_id', 'in', f.propertyIds) : q.where(sql.lit(false));
      if (f.q) {
        const term = f.q.toLowerCase();
        q = q.where((eb) =>
          eb.or([
            likeEscaped(eb.fn('lower', ['number']), term, 'contains'),
            likeEscaped(eb.fn('lower', ['address']), term, 'contains'),
            likeEscaped(eb.fn('lower', ['external_key']), term, 'contains'),
          ]),
        );
      }
      return keysetPage(q, { sort: 'number', id: 'id', dir: 'asc' }, f.after, f.limit).execute();
    },

    async insertUnit(db: Db, row: NewRow<'units'>) {
      await db.insertInto('units').values(row).execute();
    },

    async updateUnit(db: Db, id: string, patch: RowUpdate<'units'>) {
      await db.updateTable('units').set(patch).where('id', '=', id).execute();
    },

    async deleteUnit(db: Db, id: string) {
      await db.deleteFrom('units').where('id', '=', id).execute();
    },
  };
}

export type PropertiesRepository = ReturnType<typeof createPropertiesRepository>;
