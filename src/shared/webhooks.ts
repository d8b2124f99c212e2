import { Id, text, z } from './zod.js';

/** Message events and webhooks: status back to the rent systems (issue 13 point 5, D60). */

export const EVENT_TYPES = ['queued', 'held', 'sent', 'retrying', 'failed', 'bounced', 'read', 'replied'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

export const MessageEvent = z.object({
  /** The event's id, also the feed's cursor: it only grows. */
  id: z.number().int(),
  type: EventType,
  messageId: z.string(),
  batchId: z.string().nullable(),
  accountId: z.string(),
  occurredAt: z.string(),
  /** `to` (the recipient address) and small facts of the change (an SMTP reply, an error); no message body. */
  data: z.record(z.string(), z.unknown()),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

export const EventsQuery = z.object({
  after: z.coerce
    .number({ error: 'Kursor musi być liczbą.' })
    .int({ error: 'Kursor musi być liczbą całkowitą.' })
    .min(0)
    .default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const EventsPage = z.object({
  items: z.array(MessageEvent),
  /** Pass as `after` next time; the same as `after` when nothing new came. */
  nextCursor: z.number().int(),
});

const Url = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => URL.canParse(v), { error: 'Podaj pełny adres, np. https://czynsze.example.pl/listonosz.' });

export const WebhookCreate = z.object({
  name: text(100),
  url: Url,
  /** Null: every account's events (installation-wide). */
  positionId: Id.nullable(),
  eventTypes: z.array(EventType).min(1, { error: 'Wybierz co najmniej jedno zdarzenie.' }),
  active: z.boolean().default(true),
});
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookUpdate = WebhookCreate.omit({ positionId: true }).partial();
export type WebhookUpdate = z.infer<typeof WebhookUpdate>;

export const Webhook = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  positionId: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  eventTypes: z.array(EventType),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** After a rotation with an overlap: until when the previous secret still signs; null when it no longer does. */
  previousSecretUntil: z.string().nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

/** Answer to creating a webhook or rotating its secret: the (new) signing secret, shown this once. */
export const WebhookCreated = Webhook.extend({ secret: z.string() });

/** The longest overlap of a rotation: a week. */
export const MAX_OVERLAP_HOURS = 168;
const OVERLAP = `Podaj liczbę godzin od 0 do ${MAX_OVERLAP_HOURS} (7 dni).`;

/**
 * A new signing secret (D98): the old one keeps signing beside it for `overlapHours` (0: it stops at once), so the
 * receiving system has time to take the new one.
 */
export const WebhookSecretRotation = z.object({
  overlapHours: z
    .number({ error: OVERLAP })
    .int({ error: 'Podaj pełną liczbę godzin.' })
    .min(0, { error: OVERLAP })
    .max(MAX_OVERLAP_HOURS, { error: OVERLAP })
    .default(24),
});
export type WebhookSecretRotation = z.infer<typeof WebhookSecretRotation>;

export const DeliveryStatus = z.enum(['pending', 'delivering', 'delivered', 'failed']);

export const WebhookDelivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.number().int(),
  eventType: EventType,
  messageId: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  replayOf: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The new delivery of a replayed event. */
export const ReplayResult = z.object({ id: z.string() });
