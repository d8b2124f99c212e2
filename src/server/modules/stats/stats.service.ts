import type { Attention, DailyStats } from '../../../shared/stats.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { officeDayStartIso } from '../../lib/dates.js';
import { type AccountScope, feedbackAlarmOf } from '../accounts/accounts.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { Actor } from '../auth/auth.js';
import type { StatsRepository } from './stats.repository.js';

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Polish calendar day (YYYY-MM-DD) of an instant. */
const officeDay = (instant: Date) => dayFormatter.format(instant);

export function createStatsService(deps: {
  db: Db;
  repo: StatsRepository;
  accounts: AccountsRepository;
  clock: Clock;
  scopeFor: (actor: Actor) => Promise<AccountScope>;
  /** Feedback mail in the user's scope (D50): unknown mail waiting for triage, replies the user has not read. */
  feedbackMail: { counts(actor: Actor): Promise<{ triage: number; unreadReplies: number }> };
  /** Batches that wait for a clerk's approval (D61). */
  awaitingApproval: (actor: Actor) => Promise<Attention['awaitingApproval']>;
}) {
  const { db, repo, accounts, clock, scopeFor } = deps;
  /** Due this long ago and not sent: the sender is not keeping up, or not running. */
  const OVERDUE_MS = 15 * 60_000;

  return {
    /**
     * Pulpit's "Wymaga uwagi": failed and bounced (not repaired), held, overdue and waiting messages, the accounts
     * with a problem, tenants' replies the user has not read and unknown feedback mail to review (D50). All fine
     * only when there is none of them — messages waiting for a retry included (D41).
     */
    async attention(actor: Actor): Promise<Attention> {
      const scope = await scopeFor(actor);
      const accountIds = scope.all ? null : [...scope.ids];
      const rows = await repo.waiting(db, {
        accountIds,
        overdueBeforeIso: new Date(clock.now().getTime() - OVERDUE_MS).toISOString(),
      });
      const result: Attention = {
        allFine: true,
        failed: 0,
        bounced: 0,
        unreadReplies: 0,
        triage: 0,
        awaitingApproval: await deps.awaitingApproval(actor),
        held: { account: 0, paused: 0, suppressed: 0 },
        overdue: 0,
        retrying: 0,
        nextRetryAt: null,
        accounts: [],
      };
      const waitingBy = new Map<string, number>();
      for (const r of rows) {
        const n = Number(r.n);
        result.overdue += Number(r.overdue ?? 0);
        if (r.status === 'failed') result.failed += n;
        else if (r.status === 'bounced') result.bounced += n;
        else if (r.status === 'retry_wait') {
          result.retrying += n;
          const next = r.next_attempt_at;
          if (next && (!result.nextRetryAt || next < result.nextRetryAt)) result.nextRetryAt = next;
        } else if (r.status === 'held' && r.held_reason) result.held[r.held_reason] += n;
        // Everything in the account's outbox waits on it — queued and in an attempt too, not only what has been
        // held or put off already (the count must not depend on how far the worker got when Pulpit asked).
        if (
          r.status === 'queued' ||
          r.status === 'sending' ||
          r.status === 'retry_wait' ||
          (r.status === 'held' && r.held_reason !== 'suppressed')
        ) {
          waitingBy.set(r.account_id, (waitingBy.get(r.account_id) ?? 0) + n);
        }
      }
      const mail = await deps.feedbackMail.counts(actor);
      result.triage = mail.triage;
      result.unreadReplies = mail.unreadReplies;
      const all = await accounts.list(db, accountIds);
      result.accounts = all
        .filter(
          (a) =>
            a.status === 'active' &&
            (a.circuit_state !== 'closed' || a.last_error !== null || a.feedback_alarm_at !== null),
        )
        .map((a) => ({
          id: a.id,
          name: a.name,
          state: a.circuit_state,
          problem: a.last_error,
          since: a.last_error_at,
          nextTryAt: a.circuit_state === 'open' ? a.circuit_retry_at : null,
          waiting: waitingBy.get(a.id) ?? 0,
          feedbackAlarm: feedbackAlarmOf(a),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'pl'));
      result.allFine =
        result.failed === 0 &&
        result.bounced === 0 &&
        result.unreadReplies === 0 &&
        result.triage === 0 &&
        result.awaitingApproval.length === 0 &&
        result.overdue === 0 &&
        result.retrying === 0 &&
        result.held.account + result.held.paused + result.held.suppressed === 0 &&
        result.accounts.length === 0;
      return result;
    },

    /** The last `days` Polish calendar days (today included), per account of the user. */
    async daily(actor: Actor, days: number): Promise<DailyStats> {
      const scope = await scopeFor(actor);
      const today = officeDay(clock.now());
      const list: string[] = [];
      for (let i = days - 1; i >= 0; i--) {
        const d = new Date(`${today}T12:00:00Z`);
        d.setUTCDate(d.getUTCDate() - i);
        list.push(d.toISOString().slice(0, 10));
      }
      const rows = await repo.hourly(db, {
        sinceIso: officeDayStartIso(list[0]!),
        accountIds: scope.all ? null : [...scope.ids],
      });
      const index = new Map(list.map((d, i) => [d, i]));
      const byAccount = new Map<string, { sent: number[]; failed: number[] }>();
      for (const r of rows) {
        const day = officeDay(new Date(`${r.hour}:30:00Z`));
        const i = index.get(day);
        if (i === undefined) continue;
        let a = byAccount.get(r.account_id);
        if (!a) {
          a = { sent: list.map(() => 0), failed: list.map(() => 0) };
          byAccount.set(r.account_id, a);
        }
        a[r.kind === 'sent' ? 'sent' : 'failed'][i]! += Number(r.n);
      }
      const names = new Map((await accounts.findByIds(db, [...byAccount.keys()])).map((a) => [a.id, a.name]));
      return {
        days: list,
        accounts: [...byAccount.entries()]
          .map(([accountId, v]) => ({ accountId, name: names.get(accountId) ?? '?', ...v }))
          .sort((a, b) => a.name.localeCompare(b.name, 'pl')),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
