import type { Db, NewRow } from '../../db/schema.js';

/** The SQL behind feedback's effects (D48): events, replies, address states, blocks, flags and alarms. */
export function createFeedbackRepository() {
  return {
    async eventExists(db: Db, id: string) {
      const row = await db.selectFrom('feedback_events').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },

    async insertEvent(db: Db, row: NewRow<'feedback_events'>) {
      await db
        .insertInto('feedback_events')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    message(db: Db, id: string) {
      return db
        .selectFrom('messages')
        .select(['id', 'account_id', 'recipient_id', 'to_address', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** A sent message becomes bounced (it moves to Błędy: the mailbox follows the status). */
    async markBounced(db: Db, id: string, error: string, nowIso: string) {
      const r = await db
        .updateTable('messages')
        .set({ status: 'bounced', mailbox: 'failed', last_error: error, updated_at: nowIso })
        .where('id', '=', id)
        .where('status', 'in', ['sent', 'complained'])
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async insertSuppression(db: Db, row: NewRow<'suppressions'>) {
      const r = await db
        .insertInto('suppressions')
        .values(row)
        .onConflict((oc) => oc.column('address').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    /**
     * Messages still waiting to go to a just-blocked address (its forms, compared without case) are held for it, as
     * a refusal during sending holds them (D48): a bounce must not let the next notice go to the same dead address.
     */
    async holdWaitingTo(db: Db, forms: string[], nowIso: string) {
      if (forms.length === 0) return 0;
      const r = await db
        .updateTable('messages')
        .set({ status: 'held', held_reason: 'suppressed', updated_at: nowIso })
        .where('status', 'in', ['queued', 'retry_wait'])
        .where((eb) => eb.fn('lower', ['to_address']), 'in', forms)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Whether an address (its mailbox key, compared without case) is one of our recipients'. */
    async isRecipientAddress(db: Db, forms: string[]) {
      if (forms.length === 0) return false;
      const row = await db
        .selectFrom('recipient_emails')
        .select('id')
        .where((eb) => eb.fn('lower', ['address']), 'in', forms)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Distinct messages with a soft bounce for this address since `sinceIso` (and after its last reset). */
    async softBounces(db: Db, address: string, sinceIso: string) {
      return db
        .selectFrom('feedback_events')
        .select(['message_id', 'occurred_at'])
        .where('address', '=', address)
        .where('kind', '=', 'soft_bounce')
        .where('occurred_at', '>', sinceIso)
        .orderBy('occurred_at')
        .execute();
    },

    addressState(db: Db, address: string) {
      return db.selectFrom('address_states').selectAll().where('address', '=', address).executeTakeFirst();
    },

    async upsertAddressState(db: Db, row: NewRow<'address_states'>) {
      await db
        .insertInto('address_states')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('address')
            .doUpdateSet({ suspect_at: row.suspect_at, reset_at: row.reset_at, updated_at: row.updated_at }),
        )
        .execute();
    },

    async flagComplaint(db: Db, recipientId: string, nowIso: string) {
      await db
        .updateTable('recipients')
        .set({ complained_at: nowIso })
        .where('id', '=', recipientId)
        .where('complained_at', 'is', null)
        .execute();
    },

    async accountAlarm(db: Db, accountId: string, reason: string, nowIso: string) {
      await db
        .updateTable('smtp_accounts')
        .set({ feedback_alarm_at: nowIso, feedback_alarm_reason: reason })
        .where('id', '=', accountId)
        .execute();
    },

    async insertReply(db: Db, row: NewRow<'feedback_replies'>) {
      await db
        .insertInto('feedback_replies')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    /** The feedback events of these messages, oldest first (the message view, badges). */
    eventsOf(db: Db, messageIds: string[]) {
      if (messageIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('feedback_events')
        .select(['id', 'message_id', 'kind', 'reason', 'confidence', 'forged', 'effect', 'occurred_at', 'raw_sha256'])
        .where('message_id', 'in', messageIds)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
    },

    /** One message's events for its receipt (D52), oldest first, with their details and the kept report's size. */
    receiptEventsOf(db: Db, messageId: string) {
      return db
        .selectFrom('feedback_events as e')
        .leftJoin('blobs as b', 'b.sha256', 'e.raw_sha256')
        .select([
          'e.id',
          'e.kind',
          'e.reason',
          'e.confidence',
          'e.forged',
          'e.address',
          'e.details',
          'e.occurred_at',
          'e.raw_sha256',
          'b.size as raw_size',
        ])
        .where('e.message_id', '=', messageId)
        .orderBy('e.occurred_at')
        .orderBy('e.id')
        .execute();
    },

    /** The kept report of one event of one message (its download beside the proof). */
    rawReportOf(db: Db, messageId: string, eventId: string) {
      return db
        .selectFrom('feedback_events')
        .select(['id', 'kind', 'raw_sha256'])
        .where('id', '=', eventId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
    },
  };
}

export type FeedbackRepository = ReturnType<typeof createFeedbackRepository>;
