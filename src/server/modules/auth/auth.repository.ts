import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow } from '../../db/schema.js';

export function createAuthRepository(_dialect: DialectSql) {
  return {
    async insertSession(db: Db, row: NewRow<'sessions'>) {
      await db.insertInto('sessions').values(row).execute();
    },

    /** A live session with its active user, or nothing. */
    findLiveSession(db: Db, sessionId: string, nowIso: string) {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.id as session_id',
          'sessions.csrf_token',
          'sessions.expires_at',
          'sessions.last_seen_at',
          'users.id as user_id',
          'users.login',
          'users.display_name',
          'users.email',
          'users.role',
        ])
        .where('sessions.id', '=', sessionId)
        .where('sessions.expires_at', '>', nowIso)
        .where('users.status', '=', 'active')
        .executeTakeFirst();
    },

    async touchSession(db: Db, sessionId: string, lastSeenIso: string, expiresIso: string) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenIso, expires_at: expiresIso })
        .where('id', '=', sessionId)
        .execute();
    },

    async deleteSession(db: Db, sessionId: string) {
      await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    },

    /** Ends every session of a user except, optionally, the one making the change. */
    async deleteUserSessions(db: Db, userId: string, exceptSessionId: string | null) {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
      await q.execute();
    },

    async deleteExpiredSessions(db: Db, nowIso: string) {
      await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
    },

    async insertLoginFailure(db: Db, row: NewRow<'login_failures'>) {
      await db.insertInto('login_failures').values(row).execute();
    },

    /** Recent failures for a login: how many, and the oldest one in the window (to say when to retry). */
    async recentLoginFailures(db: Db, login: string, sinceIso: string) {
      const row = await db
        .selectFrom('login_failures')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
        .where('login', '=', login)
        .where('at', '>', sinceIso)
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), oldest: row.oldest as string | null };
    },

    async clearLoginFailures(db: Db, login: string) {
      await db.deleteFrom('login_failures').where('login', '=', login).execute();
    },

    async deleteOldLoginFailures(db: Db, beforeIso: string) {
      await db.deleteFrom('login_failures').where('at', '<', beforeIso).execute();
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
