import type { Db } from '../../db/schema.js';
import type { MessageEventLog } from '../../events/message-events.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { FeedbackRepository } from './feedback.repository.js';

/** What a hard bounce is about: the failure as the report gave it (or as a person said it in triage, D50). */
export interface BounceFailure {
  reason: string | null;
  status: string | null;
  diagnosticCode: string | null;
}

/** One hard bounce to apply: the message it bounced (if known) and the address (mailbox key) to block. */
export interface HardBounce {
  tx: Db;
  /** `feedback` for the sink; the person for a triage decision. */
  actor: Actor;
  eventId: string;
  message: { id: string; to_address: string } | null;
  address: string | null;
  failure: BounceFailure | undefined;
  /** When the bounce came (the block's date). */
  at: string;
  nowIso: string;
}

export interface BounceDeps {
  repo: FeedbackRepository;
  audit: AuditLog;
  /** The message event log (D60): `bounced` is written with the change. */
  events: MessageEventLog;
}

export function failureText(failure: BounceFailure | undefined): string {
  return [failure?.status, failure?.diagnosticCode].filter(Boolean).join(' ').slice(0, 500) || 'zwrot';
}

/**
 * The hard-bounce effect (D48), shared by the sink and the triage decision (D50): a sent (or complained) message
 * becomes bounced, its address is blocked (`suppressions`, source 'bounce') and messages still waiting to go to
 * it are held — each audited. Returns whether anything changed.
 */
export async function applyHardBounce(
  deps: BounceDeps,
  b: HardBounce & { message: NonNullable<HardBounce['message']> },
) {
  const bounced = await deps.repo.markBounced(b.tx, b.message.id, failureText(b.failure), b.nowIso);
  if (bounced) {
    await deps.audit.record(b.tx, b.actor, {
      action: 'message.bounced',
      entityType: 'message',
      entityId: b.message.id,
      details: { eventId: b.eventId, reason: b.failure?.reason ?? null, status: b.failure?.status ?? null },
    });
    const data = { reason: b.failure?.reason ?? null, status: b.failure?.status ?? null };
    await deps.events.record(
      b.tx,
      [{ messageId: b.message.id, to: b.message.to_address, type: 'bounced', data }],
      b.nowIso,
    );
  }
  const blocked = await blockAddress(deps, b, b.message.id);
  return bounced || blocked;
}

/** Blocks the bounce's address and holds what still waits to go to it; true when the block is new. */
export async function blockAddress(deps: BounceDeps, b: HardBounce, messageId: string | null): Promise<boolean> {
  if (!b.address) return false;
  const added = await deps.repo.insertSuppression(b.tx, {
    address: b.address,
    reason: failureText(b.failure),
    message_id: messageId,
    created_at: b.at,
    source: 'bounce',
  });
  const forms = [
    ...new Set([b.address, b.message?.to_address].filter((a): a is string => !!a).map((a) => a.toLowerCase())),
  ];
  const held = await deps.repo.holdWaitingTo(b.tx, forms, b.nowIso);
  if (added) {
    await deps.audit.record(b.tx, b.actor, {
      action: 'suppression.add',
      entityType: 'suppression',
      entityId: b.address,
      details: {
        address: b.address,
        source: 'bounce',
        messageId,
        eventId: b.eventId,
        reason: b.failure?.reason ?? null,
        held,
      },
    });
  }
  return added;
}
