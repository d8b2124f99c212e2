import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type {
  BatchAttachmentsTable,
  BatchesTable,
  BatchItemsTable,
  DocumentsTable,
  TemplatesTable,
} from './schema-documents.js';
import type { DownloadEventsTable, DownloadLinkMode, DownloadLinksTable } from './schema-download-links.js';
import type { MessageEventsTable, WebhookDeliveriesTable, WebhooksTable } from './schema-events.js';
import type {
  AddressStatesTable,
  FeedbackEventsTable,
  FeedbackMailboxesTable,
  FeedbackMailboxStateTable,
  FeedbackMessagesTable,
  FeedbackReaderLeasesTable,
  FeedbackRepliesTable,
  FeedbackReplyReadsTable,
} from './schema-feedback.js';
import type { DropFilesTable, DropFoldersTable, IntakesTable, PositionIntakeTable } from './schema-intake.js';
import type { ApiKeysTable, IdempotencyKeysTable } from './schema-keys.js';
import type {
  LoginThrottleTable,
  PositionAccountsTable,
  PositionPropertiesTable,
  PositionsTable,
  SessionsTable,
  UserPositionsTable,
  UsersTable,
} from './schema-people.js';
import type {
  PropertiesTable,
  RecipientEmailsTable,
  RecipientsTable,
  RecipientUnitsTable,
  UnitsTable,
} from './schema-recipients.js';
import type { JobLeasesTable } from './schema-retention.js';

export type * from './schema-documents.js';
export type * from './schema-events.js';
export type * from './schema-feedback.js';
export type * from './schema-intake.js';
export type * from './schema-keys.js';
export type * from './schema-people.js';
export type * from './schema-recipients.js';

/**
 * Table types, portable across SQLite and PostgreSQL (docs/architecture.md §3): ids are UUIDv7 text, timestamps are
 * ISO-8601 UTC text, JSON is text parsed in the repository, money is integer grosze, and there are no booleans.
 */

export type AccountSecurity = 'tls' | 'starttls' | 'none';
export type AccountStatus = 'active' | 'inactive';
export type AccountKind = 'smtp' | 'capture';
export type EnvelopeMode = 'verp' | 'feedback';

export interface SmtpAccountsTable {
  id: string;
  kind: AccountKind;
  name: string;
  from_name: string;
  from_address: string;
  feedback_address: string;
  envelope_mode: EnvelopeMode;
  host: string;
  port: number;
  security: AccountSecurity;
  username: string | null;
  password_enc: string | null;
  rate_per_second: number | null;
  rate_per_minute: number | null;
  rate_per_hour: number | null;
  rate_per_day: number | null;
  dkim_domain: string | null;
  dkim_selector: string | null;
  dkim_key_enc: string | null;
  status: AccountStatus;
  last_error: string | null;
  last_error_at: string | null;
  last_verified_at: string | null;
  created_at: string;
  updated_at: string;
  circuit_state: Generated<CircuitState>;
  /** Consecutive account-level failures; sets how long the circuit stays open. */
  circuit_failures: Generated<number>;
  circuit_retry_at: string | null;
  max_connections: Generated<number>;
  /** The server's EHLO offers SMTPUTF8 (RFC 6531); null until a connection test or a sent message tells. */
  smtputf8: SmtpUtf8Support | null;
  /** 'yes': every message asks for a read receipt (Disposition-Notification-To); migration 0013. */
  read_receipt: Generated<'yes' | 'no'>;
  /** A policy block reported by feedback (spam, reputation, SPF/DKIM/DMARC): the account's problem (migration 0016). */
  feedback_alarm_at: Generated<string | null>;
  feedback_alarm_reason: Generated<string | null>;
  /** The IMAP mailbox its feedback arrives in (migration 0012); several accounts may share one. */
  feedback_mailbox_id: string | null;
  /** The account's own RODO footer (JSON, shared/rodo.ts); null: the installation's (migration 0026, D66). */
  rodo_footer: Generated<string | null>;
  /** JSON PdfPasswordRule: the account's PDF password rule; null: none (migration 0029, D71). */
  pdf_password: Generated<string | null>;
  /** How its messages carry PDFs and how long a link works (migration 0028, D70). */
  download_link_mode: Generated<DownloadLinkMode>;
  download_link_days: Generated<number>;
}

export type SmtpUtf8Support = 'offered' | 'not_offered';

export interface BlobsTable {
  sha256: string;
  size: number;
  data: Buffer;
  created_at: string;
}

export type MessageStatus =
  | 'draft'
  | 'queued'
  | 'sending'
  | 'retry_wait'
  | 'held'
  | 'sent'
  | 'bounced'
  | 'complained'
  | 'failed'
  | 'cancelled';

export type Mailbox = 'drafts' | 'outbox' | 'sent' | 'failed' | 'cancelled';

export interface MessagesTable {
  id: string;
  account_id: string;
  recipient_id: string | null;
  to_name: string;
  to_address: string;
  subject: string;
  status: MessageStatus;
  /** Follows status (mailboxOf); a check constraint keeps them in step. Gives each mailbox its own index range. */
  mailbox: Mailbox;
  message_id_header: string;
  document_type: string | null;
  send_at: string | null;
  queued_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  /** Folded (lower-case, no diacritics) subject + name + address: what the mailbox search looks in. */
  search_text: string;
  sort_name: string;
  sort_subject: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Attempts made in the current series (a resend starts a new series). */
  attempts: Generated<number>;
  series: Generated<number>;
  /** Lower is sooner: single resends and test sends go before bulk runs. */
  priority: Generated<number>;
  next_attempt_at: string | null;
  first_attempt_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** The frozen MIME (.eml) every attempt sends, as a blob. */
  eml_sha256: string | null;
  eml_size: number | null;
  envelope_from: string | null;
  held_reason: HeldReason | null;
  last_outcome: AttemptOutcome | null;
  error_hint: string | null;
  smtp_response: string | null;
  smtp_queue_id: string | null;
  /** The batch (wysyłka) and document the message was made from, if any. */
  batch_id: string | null;
  document_id: string | null;
  /** The message this one repeats (a deliberate resend, or a send to a corrected address; migration 0009). */
  parent_id: string | null;
  link_kind: MessageLinkKind | null;
  /** A failed (or bounced) message repaired: when, how, and the new message (null for paper; migration 0011). */
  resolved_at: string | null;
  resolution: MessageResolution | null;
  resolved_by: string | null;
  /** Threading of a message answering or forwarding a tenant's reply (migration 0017, D49). */
  in_reply_to: Generated<string | null>;
  references_header: Generated<string | null>;
  inbox_reply_id: Generated<string | null>;
  inbox_action: Generated<InboxAction | null>;
  /** Retention removed its content; the row stays as a trace (D76). */ content_removed_at: Generated<string | null>;
}

export type InboxAction = 'reply' | 'forward';

export type MessageLinkKind = 'resend' | 'corrected';
export type MessageResolution = MessageLinkKind | 'paper';

/** Why a message waits in `held`: its account's circuit is open, an admin paused the account, or the address is suppressed. */
export type HeldReason = 'account' | 'paused' | 'suppressed';
export type AttemptOutcome = 'sent' | 'transient' | 'account' | 'recipient' | 'message' | 'unknown';
export type CircuitState = 'closed' | 'open' | 'half_open' | 'paused';

export interface MessageAttemptsTable {
  id: string;
  message_id: string;
  series: number;
  attempt_no: number;
  account_id: string;
  worker_id: string;
  started_at: string;
  finished_at: string;
  outcome: AttemptOutcome;
  smtp_code: number | null;
  enhanced_status: string | null;
  response: string | null;
  error_code: string | null;
}

export type RateScale = 'second' | 'minute' | 'hour' | 'day';

export interface RateBucketsTable {
  account_id: string;
  scale: RateScale;
  tokens: number;
  updated_at: string;
}

export interface SuppressionsTable {
  /** The mailbox key (`mailboxKey`: local part lower-cased, Unicode domain), so every spelling of it matches. */
  address: string;
  reason: string;
  message_id: string | null;
  created_at: string;
  /** Who blocked it: a refusal while sending, or a bounce read from the feedback mailbox (migration 0016). */
  source: Generated<'sending' | 'bounce'>;
}

export interface MessageBodiesTable {
  message_id: string;
  html: string;
  text: string;
}

export interface MessageAttachmentsTable {
  id: string;
  message_id: string;
  blob_sha256: string;
  filename: string;
  content_type: string;
  size: number;
  position: number;
}

export interface CapturedMessagesTable {
  id: string;
  received_at: string;
  mail_from: string;
  rcpt_to: string;
  from_header: string;
  to_header: string;
  subject: string;
  message_id_header: string | null;
  message_id: string | null;
  account_id: string | null;
  size: number;
  blob_sha256: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: string;
  ip: string | null;
}

export interface InstanceSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Bytes a user stored on one office day (migration 0005). */
export interface UploadUsageTable {
  user_id: string;
  /** YYYY-MM-DD in Europe/Warsaw. */
  day: string;
  /** bigint: PostgreSQL returns it as text, the repository turns it into a number. */
  bytes: number | string;
  updated_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  positions: PositionsTable;
  user_positions: UserPositionsTable;
  smtp_accounts: SmtpAccountsTable;
  feedback_mailboxes: FeedbackMailboxesTable;
  position_accounts: PositionAccountsTable;
  position_properties: PositionPropertiesTable;
  properties: PropertiesTable;
  units: UnitsTable;
  recipients: RecipientsTable;
  recipient_emails: RecipientEmailsTable;
  recipient_units: RecipientUnitsTable;
  blobs: BlobsTable;
  messages: MessagesTable;
  message_bodies: MessageBodiesTable;
  message_attachments: MessageAttachmentsTable;
  message_attempts: MessageAttemptsTable;
  rate_buckets: RateBucketsTable;
  suppressions: SuppressionsTable;
  captured_messages: CapturedMessagesTable;
  audit_log: AuditLogTable;
  instance_settings: InstanceSettingsTable;
  templates: TemplatesTable;
  documents: DocumentsTable;
  batches: BatchesTable;
  batch_attachments: BatchAttachmentsTable;
  batch_items: BatchItemsTable;
  upload_usage: UploadUsageTable;
  feedback_reader_leases: FeedbackReaderLeasesTable;
  feedback_mailbox_state: FeedbackMailboxStateTable;
  feedback_messages: FeedbackMessagesTable;
  feedback_events: FeedbackEventsTable;
  feedback_replies: FeedbackRepliesTable;
  feedback_reply_reads: FeedbackReplyReadsTable;
  address_states: AddressStatesTable;
  position_intake: PositionIntakeTable;
  intakes: IntakesTable;
  drop_folders: DropFoldersTable;
  drop_files: DropFilesTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  message_events: MessageEventsTable;
  download_links: DownloadLinksTable;
  download_events: DownloadEventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  job_leases: JobLeasesTable;
}

/** A database handle or a transaction: repository functions accept either. */
export type Db = Kysely<Database> | Transaction<Database>;

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
