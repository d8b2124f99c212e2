import { Cursor, Id, Limit, z } from './zod.js';

export const CapturedSummary = z.object({
  id: Id,
  receivedAt: z.string(),
  mailFrom: z.string(),
  rcptTo: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  size: z.number(),
  messageId: Id.nullable(),
  accountId: Id.nullable(),
});
export type CapturedSummary = z.infer<typeof CapturedSummary>;

export const CapturedDetail = CapturedSummary.extend({
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  text: z.string().nullable(),
  html: z.string().nullable(),
  attachments: z.array(z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number() })),
});
export type CapturedDetail = z.infer<typeof CapturedDetail>;

export const CapturedQuery = z.object({
  /** A piece of the subject or of an address (sender, recipient, envelope), any letter case. */
  q: z.string().trim().max(200).optional(),
  cursor: Cursor,
  limit: Limit,
});
