import { canonicalEmail } from '../../shared/email-address.js';
import type { Db } from '../db/schema.js';
import { messageUuid, readEnvelopeId } from './envelope-id.js';
import { readVerpToken } from './verp-token.js';

/**
 * Which of our messages a piece of feedback (bounce, complaint, read receipt, reply) is about, strongest clue
 * first (decision D46). The confidence is kept with the answer so the caller can act on it: only `verp` is
 * authenticated; everything else can be written by whoever saw the message or guessed its id.
 */
export type CorrelationConfidence =
  | 'verp'
  | 'envid'
  | 'legacy_verp'
  | 'message_id'
  | 'original_message_id'
  | 'in_reply_to'
  | 'address'
  | 'none';

export interface CorrelationHints {
  /** The address the feedback was delivered to (`local+tag@domain`) or its tag. */
  verpTag?: string | null;
  /** Original-Envelope-Id of a DSN. */
  envelopeId?: string | null;
  /** Message-IDs found in the returned message or headers (message/rfc822, text/rfc822-headers). */
  returnedMessageIds?: string[];
  /** X-Listonosz-Message found in the returned headers. */
  xListonoszMessage?: string | string[] | null;
  /** Original-Message-ID of a read receipt (RFC 8098). */
  originalMessageId?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  /** The recipient the feedback is about (Final-Recipient, or a reply's From). */
  recipientAddress?: string | null;
  /** The accounts sharing the mailbox the feedback arrived in; unauthenticated clues must name one of theirs. */
  accountIds: string[];
}

export interface Correlation {
  messageId: string | null;
  confidence: CorrelationConfidence;
  /** A VERP tag was there but failed its signature: forged or mangled — do not act on weaker clues blindly. */
  forgedToken?: true;
}

/** One lookup, in the order they are tried. */
export type CorrelationStep =
  | { confidence: 'verp'; by: 'id'; ids: string[]; anyAccount: true }
  | { confidence: 'envid' | 'legacy_verp' | 'message_id'; by: 'id'; ids: string[] }
  | { confidence: 'message_id' | 'original_message_id' | 'in_reply_to'; by: 'message_id_header'; headers: string[] }
  | { confidence: 'address'; by: 'address'; addresses: string[] };

/** The lookups a set of hints calls for, strongest first (pure; the verdict on the VERP tag included). */
export function correlationPlan(
  hints: CorrelationHints,
  verpKey: Buffer,
): { steps: CorrelationStep[]; forgedToken: boolean } {
  const steps: CorrelationStep[] = [];
  const verp = hints.verpTag ? readVerpToken(hints.verpTag, verpKey) : null;
  // A tag that is there but reads as nothing: the address had a `+` part that is not ours.
  const forgedToken = Boolean(hints.verpTag && hasTag(hints.verpTag) && !verp);
  if (verp?.strength === 'signed')
    steps.push({ confidence: 'verp', by: 'id', ids: [verp.messageId], anyAccount: true });
  const envid = readEnvelopeId(hints.envelopeId);
  if (envid) steps.push({ confidence: 'envid', by: 'id', ids: [envid] });
  if (verp?.strength === 'legacy') steps.push({ confidence: 'legacy_verp', by: 'id', ids: [verp.messageId] });
  const returned = messageIds(hints.returnedMessageIds ?? []);
  if (returned.length) steps.push({ confidence: 'message_id', by: 'message_id_header', headers: returned });
  const x = [hints.xListonoszMessage ?? []]
    .flat()
    .map(messageUuid)
    .filter((id): id is string => id !== null);
  if (x.length) steps.push({ confidence: 'message_id', by: 'id', ids: x });
  const original = messageIds([hints.originalMessageId ?? '']);
  if (original.length) steps.push({ confidence: 'original_message_id', by: 'message_id_header', headers: original });
  // In-Reply-To names the message answered; References run oldest to newest, so the newest is tried first.
  const thread = messageIds([hints.inReplyTo ?? '', ...[...(hints.references ?? [])].reverse()]);
  if (thread.length) steps.push({ confidence: 'in_reply_to', by: 'message_id_header', headers: thread });
  if (hints.recipientAddress?.includes('@')) {
    steps.push({ confidence: 'address', by: 'address', addresses: addressForms(hints.recipientAddress) });
  }
  return { steps, forgedToken };
}

function hasTag(addressOrTag: string): boolean {
  const s = addressOrTag.trim().replace(/^<|>$/g, '');
  const at = s.lastIndexOf('@');
  return at < 0 ? s.length > 0 : s.slice(0, at).includes('+');
}

/** `<id@domain>` forms of Message-ID values (one header may hold several), in order, without repeats. */
export function messageIds(values: string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const found = value.match(/<[^<>\s]+>/g) ?? (value.trim() && !/\s/.test(value.trim()) ? [`<${value.trim()}>`] : []);
    for (const id of found) if (!out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * The spellings a recipient address may be stored in, compared without case: as given, and in stored form (a
 * report names the Punycode domain we sent to; we store the Unicode one).
 */
function addressForms(address: string): string[] {
  const a = address.trim().replace(/^<|>$/g, '');
  return [...new Set([a.toLowerCase(), canonicalEmail(a).toLowerCase()])];
}

/** The queries correlation needs (correlation.repository.ts over Kysely). */
export interface CorrelationLookups {
  /** Of these message ids, those that exist (restricted to the accounts when given). */
  existingIds(db: Db, ids: string[], accountIds: string[] | null): Promise<string[]>;
  /** Our messages with these Message-ID headers, from those accounts: [message id, header]. */
  byMessageIdHeaders(db: Db, headers: string[], accountIds: string[]): Promise<{ id: string; header: string }[]>;
  /** The latest message sent to one of these addresses from those accounts. */
  latestSentTo(db: Db, addresses: string[], accountIds: string[]): Promise<string | null>;
}

/** Runs the plan: the first step that finds a message answers, with its confidence. */
export async function correlate(
  db: Db,
  lookups: CorrelationLookups,
  hints: CorrelationHints,
  verpKey: Buffer,
): Promise<Correlation> {
  const { steps, forgedToken } = correlationPlan(hints, verpKey);
  const flag = forgedToken ? { forgedToken: true as const } : {};
  for (const step of steps) {
    const messageId = await runStep(db, lookups, step, hints.accountIds);
    if (messageId) return { messageId, confidence: step.confidence, ...flag };
  }
  return { messageId: null, confidence: 'none', ...flag };
}

async function runStep(db: Db, lookups: CorrelationLookups, step: CorrelationStep, accountIds: string[]) {
  switch (step.by) {
    case 'id': {
      const found = await lookups.existingIds(db, step.ids, 'anyAccount' in step ? null : accountIds);
      return step.ids.find((id) => found.includes(id)) ?? null;
    }
    case 'message_id_header': {
      const rows = await lookups.byMessageIdHeaders(db, step.headers, accountIds);
      return step.headers.map((h) => rows.find((r) => r.header === h)?.id).find((id) => id !== undefined) ?? null;
    }
    case 'address':
      return lookups.latestSentTo(db, step.addresses, accountIds);
  }
}
