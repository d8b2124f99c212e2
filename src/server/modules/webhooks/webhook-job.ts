import type { EventType } from '../../../shared/webhooks.js';
import type { Db, NewRow, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { postJson } from './post.js';
import {
  EVENT_ID_HEADER,
  nextAttemptAt,
  previousSecretValid,
  type ReceiverPolicy,
  SIGNATURE_HEADER,
  signature,
} from './webhooks.js';
import { DISPATCH_CHUNK, type WebhooksRepository } from './webhooks.repository.js';
import { toEvent, webhookPreviousSecretAad, webhookSecretAad } from './webhooks.service.js';

export interface WebhookJobDeps {
  db: Db;
  repo: WebhooksRepository;
  secrets: SecretBox;
  clock: Clock;
  policy: ReceiverPolicy;
  workerId: string;
  /** Deadline of one POST. */
  timeoutMs: number;
  /** How long a claimed delivery stays this worker's; past it another worker may try it again. */
  leaseMs?: number;
  pollMs?: number;
  /** Deliveries claimed per round. */
  batch?: number;
  onError?: (err: unknown) => void;
}

/** Thrown inside a dispatch transaction when another worker moved the webhook's cursor first: roll back. */
class CursorMoved extends Error {}

/**
 * The webhook job of the worker (D60). Dispatch: for each active webhook, the events after its cursor that it
 * subscribes to (and that belong to its position's accounts) become deliveries, and the cursor moves — in one
 * transaction that another worker's concurrent dispatch makes roll back. Delivery: due deliveries are claimed with
 * a lease in one statement (PostgreSQL `SKIP LOCKED`), POSTed signed, and the outcome written only by the worker
 * that still holds the lease. At-least-once: a worker that dies mid-POST leaves a delivery another worker retries
 * after the lease; receivers deduplicate by `Listonosz-Event-Id`.
 */
export function createWebhookJob(deps: WebhookJobDeps) {
  const { db, repo, clock } = deps;
  const leaseMs = deps.leaseMs ?? Math.max(60_000, deps.timeoutMs * 3);
  const pollMs = deps.pollMs ?? 1000;
  const batch = deps.batch ?? 10;

  async function dispatchOne(hook: Row<'webhooks'>): Promise<number> {
    const types = new Set(JSON.parse(hook.event_types) as EventType[]);
    try {
      return await db.transaction().execute(async (tx) => {
        const from = Number(hook.event_cursor);
        const accountIds = hook.position_id ? await repo.positionAccountIds(tx, hook.position_id) : null;
        const events = await repo.eventsAfter(tx, { after: from, limit: DISPATCH_CHUNK, accountIds: null });
        if (events.length === 0) return 0;
        const nowIso = clock.now().toISOString();
        const rows: NewRow<'webhook_deliveries'>[] = events
          .filter((e) => types.has(e.type) && (!accountIds || accountIds.includes(e.account_id)))
          .map((e) => ({
            id: newId(),
            webhook_id: hook.id,
            event_id: Number(e.id),
            status: 'pending',
            next_attempt_at: nowIso,
            lease_owner: null,
            lease_expires_at: null,
            last_status: null,
            last_error: null,
            last_attempt_at: null,
            replay_of: null,
            created_at: nowIso,
            delivered_at: null,
          }));
        await repo.insertDeliveries(tx, rows);
        const to = Number(events.at(-1)?.id);
        if (!(await repo.advanceCursor(tx, hook.id, from, to))) throw new CursorMoved();
        return rows.length;
      });
    } catch (err) {
      if (err instanceof CursorMoved) return 0;
      throw err;
    }
  }

  /** Turns new events into deliveries for every active webhook; returns how many were made. */
  async function dispatch(): Promise<number> {
    let made = 0;
    for (const hook of await repo.activeWebhooks(db, clock.now().toISOString())) made += await dispatchOne(hook);
    return made;
  }

  /** The current secret, and while a rotation's overlap lasts at `now` the previous one after it (D98). */
  function signingSecrets(hook: Row<'webhooks'>, now: Date): string[] {
    const secrets = [deps.secrets.open(hook.secret_enc, webhookSecretAad(hook.id))];
    if (hook.previous_secret_enc !== null && previousSecretValid(hook.previous_secret_until, now)) {
      secrets.push(deps.secrets.open(hook.previous_secret_enc, webhookPreviousSecretAad(hook.id)));
    }
    return secrets;
  }

  async function deliver(claimed: { id: string; webhook_id: string; event_id: number; attempts: number }) {
    const hook = await repo.findWebhook(db, claimed.webhook_id);
    const [event] = await repo.eventsByIds(db, [Number(claimed.event_id)]);
    const now = clock.now();
    const finish = (o: { ok: boolean; status: number | null; error: string | null }) => {
      const retryAt = o.ok ? null : nextAttemptAt(claimed.attempts, clock.now());
      return repo.finish(db, claimed.id, deps.workerId, {
        status: o.ok ? 'delivered' : retryAt ? 'pending' : 'failed',
        nextAttemptAt: retryAt?.toISOString() ?? null,
        lastStatus: o.status,
        lastError: o.error,
        deliveredAt: o.ok ? clock.now().toISOString() : null,
      });
    };
    if (!hook || !event || hook.status !== 'active') {
      await repo.finish(db, claimed.id, deps.workerId, {
        status: 'failed',
        nextAttemptAt: null,
        lastStatus: null,
        lastError: 'Webhook jest wyłączony.',
        deliveredAt: null,
      });
      return;
    }
    const body = JSON.stringify({ deliveryId: claimed.id, ...toEvent(event) });
    const outcome = await postJson(
      hook.url,
      body,
      {
        [SIGNATURE_HEADER]: signature(signingSecrets(hook, now), Math.floor(now.getTime() / 1000), body),
        [EVENT_ID_HEADER]: String(event.id),
        'user-agent': 'Listonosz-Webhook/1',
      },
      { policy: deps.policy, timeoutMs: deps.timeoutMs },
    );
    await finish(outcome);
  }

  /** Claims the due deliveries and POSTs them (concurrently within one round); returns how many were tried. */
  async function deliverDue(): Promise<number> {
    const now = clock.now();
    const claimed = await repo.claim(db, {
      workerId: deps.workerId,
      nowIso: now.toISOString(),
      leaseExpiresIso: new Date(now.getTime() + leaseMs).toISOString(),
      limit: batch,
    });
    await Promise.all(claimed.map(deliver));
    return claimed.length;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  async function round() {
    try {
      await dispatch();
      while ((await deliverDue()) > 0 && !stopped) {}
    } catch (err) {
      deps.onError?.(err);
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(() => {
        running = null;
        schedule();
      });
    }, pollMs);
  }

  return {
    dispatch,
    deliverDue,
    /** One round: dispatch, then deliver what is due (tests drive the job this way with a fake clock). */
    async tick() {
      const made = await dispatch();
      const tried = await deliverDue();
      return { made, tried };
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type WebhookJob = ReturnType<typeof createWebhookJob>;
