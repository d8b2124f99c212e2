import { sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow } from '../../db/schema.js';

/** One password check to reserve in a lockout bucket (see `reserveCheck`). */
export interface Reservation {
  login: string;
  /** The client address, or ACCOUNT_BUCKET for the account-wide bucket. */
  ip: string;
  nowIso: string;
  limit: number;
  /** A streak whose last failure is older than this starts over. */
  windowStartIso: string;
  /** A bucket whose last failure is older than this starts again from the first lock length. */
  episodeStartIso: string;
  /** When a lock starting now ends, by the number of earlier locks (the last one repeats); at least one. */
  lockEnds: string[];
}

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
          'users.password_change_required_at',
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

    /**
     * Reserves one password check in a lockout bucket, in one statement, before the password is checked: parallel
     * requests each get their own count (the upsert takes the row's lock on PostgreSQL; SQLite has one writer).
     * The reservation that reaches the limit also starts the lock. Returns nothing when the bucket is locked.
     */
    reserveCheck(db: Db, b: Reservation) {
      const t = 'login_throttle';
      const stale = (before: string) =>
        sql<boolean>`(${sql.ref(`${t}.last_failure_at`)} is null or ${sql.ref(`${t}.last_failure_at`)} < ${before})`;
      const failures = sql<number>`(case when ${stale(b.windowStartIso)} then 1 else ${sql.ref(`${t}.failures`)} + 1 end)`;
      const level = sql<number>`(case when ${stale(b.episodeStartIso)} then 0 else ${sql.ref(`${t}.lockouts`)} end)`;
      const locks = sql<boolean>`${failures} >= ${b.limit}`;
      const last = b.lockEnds.at(-1) ?? b.nowIso;
      const lockEnd =
        b.lockEnds.length > 1
          ? sql<string>`(case ${level} ${sql.join(
              b.lockEnds.slice(0, -1).map((end, i) => sql`when ${i} then ${end}`),
              sql` `,
            )} else ${last} end)`
          : sql<string>`${last}`;
      const first = b.limit <= 1;
      return db
        .insertInto('login_throttle')
        .values({
          login: b.login,
          ip: b.ip,
          failures: first ? 0 : 1,
          lockouts: first ? 1 : 0,
          blocked_until: first ? (b.lockEnds[0] ?? null) : null,
          last_failure_at: b.nowIso,
          last_success_at: null,
        })
        .onConflict((oc) =>
          oc
            .columns(['login', 'ip'])
            .doUpdateSet({
              failures: sql`case when ${locks} then 0 else ${failures} end`,
              lockouts: sql`case when ${locks} then ${level} + 1 else ${level} end`,
              blocked_until: sql`case when ${locks} then ${lockEnd} else null end`,
              last_failure_at: b.nowIso,
            })
            .where(
              sql<boolean>`(${sql.ref(`${t}.blocked_until`)} is null or ${sql.ref(`${t}.blocked_until`)} <= ${b.nowIso})`,
            ),
        )
        .returning(['blocked_until'])
        .executeTakeFirst();
    },

    /** Until when a bucket is locked (null when it is not). */
    async lockedUntil(db: Db, login: string, ip: string, nowIso: string): Promise<string | null> {
      const row = await db
        .selectFrom('login_throttle')
        .select('blocked_until')
        .where('login', '=', login)
        .where('ip', '=', ip)
        .where('blocked_until', '>', nowIso)
        .executeTakeFirst();
      return row?.blocked_until ?? null;
    },

    /** Whether the login succeeded from this address since `sinceIso`. */
    async isKnownAddress(db: Db, login: string, ip: string, sinceIso: string): Promise<boolean> {
      const row = await db
        .selectFrom('login_throttle')
        .select('login')
        .where('login', '=', login)
        .where('ip', '=', ip)
        .where('last_success_at', '>=', sinceIso)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** A right password from an address: its streak, lock and lock level start over, and the address is known. */
    async recordSuccess(db: Db, login: string, ip: string, nowIso: string) {
      await db
        .insertInto('login_throttle')
        .values({
          login,
          ip,
          failures: 0,
          lockouts: 0,
          blocked_until: null,
          last_failure_at: null,
          last_success_at: nowIso,
        })
        .onConflict((oc) =>
          oc
            .columns(['login', 'ip'])
            .doUpdateSet({ failures: 0, lockouts: 0, blocked_until: null, last_success_at: nowIso }),
        )
        .execute();
    },

    /** Gives back one reserved check whose password was right (the streak counts failures only). */
    async releaseCheck(db: Db, login: string, ip: string) {
      await db
        .updateTable('login_throttle')
        .set((eb) => ({ failures: eb('failures', '-', 1) }))
        .where('login', '=', login)
        .where('ip', '=', ip)
        .where('failures', '>', 0)
        .execute();
    },

    /** Ends every lock of a login (the administrator's unlock); known addresses stay known. */
    async unlock(db: Db, login: string) {
      await db
        .updateTable('login_throttle')
        .set({ failures: 0, lockouts: 0, blocked_until: null })
        .where('login', '=', login)
        .execute();
    },

    /** Locks in force for these logins: which bucket and until when. */
    activeLocks(db: Db, logins: string[], nowIso: string) {
      if (logins.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('login_throttle')
        .select(['login', 'ip', 'blocked_until'])
        .where('login', 'in', logins)
        .where('blocked_until', '>', nowIso)
        .orderBy('login')
        .orderBy('ip')
        .execute();
    },

    /** Forgets buckets with no lock, no recent failure and no recent success. */
    async deleteStaleThrottles(db: Db, b: { nowIso: string; failureBeforeIso: string; successBeforeIso: string }) {
      await db
        .deleteFrom('login_throttle')
        .where((eb) =>
          eb.and([
            eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', b.nowIso)]),
            eb.or([eb('last_failure_at', 'is', null), eb('last_failure_at', '<', b.failureBeforeIso)]),
            eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', b.successBeforeIso)]),
          ]),
        )
        .execute();
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
