import type { Generated } from 'kysely';

/** Message events and webhooks (migration 0021, D60). */

export type MessageEventType = 'queued' | 'held' | 'sent' | 'retrying' | 'failed' | 'bounced' | 'read' | 'replied';

export interface MessageEventsTable {
  /** The feed's cursor: grows with every event, in the order events become visible. */
  id: Generated<number>;
  message_id: string;
  batch_id: string | null;
  account_id: string;
  type: MessageEventType;
  occurred_at: string;
  /** Small JSON: the recipient address, an SMTP reply or error; never a message body. */
  payload: string;
}

export type WebhookStatus = 'active' | 'inactive';

export interface WebhooksTable {
  id: string;
  /** Null: installation-wide (every account's events). */
  position_id: string | null;
  /** Reserved for the API key a webhook belongs to (no key yet; wired when API keys land). */
  api_key_id: string | null;
  name: string;
  url: string;
  /** JSON array of MessageEventType. */
  event_types: string;
  secret_enc: string;
  /** The secret current before the last rotation, sealed; deliveries are signed with it too until the next (D98). */
  previous_secret_enc: string | null;
  /** ISO instant; null (or past) = the previous secret no longer signs. */
  previous_secret_until: string | null;
  status: WebhookStatus;
  /** The last event id this webhook has been given deliveries up to. */
  event_cursor: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: number;
  status: WebhookDeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  /** The delivery this one replays (a person asked to send the event again). */
  replay_of: string | null;
  created_at: string;
  delivered_at: string | null;
}
