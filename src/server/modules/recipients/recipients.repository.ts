import { sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import { keysetPage } from '../../db/keyset.js';
import type { Db, NewRow, RecipientUnitRole, RowUpdate } from '../../db/schema.js';
import type { KeysetCursor } from '../../lib/keyset.js';

export interface RecipientFilter {
  /** Folded search term (lower-case, no diacritics). */
  q?: string;
  channel?: 'email' | 'paper';
  unitId?: string;
  /** Only recipients of a unit in these properties (a clerk's scope); null for all. */
  propertyIds: string[] | null;
  after: KeysetCursor | null;
  limit: number;
}

export function createRecipientsRepository(dialect: DialectSql) {
  return {
    findById(db: Db, id: string) {
      return db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByIds(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('recipients').selectAll().where('id', 'in', ids).execute();
    },

    findByExternalKey(db: Db, externalKey: string) {
      return db.selectFrom('recipients').selectAll().where('external_key', '=', externalKey).executeTakeFirst();
    },

    /** Ordered by folded name, so "Łukasz" sorts among the L's. */
    async list(db: Db, f: RecipientFilter) {
      let q = db.selectFrom('recipients').selectAll();
      if (f.q) q = q.where(await dialect.searchTextContains(db, 'recipients', f.q));
      if (f.channel) q = q.where('channel', '=', f.channel);
      if (f.unitId) {
        q = q.where('id', 'in', (eb) =>
          eb
            .selectFrom('recipient_units')
            .select('recipient_id')
            .where('unit_id', '=', f.unitId as string),
        );
      }
      if (f.propertyIds) {
        const only = f.propertyIds;
        q =
          only.length === 0
            ? q.where(sql.lit(false))
            : q.where('id', 'in', (eb) =>
                eb
                  .selectFrom('recipient_units')
                  .innerJoin('units', 'units.id', 'recipient_units.unit_id')
                  .select('recipient_units.recipient_id')
                  .where('units.property_id', 'in', only),
              );
      }
      return keysetPage(q, { sort: 'sort_name', id: 'id', dir: 'asc' }, f.after, f.limit).execute();
    },

    emailsOf(db: Db, recipientIds: string[]) {
      if (recipientIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('recipient_emails')
        .select(['recipient_id', 'address'])
        .where('recipient_id', 'in', recipientIds)
        .orderBy('recipient_id')
        .orderBy('position')
        .execute();
    },

    /** The properties of the units a recipient is linked to. */
    async propertyIdsOf(db: Db, recipientId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('recipient_units')
        .innerJoin('units', 'units.id', 'recipient_units.unit_id')
        .select('units.property_id')
        .distinct()
        .where('recipient_units.recipient_id', '=', recipientId)
        .execute();
      return rows.map((r) => r.property_id);
    },

    unitsOf(db: Db, recipientIds: string[]) {
      if (recipientIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('recipient_units')
        .select(['recipient_id', 'unit_id', 'role'])
        .where('recipient_id', 'in', recipientIds)
        .orderBy('recipient_id')
        .orderBy('unit_id')
        .execute();
    },

    async insert(db: Db, row: NewRow<'recipients'>) {
      await db.insertInto('recipients').values(row).execute();
    },

    async update(db: Db, id: string, patch: RowUpdate<'recipients'>) {
      await db.updateTable('recipients').set(patch).where('id', '=', id).execute();
    },

    async delete(db: Db, id: string) {
      await db.deleteFrom('recipients').where('id', '=', id).execute();
    },

    async replaceEmails(db: Db, recipientId: string, rows: NewRow<'recipient_emails'>[]) {
      await db.deleteFrom('recipient_emails').where('recipient_id', '=', recipientId).execute();
      if (rows.length > 0) await db.insertInto('recipient_emails').values(rows).execute();
    },

    async replaceUnits(db: Db, recipientId: string, links: { unitId: string; role: RecipientUnitRole }[]) {
      await db.deleteFrom('recipient_units').where('recipient_id', '=', recipientId).execute();
      if (links.length > 0) {
        await db
          .insertInto('recipient_units')
          .values(links.map((l) => ({ recipient_id: recipientId, unit_id: l.unitId, role: l.role })))
          .execute();
      }
    },
  };
}

export type RecipientsRepository = ReturnType<typeof createRecipientsRepository>;
