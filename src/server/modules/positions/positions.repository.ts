import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow, PositionAccountRole, RowUpdate } from '../../db/schema.js';
import { chunks } from '../../lib/chunks.js';

export function createPositionsRepository(_dialect: DialectSql) {
  return {
    findById(db: Db, id: string) {
      return db.selectFrom('positions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByIds(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('positions').selectAll().where('id', 'in', ids).execute();
    },

    findByName(db: Db, name: string) {
      return db.selectFrom('positions').selectAll().where('name', '=', name).executeTakeFirst();
    },

    /** All positions, or only those of one user. */
    list(db: Db, onlyOfUserId: string | null) {
      let q = db.selectFrom('positions').selectAll('positions');
      if (onlyOfUserId) {
        q = q.where('positions.id', 'in', (eb) =>
          eb.selectFrom('user_positions').select('position_id').where('user_id', '=', onlyOfUserId),
        );
      }
      return q.orderBy('positions.name').execute();
    },

    async insert(db: Db, row: NewRow<'positions'>) {
      await db.insertInto('positions').values(row).execute();
    },

    async update(db: Db, id: string, patch: RowUpdate<'positions'>) {
      await db.updateTable('positions').set(patch).where('id', '=', id).execute();
    },

    async delete(db: Db, id: string) {
      await db.deleteFrom('positions').where('id', '=', id).execute();
    },

    accountLinks(db: Db, positionIds: string[]) {
      if (positionIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('position_accounts')
        .select(['position_id', 'account_id', 'role'])
        .where('position_id', 'in', positionIds)
        .orderBy('role')
        .orderBy('account_id')
        .execute();
    },

    userLinks(db: Db, positionIds: string[]) {
      if (positionIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('user_positions')
        .select(['position_id', 'user_id'])
        .where('position_id', 'in', positionIds)
        .orderBy('user_id')
        .execute();
    },

    propertyLinks(db: Db, positionIds: string[]) {
      if (positionIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('position_properties')
        .select(['position_id', 'property_id'])
        .where('position_id', 'in', positionIds)
        .orderBy('property_id')
        .execute();
    },

    async replaceProperties(db: Db, positionId: string, propertyIds: string[]) {
      await db.deleteFrom('position_properties').where('position_id', '=', positionId).execute();
      for (const part of chunks(propertyIds, 500)) {
        await db
          .insertInto('position_properties')
          .values(part.map((property_id) => ({ position_id: positionId, property_id })))
          .execute();
      }
    },

    async replaceAccounts(db: Db, positionId: string, links: { accountId: string; role: PositionAccountRole }[]) {
      await db.deleteFrom('position_accounts').where('position_id', '=', positionId).execute();
      if (links.length > 0) {
        await db
          .insertInto('position_accounts')
          .values(links.map((l) => ({ position_id: positionId, account_id: l.accountId, role: l.role })))
          .execute();
      }
    },
  };
}

export type PositionsRepository = ReturnType<typeof createPositionsRepository>;
