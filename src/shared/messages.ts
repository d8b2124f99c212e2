import { FeedbackBadge, FeedbackEventView } from './feedback.js';
import { oneLine } from './plain-text.js';
import { Cursor, EmailAddress, Id, IsoDate, IsoDateTime, Limit, optionalText, z } from './zod.js';

export const MessageStatus = z.enum([
  'draft',
  'queued',
  'sending',
  'retry_wait',
  'held',
  'sent',
  'bounced',
  'complained',
  'failed',
  'cancelled',
]);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const Mailbox = z.enum(['drafts', 'outbox', 'sent', 'failed', 'cancelled']);
export type Mailbox = z.infer<typeof Mailbox>;

/** Which statuses each mailbox shows (docs/architecture.md §4); the database checks the same mapping (D3). */
export const MAILBOX_STATUSES: Record<Mailbox, readonly MessageStatus[]> = {
  drafts: ['draft'],
  outbox: ['queued', 'sending', 'retry_wait', 'held'],
  sent: ['sent', 'complained'],
  failed: ['failed', 'bounced'],
  cancelled: ['cancelled'],
};

const MAILBOX_OF = Object.fromEntries(
  Object.entries(MAILBOX_STATUSES).flatMap(([mailbox, statuses]) => statuses.map((s) => [s, mailbox])),
) as Record<MessageStatus, Mailbox>;

/** The mailbox a status belongs to. */
export function mailboxOf(status: MessageStatus): Mailbox {
  return MAILBOX_OF[status];
}

export const MessageResolution = z.object({
  kind: z.enum(['resend', 'corrected', 'paper']),
  at: z.string(),
  messageId: Id.nullable(),
});
export type MessageResolution = z.infer<typeof MessageResolution>;

export const MessageSort = z.enum(['createdAt', 'updatedAt', 'recipient', 'subject']);
export type MessageSort = z.infer<typeof MessageSort>;

export const MailboxQuery = z.object({
  accountId: Id.optional(),
  positionId: Id.optional(),
  status: MessageStatus.optional(),
  documentType: z.string().trim().max(50).optional(),
  batchId: Id.optional(),
  /** A property (nieruchomość): messages of its documents, and those without a document to people of its units. */
  propertyId: Id.optional(),
  q: z.string().trim().max(100).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Błędy: `open` = still needing the clerk, `resolved` = repaired (D41); absent = all. */
  resolved: z.enum(['open', 'resolved']).optional(),
  sort: MessageSort.default('createdAt'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  cursor: Cursor,
  limit: Limit,
});
export type MailboxQuery = z.infer<typeof MailboxQuery>;

export const MessageSummary = z.object({
  id: Id,
  accountId: Id,
  recipientId: Id.nullable(),
  toName: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  status: MessageStatus,
  mailbox: Mailbox,
  documentType: z.string().nullable(),
  sendAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** What a clerk should know about the last failure, in Polish. */
  errorHint: z.string().nullable(),
  heldReason: z.enum(['account', 'paused', 'suppressed']).nullable(),
  attemptsMade: z.number(),
  /** The batch (wysyłka) the message was made in, if any. */
  batchId: Id.nullable(),
  /**
   * A failed message repaired (D41): sent again or to a corrected address as the new message `messageId`, or its
   * document put in its batch's paper pack (`paper`, no message). It no longer needs the clerk.
   */
  resolution: MessageResolution.nullable(),
  /** Feedback read about it (D48): zwrot, przeczytano, autoodpowiedź, skarga. */
  badges: z.array(FeedbackBadge),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MessageSummary = z.infer<typeof MessageSummary>;

export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

export const AttemptOutcome = z.enum(['sent', 'transient', 'account', 'recipient', 'message', 'unknown']);

/** One SMTP attempt: when, from which account, and what the server answered. */
export const Attempt = z.object({
  id: Id,
  series: z.number(),
  attemptNo: z.number(),
  accountId: Id,
  startedAt: z.string(),
  finishedAt: z.string(),
  outcome: AttemptOutcome,
  smtpCode: z.number().nullable(),
  enhancedStatus: z.string().nullable(),
  response: z.string().nullable(),
  errorCode: z.string().nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

/**
 * Blocked addresses (the suppression list): a mailbox the sender stopped writing to after a permanent refusal
 * (`550 5.1.1`) or a complaint. Keyed by mailbox, so every spelling of it is blocked.
 */
export const BlockedAddress = z.object({
  address: z.string(),
  /** The server's reply that blocked it, as recorded. */
  reason: z.string(),
  createdAt: z.string(),
  /** The message whose refusal blocked it (null when that message is gone). */
  messageId: Id.nullable(),
  /** In words for a clerk: „Adres zablokowany po odrzuceniu 550 5.1.1 z dnia 06.12.2026.” */
  summary: z.string(),
});
export type BlockedAddress = z.infer<typeof BlockedAddress>;

/** A message made from another (a resend, a send to a corrected address), or the one it was made from. */
export const LinkedMessage = z.object({
  id: Id,
  kind: z.enum(['resend', 'corrected']),
  toAddress: z.string(),
  status: MessageStatus,
  messageIdHeader: z.string(),
  createdAt: z.string(),
});
export type LinkedMessage = z.infer<typeof LinkedMessage>;

export const Message = MessageSummary.extend({
  html: z.string(),
  text: z.string(),
  messageIdHeader: z.string(),
  queuedAt: z.string().nullable(),
  createdBy: Id.nullable(),
  attachments: z.array(Attachment),
  /** Resends start a new series of attempts on the same message. */
  series: z.number(),
  nextAttemptAt: z.string().nullable(),
  envelopeFrom: z.string().nullable(),
  /** Proof of sending: the frozen .eml's hash and size, and the server's acceptance. */
  eml: z.object({ sha256: z.string(), size: z.number() }).nullable(),
  smtpResponse: z.string().nullable(),
  smtpQueueId: z.string().nullable(),
  attempts: z.array(Attempt),
  /** The message this one repeats (`kind` says why), and the messages made from this one (issue 11). */
  parent: LinkedMessage.nullable(),
  children: z.array(LinkedMessage),
  /** The To address is blocked (suppression list): why and since when. */
  blocked: BlockedAddress.nullable(),
  /**
   * The recipient's current addresses a failed message, or one held for a blocked address, can be sent to instead
   * ("Wyślij na poprawiony adres"); null when that does not apply or the recipient is outside the actor's reach.
   */
  correctAddresses: z.array(z.string()).nullable(),
  /** "Wyślij papierowo" applies: its address was refused, it came from a batch's document and is not repaired yet. */
  paperOffered: z.boolean(),
  /** Feedback read from the feedback mailbox about it, oldest first (D48). */
  feedback: z.array(FeedbackEventView),
  /** The first read receipt's time ("przeczytano"). */
  readAt: z.string().nullable(),
  /** When retention removed its body, attachments and .eml (D76); the row stays as proof of sending. */
  contentRemovedAt: z.string().nullable(),
  /**
   * The body as it was frozen for sending — the RODO footer, signed links and PDF password hints included, as the
   * recipient sees it; `html`/`text` stay the draft's. Null for a draft, and once retention removed the .eml.
   */
  sentBody: z.object({ html: z.string(), text: z.string() }).nullable(),
});
export type Message = z.infer<typeof Message>;

const DraftFields = {
  accountId: Id,
  recipientId: Id.nullable(),
  toName: oneLine(optionalText(300)),
  toAddress: EmailAddress,
  subject: oneLine(z.string().trim().min(1).max(500)),
  html: z.string().max(2_000_000),
  text: z.string().max(2_000_000),
  documentType: z.string().trim().max(50).nullable(),
};

export const DraftCreate = z.strictObject({
  ...DraftFields,
  recipientId: DraftFields.recipientId.default(null),
  toName: DraftFields.toName.default(''),
  html: DraftFields.html.default(''),
  text: DraftFields.text.default(''),
  documentType: DraftFields.documentType.default(null),
});
export type DraftCreate = z.infer<typeof DraftCreate>;

/** Built from the fields without defaults: an absent field stays as it is (`.partial()` would apply defaults). */
export const DraftUpdate = z.strictObject(DraftFields).partial();
export type DraftUpdate = z.infer<typeof DraftUpdate>;

/**
 * Mailbox counts stop here (D81): counting a mailbox of two million messages on every dashboard refresh would
 * read all of them, so a larger count is answered as MAILBOX_COUNT_CAP + 1 and shown as "10 000+".
 */
export const MAILBOX_COUNT_CAP = 10_000;
/** A mailbox count as shown: exact up to the cap, "10 000+" above it. */
export function mailboxCountText(n: number, format: (n: number) => string): string {
  return n > MAILBOX_COUNT_CAP ? `${format(MAILBOX_COUNT_CAP)}+` : format(n);
}
export const MailboxCounts = z.record(Mailbox, z.number());
/** The list's filters for the counts of every mailbox (the status belongs to one mailbox and is left out). */
export const MailboxCountsQuery = MailboxQuery.omit({ status: true, sort: true, dir: true, cursor: true, limit: true });
export type MailboxCountsQuery = z.infer<typeof MailboxCountsQuery>;

/** Which messages a bulk action applies to: listed ids, or everything a mailbox filter matches. */
export const MailboxFilter = MailboxQuery.omit({ sort: true, dir: true, cursor: true, limit: true }).extend({
  mailbox: Mailbox,
});
export const Selection = z.union(
  [
    z.strictObject({ ids: z.array(Id).min(1, 'Zaznacz co najmniej jedną wiadomość.').max(50_000) }),
    z.strictObject({ filter: MailboxFilter }),
  ],
  { error: 'Wskaż wiadomości: listę identyfikatorów (ids) albo filtr skrzynki (filter) — jedno z dwóch.' },
);
export type Selection = z.infer<typeof Selection>;

export const BulkInput = z.strictObject({
  selection: Selection,
  /** Only count what the action would affect (for the confirmation dialog). */
  dryRun: z.boolean().default(false),
});

export const QueueInput = BulkInput.extend({
  /** Send no earlier than this moment (scheduling); null = as soon as possible. */
  sendAt: IsoDateTime.nullable().default(null),
});

export const BulkResult = z.object({
  /** Messages the selection matched (within the user's accounts). */
  matched: z.number(),
  /** Messages the action changed (or would change, for a dry run). */
  changed: z.number(),
  /** Matched but not in a state the action applies to. */
  skipped: z.number(),
  /** Queued messages put on hold (suppressed address, paused account). */
  held: z.number(),
});
export type BulkResult = z.infer<typeof BulkResult>;

/** A resend makes new messages (issue 11): their ids, in the order of the selection. */
export const ResendResult = BulkResult.extend({ created: z.array(Id) });
export type ResendResult = z.infer<typeof ResendResult>;

export const TestSendResult = z.object({
  ok: z.boolean(),
  /** The test's own Message-ID (it names the message it was made from in References). */
  messageIdHeader: z.string(),
  to: z.string(),
  message: z.string(),
  response: z.string().nullable(),
});

/** Queueing one draft: the body is optional (the web client sends none for "send now"); Fastify passes a missing body as null. */
export const MessageQueueInput = z.strictObject({ sendAt: IsoDateTime.nullable().default(null) }).nullish();
