import { sql } from 'kysely';
import type { DialectSql } from '../db/dialect.js';
import type { Db, MessageEventType } from '../db/schema.js';

/** One change of a message's state, as the event log records it (D60). */
export interface MessageEventInput {
  messageId: string;
  type: MessageEventType;
  /** The address the message went to. */
  to: string;
  /** Small facts about the change (an SMTP reply, an error, a reply's sender); never a message body. */
  data?: Record<string, string | number | null>;
}

/** The VALUES rows of events: (n, message_id, type, payload), `n` keeping their order. */
export function eventValues(events: MessageEventInput[]) {
  return sql.join(
    events.map(
      (e, n) => sql`(cast(${n} as integer), ${e.messageId}, ${e.type}, ${JSON.stringify({ to: e.to, ...e.data })})`,
    ),
  );
}

/** Most events one statement writes (bound parameters stay well under SQLite's and PostgreSQL's limits). */
const CHUNK = 300;

/**
 * Writes message events in the caller's transaction (the outbox pattern: the event exists exactly when the change
 * was committed). One INSERT … SELECT per chunk takes the batch and account from the message row, so the hot
 * sending path pays one statement per transaction.
 */
export function createMessageEventLog(dialect: DialectSql) {
  return {
    async record(tx: Db, events: MessageEventInput[], occurredAt: string): Promise<void> {
      if (events.length === 0) return;
      await dialect.lockEventLog(tx);
      for (let i = 0; i < events.length; i += CHUNK) {
        await sql`
          with v (n, message_id, type, payload) as (values ${eventValues(events.slice(i, i + CHUNK))})
          insert into message_events (message_id, batch_id, account_id, type, occurred_at, payload)
          select m.id, m.batch_id, m.account_id, v.type, ${occurredAt}, v.payload
          from v join messages m on m.id = v.message_id
          order by v.n`.execute(tx);
      }
    },
  };
}

export type MessageEventLog = ReturnType<typeof createMessageEventLog>;
