import { Cursor, EmailAddress, Id, IsoDate, Limit, optionalText, z } from './zod.js';

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

/** Which statuses each mailbox shows (ARCHITECTURE.md §4); the database derives the same mapping. */
export const MAILBOX_STATUSES: Record<Mailbox, readonly MessageStatus[]> = {
  drafts: ['draft'],
  outbox: ['queued', 'sending', 'retry_wait', 'held'],
  sent: ['sent', 'complained'],
  failed: ['failed', 'bounced'],
  cancelled: ['cancelled'],
};

export const MessageSort = z.enum(['createdAt', 'updatedAt', 'recipient', 'subject']);
export type MessageSort = z.infer<typeof MessageSort>;

export const MailboxQuery = z.object({
  accountId: Id.optional(),
  positionId: Id.optional(),
  status: MessageStatus.optional(),
  documentType: z.string().trim().max(50).optional(),
  q: z.string().trim().max(100).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
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

export const Message = MessageSummary.extend({
  html: z.string(),
  text: z.string(),
  messageIdHeader: z.string(),
  queuedAt: z.string().nullable(),
  createdBy: Id.nullable(),
  attachments: z.array(Attachment),
});
export type Message = z.infer<typeof Message>;

const DraftFields = {
  accountId: Id,
  recipientId: Id.nullable(),
  toName: optionalText(300),
  toAddress: EmailAddress,
  subject: z.string().trim().min(1).max(500),
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

export const MailboxCounts = z.record(Mailbox, z.number());
