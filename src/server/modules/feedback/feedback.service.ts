import { canonicalEmail, mailboxKey } from '../../../shared/email-address.js';
import type { Db } from '../../db/schema.js';
import type { MessageEventLog } from '../../events/message-events.js';
import type { ReportDetails } from '../../feedback/classifier-port.js';
import {
  type Correlation,
  type CorrelationConfidence,
  type CorrelationLookups,
  correlate,
  correlationPlan,
} from '../../feedback/correlation.js';
import type { FeedbackEvent, FeedbackSink } from '../../feedback/ports.js';
import type { RecipientEntry } from '../../feedback/report.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditLog } from '../audit/audit.service.js';
import { systemActor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import { applyHardBounce, blockAddress, type HardBounce } from './bounce-effect.js';
import type { FeedbackRepository } from './feedback.repository.js';

/** Clues nobody but us can make, or that only the real receiving side returns (D48): these may block an address. */
export const STRONG: readonly CorrelationConfidence[] = ['verp', 'envid', 'message_id'];
/** Soft bounces on this many distinct messages, spread over at least SUSPECT_SPAN_MS, make an address suspect. */
export const SUSPECT_COUNT = 3;
export const SUSPECT_SPAN_MS = 14 * 86_400_000;
/** Older soft bounces no longer count. */
export const SUSPECT_LOOKBACK_MS = 90 * 86_400_000;

export interface FeedbackSinkDeps {
  db: Db;
  clock: Clock;
  repo: FeedbackRepository;
  lookups: CorrelationLookups;
  verpKey: Buffer;
  audit: AuditLog;
  blobs: BlobStore;
  /** The message event log (D60): bounced, read and replied are written with the record. */
  events: MessageEventLog;
  /** The accounts that share this feedback mailbox (unauthenticated clues must name one of their messages). */
  mailboxAccounts(db: Db, mailboxId: string): Promise<string[]>;
}

type Msg = NonNullable<Awaited<ReturnType<FeedbackRepository['message']>>>;

interface Ctx {
  tx: Db;
  event: FeedbackEvent;
  report: Partial<ReportDetails>;
  correlation: Correlation;
  message: Msg | null;
  address: string | null;
  strong: boolean;
  at: string;
  nowIso: string;
  accountIds: string[];
}

const actor = systemActor('feedback');

/** The entry the event is about: the one naming the message's address, else the first. */
function entryFor(entries: RecipientEntry[], address: string | null): RecipientEntry | undefined {
  const key = address ? mailboxKey(address) : null;
  return (
    entries.find((e) => key && [e.finalRecipient, e.originalRecipient].some((a) => a && mailboxKey(a) === key)) ??
    entries[0]
  );
}

/**
 * The event sink (issue 12 point 6, D48): ties a read message to one of ours (correlation, strongest clue first)
 * and acts on it in one transaction — a hard bounce bounces the message and blocks its address (strong clues only),
 * soft bounces make an address suspect, a reply or receipt clears that, a complaint flags the recipient, a policy
 * block alarms the account, a reply or unknown mail is kept for Odebrane / triage. Idempotent by the record id.
 */
export function createFeedbackSink(deps: FeedbackSinkDeps): FeedbackSink {
  const { db, clock, repo } = deps;
  return {
    async record(event) {
      await db.transaction().execute(async (tx) => {
        if (await repo.eventExists(tx, event.id)) return;
        const report = (event.details ?? {}) as Partial<ReportDetails>;
        const hints = report.hints;
        const entries = report.recipients ?? [];
        const accountIds = await deps.mailboxAccounts(tx, event.mailboxId);
        const about =
          entries[0]?.finalRecipient ?? entries[0]?.originalRecipient ?? report.reply?.from ?? hints?.sender ?? null;
        const correlation = await correlate(
          tx,
          deps.lookups,
          {
            verpTag: hints?.verpTag ?? null,
            envelopeId: hints?.originalEnvelopeId ?? null,
            returnedMessageIds: hints?.returnedMessageIds ?? [],
            xListonoszMessage: hints?.listonoszMessageIds ?? [],
            originalMessageId: hints?.originalMessageId ?? null,
            inReplyTo: hints?.inReplyTo?.join(' ') ?? null,
            references: hints?.references ?? [],
            recipientAddress: about,
            accountIds,
          },
          deps.verpKey,
        );
        const message = correlation.messageId ? ((await repo.message(tx, correlation.messageId)) ?? null) : null;
        const entry = entryFor(entries, message?.to_address ?? null);
        // A bounce is about the address we sent to; a reply, receipt or auto-reply about whoever wrote it.
        const fromSender = !['hard_bounce', 'soft_bounce', 'policy_block', 'delay', 'complaint'].includes(event.kind);
        const sender = report.reply?.from ?? hints?.sender ?? null;
        const target = fromSender
          ? sender
          : (message?.to_address ?? entry?.finalRecipient ?? entry?.originalRecipient ?? about);
        const nowIso = clock.now().toISOString();
        const c: Ctx = {
          tx,
          event,
          report,
          correlation,
          message,
          address: target ? mailboxKey(target) : null,
          strong: !correlation.forgedToken && STRONG.includes(correlation.confidence),
          at: (event.receivedAt ?? clock.now()).toISOString(),
          nowIso,
          accountIds,
        };
        const effect = await act(deps, c, entry);
        const raw = event.raw ? await deps.blobs.put(tx, event.raw) : null;
        await repo.insertEvent(tx, {
          id: event.id,
          mailbox_id: event.mailboxId,
          kind: event.kind,
          reason: entry?.reason ?? report.reason ?? 'unrecognised',
          message_id: message?.id ?? null,
          account_id: message?.account_id ?? null,
          recipient_id: message?.recipient_id ?? null,
          address: c.address,
          confidence: correlation.confidence,
          forged: correlation.forgedToken ? 1 : 0,
          effect,
          raw_sha256: raw?.sha256 ?? null,
          details: JSON.stringify({
            status: entry?.status ?? null,
            diagnostic: entry?.diagnosticCode?.slice(0, 1000) ?? null,
            remoteMta: entry?.remoteMta ?? null,
            disposition: report.disposition ?? null,
            feedbackType: report.feedbackType ?? null,
            subject: report.subject?.slice(0, 500) ?? null,
          }),
          occurred_at: c.at,
          created_at: nowIso,
        });
        if (message && (event.kind === 'reply' || event.kind === 'read_receipt')) {
          const type = event.kind === 'reply' ? 'replied' : 'read';
          const from = event.kind === 'reply' ? (report.reply?.from ?? hints?.sender ?? null) : null;
          await deps.events.record(
            tx,
            [{ messageId: message.id, to: message.to_address, type, data: { from } }],
            nowIso,
          );
        }
        if (event.kind === 'reply' || event.kind === 'unknown') {
          await repo.insertReply(tx, {
            id: event.id,
            kind: event.kind,
            message_id: message?.id ?? null,
            recipient_id: message?.recipient_id ?? null,
            account_id: message?.account_id ?? null,
            from_address: report.reply?.from ?? hints?.sender ?? null,
            from_name: report.reply?.fromName ?? null,
            subject: report.reply?.subject ?? report.subject ?? '',
            text: report.reply?.text ?? '',
            received_at: c.at,
            created_at: nowIso,
          });
        }
      });
    },
  };
}

async function act(deps: FeedbackSinkDeps, c: Ctx, entry: RecipientEntry | undefined): Promise<string> {
  switch (c.event.kind) {
    case 'hard_bounce':
      return hardBounce(deps, c, entry);
    case 'soft_bounce':
      return softBounce(deps, c);
    case 'reply':
    case 'read_receipt':
      return (await reset(deps, c)) ? 'reset' : c.event.kind === 'reply' ? 'reply' : 'receipt';
    case 'complaint':
      if (!c.message?.recipient_id || c.correlation.forgedToken) return 'none';
      await deps.repo.flagComplaint(c.tx, c.message.recipient_id, c.nowIso);
      return 'complaint';
    case 'policy_block': {
      if (c.correlation.forgedToken) return 'none';
      const accounts = c.message ? [c.message.account_id] : c.accountIds.length === 1 ? c.accountIds : [];
      const reason = entry?.reason ?? c.report.reason ?? 'policy';
      for (const id of accounts) await deps.repo.accountAlarm(c.tx, id, reason, c.at);
      return accounts.length ? 'alarm' : 'none';
    }
    case 'auto_reply':
      return c.message ? 'auto_reply' : 'none';
    case 'delay':
      return c.message ? 'info' : 'none';
    case 'unknown':
      return 'triage';
  }
}

/** The hard bounce as the shared effect sees it (bounce-effect.ts). */
function bounceOf(c: Ctx, entry: RecipientEntry | undefined): HardBounce {
  return {
    tx: c.tx,
    actor,
    eventId: c.event.id,
    message: c.message,
    address: c.address,
    failure: entry,
    at: c.at,
    nowIso: c.nowIso,
  };
}

async function hardBounce(deps: FeedbackSinkDeps, c: Ctx, entry: RecipientEntry | undefined): Promise<string> {
  const { repo } = deps;
  if (!c.strong) {
    // No message, or only a weak clue: a bounce matching no message may still block an address when its clue is
    // authentic (a signed VERP tag of a message since deleted) and the address is one of our recipients'.
    if (c.message || c.correlation.forgedToken || !c.address) return 'none';
    const signed = correlationPlan({ verpTag: c.report.hints?.verpTag ?? null, accountIds: [] }, deps.verpKey);
    if (signed.steps[0]?.confidence !== 'verp') return 'none';
    const final = entry?.finalRecipient ?? entry?.originalRecipient;
    if (!final) return 'none';
    const forms = [...new Set([final.toLowerCase(), canonicalEmail(final).toLowerCase()])];
    if (!(await repo.isRecipientAddress(c.tx, forms))) return 'none';
    return (await blockAddress(deps, bounceOf(c, entry), null)) ? 'blocked' : 'none';
  }
  if (!c.message) return 'none';
  return (await applyHardBounce(deps, { ...bounceOf(c, entry), message: c.message })) ? 'bounced' : 'none';
}

async function softBounce(deps: FeedbackSinkDeps, c: Ctx): Promise<string> {
  if (!c.address || c.correlation.forgedToken) return 'none';
  const { repo } = deps;
  const state = await repo.addressState(c.tx, c.address);
  if (state?.suspect_at) return 'counted';
  const lookback = new Date(Date.parse(c.at) - SUSPECT_LOOKBACK_MS).toISOString();
  const since = state?.reset_at && state.reset_at > lookback ? state.reset_at : lookback;
  const earlier = await repo.softBounces(c.tx, c.address, since);
  // Distinct messages: the first soft bounce of each (an unmatched bounce counts on its own).
  const firstOf = new Map<string, string>();
  for (const e of [...earlier, { message_id: c.message?.id ?? null, occurred_at: c.at }]) {
    const key = e.message_id ?? `?${e.occurred_at}`;
    if (!firstOf.has(key)) firstOf.set(key, e.occurred_at);
  }
  const times = [...firstOf.values()].sort();
  const first = times[0];
  const last = times[times.length - 1];
  const spread = first && last ? Date.parse(last) - Date.parse(first) : 0;
  if (times.length < SUSPECT_COUNT || spread < SUSPECT_SPAN_MS) return 'counted';
  await repo.upsertAddressState(c.tx, {
    address: c.address,
    suspect_at: c.at,
    reset_at: state?.reset_at ?? null,
    updated_at: c.nowIso,
  });
  return 'suspect';
}

/** A reply or a read receipt from an address shows it works: it is no longer suspect, older soft bounces lapse. */
async function reset(deps: FeedbackSinkDeps, c: Ctx): Promise<boolean> {
  if (!c.address) return false;
  const state = await deps.repo.addressState(c.tx, c.address);
  await deps.repo.upsertAddressState(c.tx, {
    address: c.address,
    suspect_at: null,
    reset_at: c.at,
    updated_at: c.nowIso,
  });
  return Boolean(state?.suspect_at);
}
