import { MessageStatus } from './messages.js';
import { oneLine } from './plain-text.js';
import { Cursor, EmailAddress, Id, Limit, optionalText, z } from './zod.js';

/** Odebrane (D49): tenants' replies to our messages, read per user, answered or forwarded through the outbox. */

export const InboxQuery = z.object({
  /** `unread`: only replies this user has not opened (or marked unread again). */
  filter: z.enum(['all', 'unread']).default('all'),
  q: z.string().trim().max(100).optional(),
  /** The replies to one message (its view links to them). */
  messageId: Id.optional(),
  cursor: Cursor,
  limit: Limit,
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxAnswer = z.object({
  id: Id,
  action: z.enum(['reply', 'forward']),
  toAddress: z.string(),
  status: MessageStatus,
  createdAt: z.string(),
});
export type InboxAnswer = z.infer<typeof InboxAnswer>;

export const InboxSummary = z.object({
  id: Id,
  messageId: Id.nullable(),
  accountId: Id.nullable(),
  recipientId: Id.nullable(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  subject: z.string(),
  excerpt: z.string(),
  receivedAt: z.string(),
  /** When this user opened it; null = unread for them. */
  readAt: z.string().nullable(),
  /** When it was first answered (Odpowiedz) from Listonosz. */
  answeredAt: z.string().nullable(),
});
export type InboxSummary = z.infer<typeof InboxSummary>;

export const InboxAttachment = z.object({
  index: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

export const InboxDetail = InboxSummary.extend({
  text: z.string(),
  /** The tenant's HTML part, sanitised; null when the mail had none. */
  html: z.string().nullable(),
  attachments: z.array(InboxAttachment),
  /** True when the raw mail was too large to open here (its text is still shown). */
  truncated: z.boolean(),
  original: z
    .object({
      id: Id,
      subject: z.string(),
      toAddress: z.string(),
      sentAt: z.string().nullable(),
      status: MessageStatus,
    })
    .nullable(),
  recipient: z.object({ id: Id, name: z.string() }).nullable(),
  unit: z.object({ id: Id, label: z.string() }).nullable(),
  /** Other replies about the same message, newest first. */
  thread: z.array(InboxSummary),
  /** Messages sent from Listonosz in answer to (or forwarding) this reply. */
  answers: z.array(InboxAnswer),
});
export type InboxDetail = z.infer<typeof InboxDetail>;

export const InboxCounts = z.object({ unread: z.number().int(), total: z.number().int() });
export type InboxCounts = z.infer<typeof InboxCounts>;

const Body = z.string().max(20_000);

export const InboxReplyInput = z.strictObject({
  text: Body.refine((v) => v.trim().length > 0, 'Wpisz treść odpowiedzi.'),
  /** Quote the tenant's text under the answer ("> …"). */
  quote: z.boolean().default(true),
});
export type InboxReplyInput = z.input<typeof InboxReplyInput>;

export const InboxForwardInput = z.strictObject({
  toAddress: EmailAddress,
  toName: oneLine(optionalText(300)).default(''),
  /** A note above the forwarded mail. */
  text: Body.default(''),
});
export type InboxForwardInput = z.input<typeof InboxForwardInput>;

export const InboxSent = z.object({ messageId: Id, status: z.enum(['queued', 'held']) });
export type InboxSent = z.infer<typeof InboxSent>;
