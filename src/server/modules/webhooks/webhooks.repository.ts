import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow, RowUpdate, WebhookDeliveryStatus } from '../../db/schema.js';

/** Event rows one dispatch step reads for one webhook. */
export const DISPATCH_CHUNK = 200;

/** The message event feed, webhooks and their delivery log (D60). */
export function createWebhooksRepository(dialect: DialectSql) {
  return {
    /** Events after `after`, oldest first; `accountIds` null = every account. */
    eventsAfter(db: Db, q: { after: number; limit: number; accountIds: string[] | null }) {
      let query = db.selectFrom('message_events').selectAll().where('id', '>', q.after);
      if (q.accountIds) {
        if (q.accountIds.length === 0) return Promise.resolve([]);
        query = query.where('account_id', 'in', q.accountIds);
      }
      return query.orderBy('id').limit(q.limit).execute();
    },

    eventsByIds(db: Db, ids: number[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('message_events').selectAll().where('id', 'in', ids).execute();
    },

    lastEventId(db: Db) {
      return db
        .selectFrom('message_events')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
        .then((r) => Number(r?.id ?? 0));
    },

    listWebhooks(db: Db) {
      return db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').execute();
    },

    /** Active webhooks; one made with an API key only while that key is neither revoked nor expired. */
    activeWebhooks(db: Db, nowIso: string) {
      return db
        .selectFrom('webhooks')
        .selectAll()
        .where('status', '=', 'active')
        .where((eb) =>
          eb.or([
            eb('api_key_id', 'is', null),
            eb.exists(
              eb
                .selectFrom('api_keys')
                .select('api_keys.id')
                .whereRef('api_keys.id', '=', 'webhooks.api_key_id')
                .where('api_keys.revoked_at', 'is', null)
                .where('api_keys.expires_at', '>', nowIso),
            ),
          ]),
        )
        .orderBy('id')
        .execute();
    },

    findWebhook(db: Db, id: string) {
      return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertWebhook(db: Db, row: NewRow<'webhooks'>) {
      await db.insertInto('webhooks').values(row).execute();
    },

    async updateWebhook(db: Db, id: string, patch: RowUpdate<'webhooks'>) {
      await db.updateTable('webhooks').set(patch).where('id', '=', id).execute();
    },

    /**
     * Puts a rotation's secrets in place if the current secret is still `fromSecretEnc` (compare and set); false when
     * another rotation replaced it first.
     */
    async replaceSecret(
      db: Db,
      id: string,
      fromSecretEnc: string,
      next: Required<
        Pick<RowUpdate<'webhooks'>, 'secret_enc' | 'previous_secret_enc' | 'previous_secret_until' | 'updated_at'>
      >,
    ) {
      const r = await db
        .updateTable('webhooks')
        .set(next)
        .where('id', '=', id)
        .where('secret_enc', '=', fromSecretEnc)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async deleteWebhook(db: Db, id: string) {
      await db.deleteFrom('webhooks').where('id', '=', id).execute();
    },

    /** The accounts of a position (a position's webhook gets their events). */
    async positionAccountIds(db: Db, positionId: string) {
      const rows = await db
        .selectFrom('position_accounts')
        .select('account_id')
        .where('position_id', '=', positionId)
        .execute();
      return rows.map((r) => r.account_id);
    },

    /** Moves a webhook's cursor from `from` to `to`; false when another worker moved it first. */
    async advanceCursor(db: Db, id: string, from: number, to: number) {
      const r = await db
        .updateTable('webhooks')
        .set({ event_cursor: to })
        .where('id', '=', id)
        .where('event_cursor', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async insertDeliveries(db: Db, rows: NewRow<'webhook_deliveries'>[]) {
      if (rows.length === 0) return;
      await db.insertInto('webhook_deliveries').values(rows).execute();
    },

    /**
     * Claims up to `limit` due deliveries in one statement (as the outbox claims messages): pending ones whose time
     * has come, and those whose worker's lease ran out mid-attempt.
     */
    claim(db: Db, c: { workerId: string; nowIso: string; leaseExpiresIso: string; limit: number }) {
      const pick = db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', c.nowIso)]),
            eb.and([eb('status', '=', 'delivering'), eb('lease_expires_at', '<', c.nowIso)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(c.limit);
      return db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: 'delivering',
          lease_owner: c.workerId,
          lease_expires_at: c.leaseExpiresIso,
          attempts: eb('attempts', '+', 1),
          last_attempt_at: c.nowIso,
        }))
        .where(dialect.idInClaimed(pick))
        .returning(['id', 'webhook_id', 'event_id', 'attempts'])
        .execute();
    },

    /** Writes an attempt's outcome if this worker still holds the lease (fencing). */
    async finish(
      db: Db,
      id: string,
      workerId: string,
      o: {
        status: WebhookDeliveryStatus;
        nextAttemptAt: string | null;
        lastStatus: number | null;
        lastError: string | null;
        deliveredAt: string | null;
      },
    ) {
      const r = await db
        .updateTable('webhook_deliveries')
        .set({
          status: o.status,
          next_attempt_at: o.nextAttemptAt,
          last_status: o.lastStatus,
          last_error: o.lastError,
          delivered_at: o.deliveredAt,
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('id', '=', id)
        .where('lease_owner', '=', workerId)
        .where('status', '=', 'delivering')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** A webhook's deliveries, newest first, with their event's type and message. */
    deliveries(db: Db, webhookId: string, limit: number) {
      return db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('message_events as e', 'e.id', 'd.event_id')
        .selectAll('d')
        .select(['e.type as event_type', 'e.message_id'])
        .where('d.webhook_id', '=', webhookId)
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(limit)
        .execute();
    },

    findDelivery(db: Db, webhookId: string, id: string) {
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', id)
        .where('webhook_id', '=', webhookId)
        .executeTakeFirst();
    },

    /** The earliest time a pending delivery is due (how long the job may sleep). */
    async nextDueAt(db: Db) {
      const row = await db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return (row?.at as string | null | undefined) ?? null;
    },
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
