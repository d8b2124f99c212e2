import type { AttemptOutcome, CircuitState, MessageStatus, RateScale } from '../db/schema.js';
import type { SmtpSettings } from '../mail/smtp.js';
import type { FailureClass, FailureReason } from './classify.js';
import type { SendResult } from './outcome.js';

/**
 * The two ports the sending engine sees (docs/architecture.md §2): a message store and a transport. The worker knows
 * nothing else, so it runs the same against SQLite or PostgreSQL and against any SMTP server.
 * Guarantee: at-least-once; the message row's status is the truth.
 */
export interface SendableAccount {
  id: string;
  name: string;
  /** Changes whenever the account's settings change (the transport rebuilds its pool then). */
  version: string;
  settings: SmtpSettings;
  maxConnections: number;
  limits: [RateScale, number][];
  circuit: CircuitState;
}

export interface ClaimedMessage {
  id: string;
  accountId: string;
  toAddress: string;
  envelopeFrom: string;
  /** The frozen .eml's Message-ID header (angle brackets included), as sent. */
  messageId: string;
  /** The batch (wysyłka) the message was made in, if any: for the logs. */
  batchId: string | null;
  raw: Buffer;
  attempts: number;
  series: number;
  firstAttemptAt: Date;
  /** Sent as the one trial of a half-open circuit: its outcome closes or re-opens the circuit. */
  trial: boolean;
  /** The status it was claimed from, which it returns to when released unsent. */
  claimedFrom: 'queued' | 'retry_wait' | 'held';
}

export interface AttemptReport {
  message: ClaimedMessage;
  startedAt: Date;
  finishedAt: Date;
  result: SendResult;
}

export interface MessageStore {
  sendableAccounts(): Promise<SendableAccount[]>;
  /** Claims up to `max` due messages of the account within its rate limits; `waitMs` says when tokens return. */
  claim(
    workerId: string,
    account: SendableAccount,
    max: number,
  ): Promise<{ messages: ClaimedMessage[]; waitMs: number }>;
  /** Records outcomes, fenced by the lease: a worker that lost its lease cannot overwrite newer state. */
  complete(workerId: string, reports: AttemptReport[]): Promise<void>;
  /** Turns expired leases into retries with outcome "unknown"; returns how many. */
  reapExpiredLeases(): Promise<number>;
  /** Extends this worker's leases on messages it still works on (a slow server must not look like a dead worker). */
  renewLeases(workerId: string, messageIds: string[]): Promise<void>;
  /** Gives back claims never handed to SMTP (a stopping worker): their status, lease released, attempt refunded. */
  release(workerId: string, messages: ClaimedMessage[]): Promise<number>;
  /** How long a claim is held without renewal. */
  readonly leaseMs: number;
}

/** A send the transport never started: it was stopped while the message still waited for a connection. */
export const NOT_STARTED = { notStarted: true } as const;
export type NotStarted = typeof NOT_STARTED;

export interface Transport {
  /**
   * Sends one message. `mayEnd`, when given, is awaited after the message's bytes are handed over and before the
   * final dot that lets the server take it: the caller's way to bound how many accepted messages await their record.
   */
  send(
    account: SendableAccount,
    message: ClaimedMessage,
    mayEnd?: () => Promise<void>,
  ): Promise<SendResult | NotStarted>;
  /** Takes no more: messages still waiting for a connection come back NOT_STARTED; sends in progress go on. */
  stopTaking(): void;
  /** Closes every connection, cutting off the sends still in progress. */
  close(): Promise<void>;
}

/**
 * One attempt as written (or fenced out: `written` false), told to whoever watches the sender (metrics, logs) after
 * its transaction. Ids only — never an address — so a log line or a metric label holds no personal data.
 */
export interface AttemptRecord {
  /** The message row's id. */
  id: string;
  accountId: string;
  batchId: string | null;
  workerId: string;
  outcome: AttemptOutcome;
  /** The status the message was left in (sent, retry_wait, held, failed). */
  status: MessageStatus;
  failureClass: FailureClass | null;
  /** Why, in one word; `lease_expired` for an attempt the reaper closed. */
  reason: FailureReason | 'lease_expired' | 'shutdown' | null;
  smtpCode: number | null;
  /** From handing the message to SMTP to its outcome; null when the reaper closed it (nobody measured it). */
  seconds: number | null;
  /** False when the lease had been lost: a newer owner decides the message's state. */
  written: boolean;
}

/** What the sending engine tells the outside about its work; it does not know where it goes (D74). */
export interface SendingObserver {
  attempts(records: AttemptRecord[]): void;
  /** Each turn of a worker's loop: it is alive and claiming. */
  heartbeat(workerId: string, at: Date): void;
}

export const NO_OBSERVER: SendingObserver = { attempts: () => {}, heartbeat: () => {} };
