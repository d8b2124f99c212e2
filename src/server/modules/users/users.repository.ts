import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow, RowUpdate } from '../../db/schema.js';

export function createUsersRepository(_dialect: DialectSql) {
  return {
    findById(db: Db, id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByLogin(db: Db, login: string) {
      return db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
    },

    list(db: Db) {
      return db.selectFrom('users').selectAll().orderBy('display_name').orderBy('id').execute();
    },

    async count(db: Db): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insert(db: Db, row: NewRow<'users'>) {
      await db.insertInto('users').values(row).execute();
    },

    async update(db: Db, id: string, patch: RowUpdate<'users'>) {
      await db.updateTable('users').set(patch).where('id', '=', id).execute();
    },

    positionIdsOf(db: Db, userIds: string[]) {
      if (userIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('user_positions')
        .select(['user_id', 'position_id'])
        .where('user_id', 'in', userIds)
        .orderBy('position_id')
        .execute();
    },

    async replacePositions(db: Db, userId: string, positionIds: string[]) {
      await db.deleteFrom('user_positions').where('user_id', '=', userId).execute();
      if (positionIds.length > 0) {
        await db
          .insertInto('user_positions')
          .values(positionIds.map((position_id) => ({ user_id: userId, position_id })))
          .execute();
      }
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
