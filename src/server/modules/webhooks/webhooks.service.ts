import type {
  EventType,
  MessageEvent,
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  WebhookSecretRotation,
  WebhookUpdate,
} from '../../../shared/webhooks.js';
import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AccountScope } from '../accounts/accounts.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requireAdmin } from '../auth/access.js';
import { type Actor, scopeIds } from '../auth/auth.js';
import type { PositionsRepository } from '../positions/positions.repository.js';
import { newSecret, previousSecretUntil, previousSecretValid, type ReceiverPolicy, urlProblem } from './webhooks.js';
import type { WebhooksRepository } from './webhooks.repository.js';

export interface WebhooksDeps {
  db: Db;
  repo: WebhooksRepository;
  positions: PositionsRepository;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  policy: ReceiverPolicy;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}

const NOT_FOUND = 'Nie znaleziono tego webhooka — mógł zostać usunięty.';

/** The sealed secret is bound to its webhook's row (a copy in another row does not open). */
export const webhookSecretAad = (id: string) => `webhooks:${id}:secret`;
/** The previous secret (D98) is bound to its row and its own column: it cannot be put back as the current one. */
export const webhookPreviousSecretAad = (id: string) => `webhooks:${id}:previous_secret`;

export function toEvent(row: Row<'message_events'>): MessageEvent {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  return {
    id: Number(row.id),
    type: row.type,
    messageId: row.message_id,
    batchId: row.batch_id,
    accountId: row.account_id,
    occurredAt: row.occurred_at,
    data: payload,
  };
}

/** The webhook as the API shows it — never a secret; the previous secret's end only while it still signs. */
function toWebhook(row: Row<'webhooks'>, now: Date): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    positionId: row.position_id,
    apiKeyId: row.api_key_id,
    eventTypes: JSON.parse(row.event_types) as EventType[],
    active: row.status === 'active',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    previousSecretUntil: previousSecretValid(row.previous_secret_until, now) ? row.previous_secret_until : null,
  };
}

/**
 * The events feed (any signed-in user, within their positions' accounts) and webhooks with their delivery log
 * (administrators only: a webhook sends data out of the installation to an address of its choosing — D60).
 */
export function createWebhooksService(deps: WebhooksDeps) {
  const { db, repo, audit, clock } = deps;

  /**
   * Who manages webhooks: an administrator (all of them) or an API key with `webhooks:write` (checked on the route),
   * which sees and changes only the webhooks it made — bound to it and to its position. A person at a position
   * does not: a webhook sends the position's data to an address of its choosing (D60).
   */
  function assertManager(actor: Actor) {
    if (actor.apiKey) return;
    requireAdmin(actor, 'Webhooki ustawia tylko administrator.');
  }

  /** The key a webhook made with a key is bound to; null for an administrator's. */
  const keyOf = (actor: Actor) => actor.apiKey?.id ?? null;

  function checkUrl(url: string) {
    const problem = urlProblem(url, deps.policy);
    if (problem) throw new ValidationError('Popraw zaznaczone pola.', [{ path: 'url', message: problem }]);
  }

  /** The webhook, if the actor may see it (a key: only its own). */
  async function load(tx: Db, id: string, actor?: Actor) {
    const row = await repo.findWebhook(tx, id);
    const key = actor ? keyOf(actor) : null;
    if (!row || (key !== null && row.api_key_id !== key)) throw new NotFoundError(NOT_FOUND);
    return row;
  }

  return {
    assertManager: async (actor: Actor) => assertManager(actor),
    /** Before a body is read: the actor manages webhooks and may see this one (a key: only its own). */
    async assertMayManage(actor: Actor, id: string) {
      assertManager(actor);
      await load(db, id, actor);
    },

    async events(actor: Actor, q: { after: number; limit: number }) {
      const accountIds = scopeIds(await deps.scopeFor(actor));
      const rows = await repo.eventsAfter(db, { ...q, accountIds });
      const items = rows.map(toEvent);
      return { items, nextCursor: items.at(-1)?.id ?? q.after };
    },

    async list(actor: Actor) {
      assertManager(actor);
      const key = keyOf(actor);
      const now = clock.now();
      return (await repo.listWebhooks(db))
        .filter((w) => key === null || w.api_key_id === key)
        .map((w) => toWebhook(w, now));
    },

    async get(actor: Actor, id: string) {
      assertManager(actor);
      return toWebhook(await load(db, id, actor), clock.now());
    },

    async create(actor: Actor, input: WebhookCreate) {
      assertManager(actor);
      checkUrl(input.url);
      // A key's webhook hears its own position's events (an installation-wide key: every account's).
      const keyAt = actor.apiKey ? actor.apiKey.positionId : undefined;
      if (keyAt !== undefined && keyAt !== null && input.positionId !== null && input.positionId !== keyAt) {
        throw new ForbiddenError('Ten klucz API działa tylko dla swojego stanowiska — podaj jego stanowisko.');
      }
      const positionId = keyAt ?? input.positionId;
      return db.transaction().execute(async (tx) => {
        if (positionId && !(await deps.positions.findById(tx, positionId))) {
          throw new ValidationError('Popraw zaznaczone pola.', [
            { path: 'positionId', message: 'Nie ma takiego stanowiska.' },
          ]);
        }
        const id = newId();
        const secret = newSecret();
        const nowIso = clock.now().toISOString();
        await repo.insertWebhook(tx, {
          id,
          position_id: positionId,
          api_key_id: keyOf(actor),
          name: input.name,
          url: input.url,
          event_types: JSON.stringify([...new Set(input.eventTypes)]),
          secret_enc: deps.secrets.seal(secret, webhookSecretAad(id)),
          status: input.active ? 'active' : 'inactive',
          // A new receiver hears what happens from now on, not the history (the feed has that).
          event_cursor: await repo.lastEventId(tx),
          created_by: actor.userId,
          created_at: nowIso,
          updated_at: nowIso,
        });
        await audit.record(tx, actor, {
          action: 'webhook.create',
          entityType: 'webhook',
          entityId: id,
          details: { name: input.name, url: input.url, positionId, eventTypes: input.eventTypes },
        });
        return { ...toWebhook(await load(tx, id, actor), clock.now()), secret };
      });
    },

    async update(actor: Actor, id: string, input: WebhookUpdate) {
      assertManager(actor);
      if (input.url !== undefined) checkUrl(input.url);
      return db.transaction().execute(async (tx) => {
        await load(tx, id, actor);
        await repo.updateWebhook(tx, id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.eventTypes ? { event_types: JSON.stringify([...new Set(input.eventTypes)]) } : {}),
          ...(input.active !== undefined ? { status: input.active ? 'active' : 'inactive' } : {}),
          updated_at: clock.now().toISOString(),
        });
        await audit.record(tx, actor, {
          action: 'webhook.update',
          entityType: 'webhook',
          entityId: id,
          details: { fields: Object.keys(input) },
        });
        return toWebhook(await load(tx, id, actor), clock.now());
      });
    },

    /**
     * A new signing secret, shown this once (D98). The secret current until now keeps signing beside it for
     * `overlapHours` (0: not at all), so the receiving system can take the new one without a delivery refused in
     * between; a secret that was still overlapping from an earlier rotation stops at once. The audit says how long
     * the overlap is, never a secret.
     */
    async rotateSecret(actor: Actor, id: string, input: WebhookSecretRotation) {
      assertManager(actor);
      return db.transaction().execute(async (tx) => {
        const row = await load(tx, id, actor);
        const now = clock.now();
        const secret = newSecret();
        const until = previousSecretUntil(now, input.overlapHours);
        const current = until ? deps.secrets.open(row.secret_enc, webhookSecretAad(id)) : null;
        const replaced = await repo.replaceSecret(tx, id, row.secret_enc, {
          secret_enc: deps.secrets.seal(secret, webhookSecretAad(id)),
          previous_secret_enc: current === null ? null : deps.secrets.seal(current, webhookPreviousSecretAad(id)),
          previous_secret_until: until?.toISOString() ?? null,
          updated_at: now.toISOString(),
        });
        // Another rotation of this webhook committed since it was read: its secret, not this one, is current.
        if (!replaced) throw new ConflictError('Sekret tego webhooka właśnie zmieniono — odśwież i spróbuj ponownie.');
        await audit.record(tx, actor, {
          action: 'webhook.rotate_secret',
          entityType: 'webhook',
          entityId: id,
          details: { overlapHours: input.overlapHours, previousSecretUntil: until?.toISOString() ?? null },
        });
        return { ...toWebhook(await load(tx, id, actor), now), secret };
      });
    },

    async remove(actor: Actor, id: string) {
      assertManager(actor);
      await db.transaction().execute(async (tx) => {
        const row = await load(tx, id, actor);
        await repo.deleteWebhook(tx, id);
        await audit.record(tx, actor, {
          action: 'webhook.delete',
          entityType: 'webhook',
          entityId: id,
          details: { name: row.name, url: row.url },
        });
      });
    },

    async deliveries(actor: Actor, id: string, limit: number): Promise<WebhookDelivery[]> {
      assertManager(actor);
      await load(db, id, actor);
      const rows = await repo.deliveries(db, id, limit);
      return rows.map((r) => ({
        id: r.id,
        webhookId: r.webhook_id,
        eventId: Number(r.event_id),
        eventType: r.event_type,
        messageId: r.message_id,
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
        lastAttemptAt: r.last_attempt_at,
        lastStatus: r.last_status,
        lastError: r.last_error,
        replayOf: r.replay_of,
        createdAt: r.created_at,
        deliveredAt: r.delivered_at,
      }));
    },

    /** Sends an event again: a new delivery of the same event (signed anew when it goes). */
    async replay(actor: Actor, webhookId: string, deliveryId: string) {
      assertManager(actor);
      return db.transaction().execute(async (tx) => {
        await load(tx, webhookId, actor);
        const original = await repo.findDelivery(tx, webhookId, deliveryId);
        if (!original) throw new NotFoundError('Nie znaleziono tego doręczenia.');
        const id = newId();
        const nowIso = clock.now().toISOString();
        await repo.insertDeliveries(tx, [
          {
            id,
            webhook_id: webhookId,
            event_id: original.event_id,
            status: 'pending',
            next_attempt_at: nowIso,
            lease_owner: null,
            lease_expires_at: null,
            last_status: null,
            last_error: null,
            last_attempt_at: null,
            replay_of: original.id,
            created_at: nowIso,
            delivered_at: null,
          },
        ]);
        await audit.record(tx, actor, {
          action: 'webhook.replay',
          entityType: 'webhook',
          entityId: webhookId,
          details: { deliveryId: original.id, replayId: id, eventId: Number(original.event_id) },
        });
        return { id };
      });
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
