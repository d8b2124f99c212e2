import { formatDate } from './format.js';
import { BlockedAddress, MessageStatus } from './messages.js';

export { BlockedAddress };

import { Cursor, Id, Limit, z } from './zod.js';

export const BlockedQuery = z.object({
  q: z.string().trim().max(254).optional(),
  cursor: Cursor,
  limit: Limit,
});

export const UnblockResult = z.object({
  address: z.string(),
  /** Held messages to this address that went back to the queue. */
  released: z.number(),
});
export type UnblockResult = z.infer<typeof UnblockResult>;

export const RecipientAddressState = z.object({
  address: z.string(),
  /** `suspect`: soft bounces on 3 messages over at least 14 days (D48); a reply or read receipt clears it. */
  state: z.enum(['active', 'blocked', 'suspect']),
  blocked: BlockedAddress.nullable(),
  suspectSince: z.string().nullable(),
});

export const RecipientMessage = z.object({
  id: Id,
  toAddress: z.string(),
  subject: z.string(),
  status: MessageStatus,
  heldReason: z.enum(['account', 'paused', 'suppressed']).nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  parentId: Id.nullable(),
});
export type RecipientMessage = z.infer<typeof RecipientMessage>;

/** The recipient card's delivery view: each address's state and the recipient's messages (the actor's accounts). */
export const RecipientDelivery = z.object({
  addresses: z.array(RecipientAddressState),
  /** A complaint (ARF) came about mail to this recipient: for the manager to decide; nothing is blocked (D48). */
  complainedAt: z.string().nullable(),
  messages: z.array(RecipientMessage),
});
export type RecipientDelivery = z.infer<typeof RecipientDelivery>;

export const UnblockInput = z.strictObject({ address: z.string().trim().min(3).max(320) });
export const CorrectedSendInput = z.strictObject({ address: z.string().trim().min(3).max(320) });

/** „550 5.1.1” from a recorded reply, when it has one. */
export function refusalCode(reason: string): string | null {
  const code = /\b[45]\d\d\b/.exec(reason)?.[0];
  if (!code) return null;
  const enhanced = /\b[45]\.\d{1,3}\.\d{1,3}\b/.exec(reason)?.[0];
  return enhanced ? `${code} ${enhanced}` : code;
}

export function blockedSummary(reason: string, createdAt: string): string {
  const code = refusalCode(reason);
  const day = formatDate(createdAt);
  return code
    ? `Adres zablokowany po odrzuceniu ${code} z dnia ${day}.`
    : `Adres zablokowany z dnia ${day} (serwer odbiorcy odrzucił wiadomość).`;
}

/** The new message sent to a corrected address. */
export const CorrectedSendResult = z.object({ id: Id, status: z.enum(['queued', 'held']) });
/** The batch whose paper pack the message's document joined. */
export const PaperResult = z.object({ batchId: Id });
