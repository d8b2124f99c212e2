import { sql } from 'kysely';
import { EVENT_LOG_LOCK_SQL } from '../db/dialect.js';
import type { Db, NewRow } from '../db/schema.js';
import { eventValues, type MessageEventInput } from '../events/message-events.js';
import { type FinishRow, finishUpdate, finishValues } from './finish-sql.js';

/** The columns of an attempt row, in the order its VALUES carry them. */
const ATTEMPT_COLUMNS = [
  'id',
  'message_id',
  'series',
  'attempt_no',
  'account_id',
  'worker_id',
  'started_at',
  'finished_at',
  'outcome',
  'smtp_code',
  'enhanced_status',
  'response',
  'error_code',
] as const satisfies readonly (keyof NewRow<'message_attempts'>)[];

/** What a plain group of outcomes writes: no circuit opens or closes, no address is suppressed (D89). */
export interface PlainOutcomes {
  finish: FinishRow[];
  /** Every attempt, written or fenced out: it really happened. */
  attempts: NewRow<'message_attempts'>[];
  /** The events of the outcomes; only those of messages whose outcome is written are kept. */
  events: MessageEventInput[];
  nowIso: string;
}

/**
 * PostgreSQL: a group of plain outcomes in ONE statement (D89) — the fenced UPDATE of the messages, the attempt rows,
 * the alarm of each account that worked cleared, the event log's lock and the events of the written messages — where
 * the transaction of separate statements costs seven round trips (BEGIN … COMMIT) per group commit. A single
 * statement is its own transaction: all of it or nothing. Returns the ids written.
 *
 * Order of locks, as in the transaction it replaces: the messages' rows (the primary query reads `done` first), then
 * an account row (`alarm` reads `done`), then the event log's advisory lock (`lock` waits for `alarm`), then the
 * events (which read `lock`, so every event id is drawn under it, D60).
 */
export async function writePlainOutcomes(db: Db, o: PlainOutcomes): Promise<Set<string>> {
  if (o.finish.length === 0) return new Set();
  const attempts = sql.join(
    o.attempts.map((a) => sql`(${sql.join(ATTEMPT_COLUMNS.map((c) => sql`${a[c] ?? null}`))})`),
  );
  const withAttempts =
    o.attempts.length > 0
      ? sql`, attempts as (insert into message_attempts (${sql.join(ATTEMPT_COLUMNS.map((c) => sql.ref(c)))})
              values ${attempts})`
      : sql``;
  const withEvents =
    o.events.length > 0
      ? sql`, events as (
              insert into message_events (message_id, batch_id, account_id, type, occurred_at, payload)
              select d.id, d.batch_id, d.account_id, e.type, ${o.nowIso}, e.payload
              from (values ${eventValues(o.events)}) e (n, message_id, type, payload)
              join done d on d.id = e.message_id
              cross join lock
              order by e.n)`
      : sql``;
  const result = await sql<{ id: string }>`
    with ${finishValues(o.finish)},
    done as (
      ${finishUpdate(o.nowIso, sql`messages.id, messages.batch_id, messages.account_id, v.status`)}
    ),
    alarm as (
      update smtp_accounts set last_error = null, last_error_at = null
      where id in (select account_id from done where status = 'sent')
        and last_error is not null and circuit_state = 'closed'
      returning id
    ),
    lock as (select ${EVENT_LOG_LOCK_SQL} from (select count(*) from alarm) a)
    ${withAttempts}
    ${withEvents}
    select id from done`.execute(db);
  return new Set(result.rows.map((r) => r.id));
}
