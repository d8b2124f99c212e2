/**
 * The ports the feedback-mailbox reader sees (docs/architecture.md §2, D47), as `sending/` sees a message store and a
 * transport: where the mailboxes come from, how a message is classified, where an outcome goes, and the reader's
 * own storage (leases, read positions, one record per message). The reader imports nothing from `modules/`.
 */

export type FeedbackKind =
  | 'hard_bounce'
  | 'soft_bounce'
  | 'policy_block'
  | 'delay'
  | 'complaint'
  | 'auto_reply'
  | 'read_receipt'
  | 'reply'
  | 'unknown';

/** The folders under `Listonosz/` that read mail is moved into (created when missing). */
export type FeedbackFolder = 'Zwroty' | 'Autoodpowiedzi' | 'Potwierdzenia' | 'Skargi' | 'Do-przejrzenia';
export const FEEDBACK_ROOT = 'Listonosz';

/** Where each kind goes by default; null: it stays where it is, unread (a tenant's reply). */
export function defaultFolder(kind: FeedbackKind): FeedbackFolder | null {
  switch (kind) {
    case 'hard_bounce':
    case 'soft_bounce':
    case 'policy_block':
    case 'delay':
      return 'Zwroty';
    case 'auto_reply':
      return 'Autoodpowiedzi';
    case 'read_receipt':
      return 'Potwierdzenia';
    case 'complaint':
      return 'Skargi';
    case 'reply':
      return null;
    default:
      return 'Do-przejrzenia';
  }
}

export type MailboxCredentials = { password: string } | { accessToken: string };

/** One feedback mailbox to read, with its connection settings (from `feedback_mailboxes` at the merge). */
export interface ReadableMailbox {
  id: string;
  /** The administrator's name for it (in logs). */
  name?: string;
  /** How it logs in (error texts differ); a password when not said. */
  auth?: 'password' | 'oauth2';
  /** Changes whenever the settings change: the reader then starts again with a new client. */
  version: string;
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  username: string;
  /** Folders to watch, INBOX by default; the first is the one IDLE listens on. */
  folders: string[];
  /** Only mail that arrived at or after this instant is processed (older mail is left alone). */
  processSince: Date | null;
  /** Asked before every connection: a password, or a fresh OAuth2 access token (XOAUTH2). */
  credentials(): Promise<MailboxCredentials>;
  /** Extra TLS trust (a private CA), when the settings carry one. */
  tlsCa?: string;
}

export interface MailboxSource {
  /** The mailboxes to read now (enabled ones with complete settings). */
  list(): Promise<ReadableMailbox[]>;
}

export interface FeedbackDecision {
  kind: FeedbackKind;
  /** Where the message is moved; null keeps it in place, unread. */
  folder: FeedbackFolder | null;
  /** Reason, correlation hints… stored as JSON with the record and handed to the sink. */
  details?: Record<string, unknown>;
}

/** The classifier (pure, from `src/server/feedback/` at the merge): raw bytes in, a decision out. */
export interface FeedbackClassifier {
  classify(raw: Buffer): FeedbackDecision | Promise<FeedbackDecision>;
}

/** A read message's outcome, as given to the sink. */
export interface FeedbackEvent {
  /** The record's id: the sink's idempotency key (it may see the same event again after a crash). */
  id: string;
  mailboxId: string;
  folder: string;
  uid: number;
  messageId: string | null;
  sha256: string | null;
  size: number;
  kind: FeedbackKind;
  targetFolder: FeedbackFolder | null;
  receivedAt: Date | null;
  details: Record<string, unknown>;
  /** The raw bytes; null when the message was too large to download. */
  raw: Buffer | null;
}

/** Where outcomes go (blocking addresses, Odebrane… come later). Must be idempotent by `event.id`. */
export interface FeedbackSink {
  record(event: FeedbackEvent): Promise<void>;
}

/** A read message as stored. */
export interface FeedbackRecord {
  id: string;
  mailboxId: string;
  folder: string;
  uidvalidity: string;
  uid: number;
  sha256: string | null;
  messageId: string | null;
  size: number;
  kind: FeedbackKind;
  targetFolder: FeedbackFolder | null;
  duplicateOf: string | null;
  receivedAt: string | null;
  processedAt: string | null;
  movedAt: string | null;
  details: Record<string, unknown>;
}

export type NewFeedbackRecord = Omit<FeedbackRecord, 'id' | 'processedAt' | 'movedAt'> & { processed: boolean };

/** A write refused because this worker no longer holds the mailbox's lease. */
export class LeaseLostError extends Error {
  constructor(mailboxId: string) {
    super(`The lease on feedback mailbox ${mailboxId} was lost; another worker reads it now.`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The reader's storage. Every write is fenced by the mailbox's lease (throws LeaseLostError when it is not held),
 * so a worker that lost its lease cannot act on a message another worker now reads.
 */
export interface ReaderStore {
  /** How long a lease is held without renewal. */
  readonly leaseMs: number;
  /** Takes the mailbox's lease when free, expired or already ours; true when held. */
  claimLease(mailboxId: string, owner: string): Promise<boolean>;
  /** Extends our lease; false when it is no longer ours. */
  renewLease(mailboxId: string, owner: string): Promise<boolean>;
  releaseLease(mailboxId: string, owner: string): Promise<void>;
  /**
   * The mailbox's reading status for the settings page: ok (a full read just ended), or the error in the
   * administrator's words with what the library said; the first error of a series is remembered as its start.
   */
  reportStatus(
    mailboxId: string,
    owner: string,
    error: { message: string; detail: string | null } | null,
  ): Promise<void>;
  /** The last UID read under this UIDVALIDITY; a different UIDVALIDITY starts again from 0 (`reset`). */
  folderState(
    mailboxId: string,
    owner: string,
    folder: string,
    uidvalidity: string,
  ): Promise<{ lastUid: number; reset: boolean }>;
  advance(mailboxId: string, owner: string, folder: string, uidvalidity: string, lastUid: number): Promise<void>;
  findAt(mailboxId: string, folder: string, uidvalidity: string, uid: number): Promise<FeedbackRecord | null>;
  /** The records at these positions (one query for a read cycle), in no particular order. */
  findAll(mailboxId: string, folder: string, uidvalidity: string, uids: number[]): Promise<FeedbackRecord[]>;
  /** The first record of the same message (SHA-256, and Message-ID when it has one) in this mailbox. */
  findSame(mailboxId: string, sha256: string, messageId: string | null): Promise<FeedbackRecord | null>;
  /** Inserts the record; when one already exists at that position it is returned unchanged. */
  record(owner: string, entry: NewFeedbackRecord): Promise<FeedbackRecord>;
  markProcessed(owner: string, record: FeedbackRecord): Promise<void>;
  markMoved(owner: string, record: FeedbackRecord): Promise<void>;
  /** `moved_at` for these records of the mailbox in one statement (after one UID MOVE of all of them). */
  markAllMoved(owner: string, mailboxId: string, ids: string[]): Promise<void>;
}
