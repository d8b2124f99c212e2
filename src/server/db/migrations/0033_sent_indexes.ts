import { type Expression, type Kysely, type Migration, type SqlBool, sql } from 'kysely';

/**
 * The three retention indexes of 0031 hold only the rows their queries ask for (bench:send, 2026-12-07): a message
 * moving from the outbox to Wysłane rewrote an entry in each — `(mailbox, …)` indexes over every message — which
 * with the other mailbox indexes made finishing a send a large share of the sender's CPU. Now:
 *   - messages_content_sent: sent, content still there, by sending time (was every message with content);
 *   - messages_content_unsent: failed or cancelled, content still there, by last change (was every message);
 *   - messages_mailbox_sent_at: sent, by sending time (was every message).
 * A send that ends adds one entry (to the first and the last) instead of moving three. Their queries name the
 * mailboxes as literals, which lets SQLite and PostgreSQL's generic plans use a partial index; the mailbox stays the
 * first column, so SQLite's planner sees "mailbox = ? and sent_at < ?" and prefers them to another mailbox index
 * (and `content_removed_at`, always null there, the second of messages_content_sent: the retention job's query
 * matches three columns of it and two of messages_mailbox_sent_at, so it walks the one that shrinks).
 */
const SENT = sql<SqlBool>`${sql.ref('mailbox')} = 'sent'`;
const UNSENT = sql<SqlBool>`${sql.ref('mailbox')} in ('failed', 'cancelled')`;
const HAS_CONTENT = sql<SqlBool>`${sql.ref('content_removed_at')} is null`;

/** One index of `messages`: its columns and, for a partial one, the rows it holds. */
type IndexDef = { name: string; columns: string[]; where?: Expression<SqlBool> };

const PARTIAL: IndexDef[] = [
  {
    name: 'messages_content_sent',
    columns: ['mailbox', 'content_removed_at', 'sent_at'],
    where: sql<SqlBool>`${SENT} and ${HAS_CONTENT}`,
  },
  {
    name: 'messages_content_unsent',
    columns: ['mailbox', 'updated_at'],
    where: sql<SqlBool>`${UNSENT} and ${HAS_CONTENT}`,
  },
  { name: 'messages_mailbox_sent_at', columns: ['mailbox', 'sent_at'], where: SENT },
];
/** As migration 0031 made them. */
const WHOLE: IndexDef[] = [
  { name: 'messages_content_sent', columns: ['mailbox', 'sent_at'], where: HAS_CONTENT },
  { name: 'messages_content_unsent', columns: ['mailbox', 'updated_at'], where: HAS_CONTENT },
  { name: 'messages_mailbox_sent_at', columns: ['mailbox', 'sent_at'] },
];

/** Drops the indexes of these names and makes them again as defined. */
async function rebuild(db: Kysely<unknown>, defs: IndexDef[]) {
  for (const d of defs) await db.schema.dropIndex(d.name).execute();
  for (const d of defs) {
    const index = db.schema.createIndex(d.name).on('messages').columns(d.columns);
    await (d.where ? index.where(d.where) : index).execute();
  }
}

export function sentIndexesMigration(): Migration {
  return {
    up: (db: Kysely<unknown>) => rebuild(db, PARTIAL),
    down: (db: Kysely<unknown>) => rebuild(db, WHOLE),
  };
}
