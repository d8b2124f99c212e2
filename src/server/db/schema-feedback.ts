/** The feedback-mailbox reader's tables (migration 0015, D47). */

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
