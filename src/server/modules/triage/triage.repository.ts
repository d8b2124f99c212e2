import { keysetPage } from '../../db/keyset.js';
import type { Db, TriageDecision } from '../../db/schema.js';
import type { KeysetCursor } from '../../lib/keyset.js';
import { type MailScope, visibleMail } from '../feedback/mail-scope.js';

export type { MailScope };

/** The SQL of triage (D50) and of Pulpit's feedback counts: unknown mail, its decision, unread replies. */
export function createTriageRepository() {
  const base = (db: Db) => db.selectFrom('feedback_replies as r').innerJoin('feedback_events as e', 'e.id', 'r.id');

  return {
    /** The feedback mailboxes these accounts use. */
    async mailboxesOf(db: Db, accountIds: string[]) {
      if (accountIds.length === 0) return [];
      const rows = await db
        .selectFrom('smtp_accounts')
        .select('feedback_mailbox_id')
        .distinct()
        .where('id', 'in', accountIds)
        .where('feedback_mailbox_id', 'is not', null)
        .execute();
      return rows.map((r) => r.feedback_mailbox_id as string);
    },

    /** Unknown mail nobody has reviewed, newest first, after the cursor (limit + 1 rows). */
    openPage(db: Db, f: { scope: MailScope | null; after: KeysetCursor | null; limit: number }) {
      const q = base(db)
        .leftJoin('feedback_mailboxes as m', 'm.id', 'e.mailbox_id')
        .select([
          'r.id',
          'r.from_address',
          'r.from_name',
          'r.subject',
          'r.received_at',
          'e.reason',
          'm.name as mailbox_name',
        ])
        .where('r.kind', '=', 'unknown')
        .where('r.reviewed_at', 'is', null)
        .where((eb) => visibleMail(eb, f.scope));
      return keysetPage(q, { sort: 'r.received_at', id: 'r.id', dir: 'desc' }, f.after, f.limit).execute();
    },

    /** How much unknown mail waits, and how many tenants' replies this user has not read (Pulpit). */
    async counts(db: Db, f: { scope: MailScope | null; userId: string }) {
      const row = await base(db)
        .select((eb) => [
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(eb.and([eb('r.kind', '=', 'unknown'), eb('r.reviewed_at', 'is', null)]))
                .then(1)
                .else(0)
                .end(),
            )
            .as('triage'),
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(
                  eb.and([
                    eb('r.kind', '=', 'reply'),
                    eb.not(
                      eb.exists(
                        eb
                          .selectFrom('feedback_reply_reads as rr')
                          .select('rr.reply_id')
                          .whereRef('rr.reply_id', '=', 'r.id')
                          .where('rr.user_id', '=', f.userId),
                      ),
                    ),
                  ]),
                )
                .then(1)
                .else(0)
                .end(),
            )
            .as('unread'),
        ])
        .where((eb) => visibleMail(eb, f.scope))
        .executeTakeFirst();
      return { triage: Number(row?.triage ?? 0), unreadReplies: Number(row?.unread ?? 0) };
    },

    /** One row of feedback mail with its event (mailbox, reason, raw blob) and mailbox name. */
    find(db: Db, id: string) {
      return base(db)
        .leftJoin('feedback_mailboxes as m', 'm.id', 'e.mailbox_id')
        .select([
          'r.id',
          'r.kind',
          'r.message_id',
          'r.account_id',
          'r.from_address',
          'r.from_name',
          'r.subject',
          'r.text',
          'r.received_at',
          'r.reviewed_at',
          'e.mailbox_id',
          'e.reason',
          'e.confidence',
          'e.raw_sha256',
          'm.name as mailbox_name',
        ])
        .where('r.id', '=', id)
        .executeTakeFirst();
    },

    /** Whether a user may see this row under the scope (the same rule as the list). */
    async isVisible(db: Db, id: string, scope: MailScope | null) {
      const row = await base(db)
        .select('r.id')
        .where('r.id', '=', id)
        .where((eb) => visibleMail(eb, scope))
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Records the decision once: only an unknown row nobody reviewed changes (false: someone was first). */
    async decide(
      db: Db,
      id: string,
      d: {
        kind: 'reply' | 'unknown';
        decision: TriageDecision;
        reviewedBy: string | null;
        nowIso: string;
        message: { id: string; account_id: string; recipient_id: string | null } | null;
      },
    ) {
      const r = await db
        .updateTable('feedback_replies')
        .set({
          kind: d.kind,
          decision: d.decision,
          reviewed_by: d.reviewedBy,
          reviewed_at: d.nowIso,
          ...(d.message
            ? { message_id: d.message.id, account_id: d.message.account_id, recipient_id: d.message.recipient_id }
            : {}),
        })
        .where('id', '=', id)
        .where('kind', '=', 'unknown')
        .where('reviewed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** The event follows the decision, so the message view and its badges show what the person said. */
    async retagEvent(
      db: Db,
      id: string,
      e: {
        kind: string;
        reason: string;
        effect: string;
        message: { id: string; account_id: string; recipient_id: string | null; to_address: string } | null;
        address: string | null;
      },
    ) {
      await db
        .updateTable('feedback_events')
        .set({
          kind: e.kind,
          reason: e.reason,
          effect: e.effect,
          ...(e.message
            ? {
                message_id: e.message.id,
                account_id: e.message.account_id,
                recipient_id: e.message.recipient_id,
                address: e.address,
                confidence: 'manual',
              }
            : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    /** A message as triage shows and checks it. */
    message(db: Db, id: string) {
      return db
        .selectFrom('messages')
        .select(['id', 'account_id', 'recipient_id', 'to_address', 'subject', 'status', 'sent_at'])
        .where('id', '=', id)
        .executeTakeFirst();
    },
  };
}

export type TriageRepository = ReturnType<typeof createTriageRepository>;
