import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/server/db/schema.js';
import { FEEDBACK_ROOT } from '../../src/server/feedback/ports.js';
import type { Dovecot } from './dovecot.js';

/**
 * Everything reading a feedback mailbox did, in a form two runs can be compared by (the exactly-once test): what was
 * recorded, what the sink did (events by kind/effect/confidence, message states, suppressions, suspect addresses,
 * complaints, alarms, replies, audit entries) and where every message is now in the IMAP folders. Ids and
 * timestamps differ between runs and are left out; message ids and addresses are the seeded ones, so they compare.
 */
export async function feedbackOutcome(db: Db) {
  const count = async <T extends string>(rows: Promise<Record<T, unknown>[]>) =>
    (await rows).map((r) => Object.values(r).map(String).join(' ')).sort();
  const records = await db
    .selectFrom('feedback_messages')
    .select(['folder', 'uidvalidity', 'uid', 'sha256', 'kind', 'target_folder', 'processed_at', 'duplicate_of'])
    .execute();
  const groupCount = (table: 'feedback_events' | 'feedback_replies', cols: string[]) =>
    count(
      db
        .selectFrom(table)
        .select(cols.map((c) => sql.ref(c).as(c)))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .groupBy(cols)
        .execute() as Promise<Record<string, unknown>[]>,
    );
  return {
    records: {
      total: records.length,
      distinctPositions: new Set(records.map((r) => `${r.folder}/${r.uidvalidity}/${r.uid}`)).size,
      distinctSha256: new Set(records.map((r) => r.sha256)).size,
      unprocessed: records.filter((r) => r.processed_at === null).length,
      duplicates: records.filter((r) => r.duplicate_of !== null).length,
      byKind: tally(records.map((r) => r.kind)),
    },
    events: await groupCount('feedback_events', ['kind', 'effect', 'confidence', 'forged']),
    eventsPerRecord: await count(
      db
        .selectFrom('feedback_messages as f')
        .leftJoin('feedback_events as e', 'e.id', 'f.id')
        .select((eb) => [eb.fn.count<number>('e.id').as('events')])
        .groupBy('f.id')
        .execute()
        .then((rows) => Object.entries(tally(rows.map((r) => String(r.events)))).map(([events, n]) => ({ events, n }))),
    ),
    replies: await groupCount('feedback_replies', ['kind']),
    messages: await count(db.selectFrom('messages').select(['id', 'status']).where('status', '!=', 'sent').execute()),
    suppressions: await count(db.selectFrom('suppressions').select(['address', 'message_id', 'source']).execute()),
    suspect: await count(
      db.selectFrom('address_states').select('address').where('suspect_at', 'is not', null).execute(),
    ),
    // Recipients by their address: their ids are made anew in each database.
    complained: await count(
      db
        .selectFrom('recipients as r')
        .innerJoin('recipient_emails as e', 'e.recipient_id', 'r.id')
        .select('e.address')
        .where('r.complained_at', 'is not', null)
        .execute(),
    ),
    alarms: await count(
      db
        .selectFrom('smtp_accounts')
        .select('feedback_alarm_reason')
        .where('feedback_alarm_at', 'is not', null)
        .execute(),
    ),
    audit: await count(
      db
        .selectFrom('audit_log')
        .select(['action', 'entity_id'])
        .where('action', 'in', ['message.bounced', 'suppression.add'])
        .execute(),
    ),
  };
}

export function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of [...values].sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The SHA-256 of every message in each folder of the user (INBOX and Listonosz/…), and which carry \Seen. */
export async function folderContents(dovecot: Dovecot, user: string) {
  const out: Record<string, { sha256: string[]; seen: number }> = {};
  for (const folder of await dovecot.folders(user)) {
    if (folder !== 'INBOX' && !folder.startsWith(`${FEEDBACK_ROOT}/`)) continue;
    const messages = await dovecot.messages(user, folder);
    out[folder] = {
      sha256: messages.map((m) => createHash('sha256').update(m.raw).digest('hex')).sort(),
      seen: messages.filter((m) => m.flags.includes('\\Seen')).length,
    };
  }
  return out;
}
