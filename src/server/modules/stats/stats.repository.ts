import { type SqlBool, sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import type { Db } from '../../db/schema.js';

/** Counts for the dashboard's chart: messages sent and failed per hour (UTC) and account since a moment. */
export function createStatsRepository(_dialect: DialectSql) {
  return {
    /** Messages not yet sent, or failed or bounced and not repaired, by account, status and held reason; the overdue ones; the next due. */
    async waiting(db: Db, f: { accountIds: string[] | null; overdueBeforeIso: string }) {
      if (f.accountIds?.length === 0) return [];
      let q = db
        .selectFrom('messages')
        .select((eb) => [
          'account_id',
          'status',
          'held_reason',
          eb.fn.countAll<number>().as('n'),
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(
                  eb.and([
                    eb('status', 'in', ['queued', 'retry_wait']),
                    eb('next_attempt_at', '<', f.overdueBeforeIso),
                  ]),
                )
                .then(1)
                .else(0)
                .end(),
            )
            .as('overdue'),
          eb.fn.min('next_attempt_at').as('next_attempt_at'),
        ])
        .where('status', 'in', ['queued', 'sending', 'retry_wait', 'held', 'failed', 'bounced'])
        // A failed or bounced message repaired (resent, corrected address, on paper) no longer waits on anyone (D41).
        .where((eb) => eb.or([eb('status', 'not in', ['failed', 'bounced']), eb('resolved_at', 'is', null)]));
      if (f.accountIds) q = q.where('account_id', 'in', f.accountIds);
      return q.groupBy(['account_id', 'status', 'held_reason']).execute();
    },

    async hourly(db: Db, f: { sinceIso: string; accountIds: string[] | null }) {
      if (f.accountIds?.length === 0) return [];
      // ISO text: the first 13 characters are the UTC hour; the service folds hours into Polish calendar days.
      let sent = db
        .selectFrom('messages')
        .select((eb) => [
          'account_id',
          sql<string>`substr(sent_at, 1, 13)`.as('hour'),
          sql<string>`'sent'`.as('kind'),
          eb.fn.countAll<number>().as('n'),
        ])
        // A literal: messages_mailbox_sent_at is partial on it (migration 0033).
        .where(sql<SqlBool>`${sql.ref('mailbox')} = 'sent'`)
        .where('sent_at', '>=', f.sinceIso);
      let failed = db
        .selectFrom('messages')
        .select((eb) => [
          'account_id',
          sql<string>`substr(updated_at, 1, 13)`.as('hour'),
          sql<string>`'failed'`.as('kind'),
          eb.fn.countAll<number>().as('n'),
        ])
        .where('mailbox', '=', 'failed')
        .where('updated_at', '>=', f.sinceIso);
      if (f.accountIds) {
        sent = sent.where('account_id', 'in', f.accountIds);
        failed = failed.where('account_id', 'in', f.accountIds);
      }
      return sent
        .groupBy(['account_id', sql`substr(sent_at, 1, 13)`])
        .unionAll(failed.groupBy(['account_id', sql`substr(updated_at, 1, 13)`]))
        .execute();
    },
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
