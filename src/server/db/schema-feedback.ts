/** The feedback tables: mailboxes (migration 0012, D45), the reader (0015, D47), what feedback does (0016, D48). */

import type { AccountSecurity, AccountStatus } from './schema.js';

export type MailboxAuth = 'password' | 'oauth2';
export type OAuthProvider = 'microsoft' | 'google' | 'custom';

/** An IMAP mailbox read for feedback (migration 0012); secrets sealed under the instance key. */
export interface FeedbackMailboxesTable {
  id: string;
  name: string;
  host: string;
  port: number;
  security: AccountSecurity;
  username: string;
  auth: MailboxAuth;
  password_enc: string | null;
  oauth_provider: OAuthProvider | null;
  oauth_client_id: string | null;
  oauth_client_secret_enc: string | null;
  oauth_token_url: string | null;
  oauth_refresh_token_enc: string | null;
  oauth_scope: string | null;
  /** JSON array of folder paths to watch. */
  folders: string;
  /** ISO date-time: mail older than this is left alone. */
  process_since: string;
  status: AccountStatus;
  last_error: string | null;
  last_checked_at: string | null;
  created_at: string;
  updated_at: string;
}

export type FeedbackReaderStatus = 'idle' | 'ok' | 'error';

/** One row per mailbox: which worker reads it (a lease) and how its last connection went. */
export interface FeedbackReaderLeasesTable {
  mailbox_id: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  status: FeedbackReaderStatus;
  last_error: string | null;
  last_ok_at: string | null;
  updated_at: string;
  /** When the current series of failures began (null while it reads). */
  error_since: string | null;
  /** What the IMAP library or the token endpoint said (`last_error` is the administrator's text). */
  last_error_detail: string | null;
}

/** Where reading a folder got to: UIDs above `last_uid` under this UIDVALIDITY are still to be read. */
export interface FeedbackMailboxStateTable {
  mailbox_id: string;
  folder: string;
  /** Text: UIDVALIDITY is a 32-bit unsigned number (imapflow gives a bigint). */
  uidvalidity: string;
  last_uid: number;
  updated_at: string;
}

/** One message read from a feedback mailbox, recorded before it is moved. */
export interface FeedbackMessagesTable {
  id: string;
  mailbox_id: string;
  folder: string;
  uidvalidity: string;
  uid: number;
  /** Null when the message was too large to download. */
  sha256: string | null;
  message_id: string | null;
  size: number;
  kind: string;
  /** The Listonosz/… folder it goes to; null: it stays where it is (a tenant's reply). */
  target_folder: string | null;
  /** The earlier record of the same message (same SHA-256 + Message-ID) seen under another UIDVALIDITY/UID. */
  duplicate_of: string | null;
  received_at: string | null;
  /** When the event sink took the outcome; null: still to be handed over. */
  processed_at: string | null;
  moved_at: string | null;
  /** JSON: the classifier's details (reason, correlation hints, "too large"…). */
  details: string;
  created_at: string;
}

/** What one read message did (migration 0016, D48); `id` is the reader's record id. */
export interface FeedbackEventsTable {
  id: string;
  mailbox_id: string;
  kind: string;
  reason: string;
  message_id: string | null;
  account_id: string | null;
  recipient_id: string | null;
  /** The mailbox key of the address the event is about (Final-Recipient, or the reply's sender). */
  address: string | null;
  /** How it was tied to the message (correlation confidence), `none` when it was not. */
  confidence: string;
  /** 1 when a VERP tag was there but failed its signature. */
  forged: number;
  /** What it did: bounced, blocked, suspect, reset, complaint, alarm, receipt, auto_reply, reply, triage, none… */
  effect: string;
  /** The raw report, kept beside the proof. */
  raw_sha256: string | null;
  details: string;
  occurred_at: string;
  created_at: string;
}

/** A tenant's reply (Odebrane) or unknown mail (triage). */
export interface FeedbackRepliesTable {
  id: string;
  kind: 'reply' | 'unknown';
  message_id: string | null;
  recipient_id: string | null;
  account_id: string | null;
  from_address: string | null;
  from_name: string | null;
  subject: string;
  text: string;
  received_at: string;
  created_at: string;
  /** Triage (migration 0018, D50): when a person decided what unknown mail was, who, and what. */
  reviewed_at: string | null;
  reviewed_by: string | null;
  decision: TriageDecision | null;
}

export type TriageDecision = 'reply' | 'bounce' | 'nothing';

export interface FeedbackReplyReadsTable {
  reply_id: string;
  user_id: string;
  read_at: string;
}

/** An address made suspect by soft bounces; `reset_at`: soft bounces before it no longer count. */
export interface AddressStatesTable {
  address: string;
  suspect_at: string | null;
  reset_at: string | null;
  updated_at: string;
}
