import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { pino } from 'pino';
import type { Db, Row } from './db/schema.js';
import { createReportClassifier } from './feedback/classifier-port.js';
import type { MailboxSettings } from './feedback/imap-connect.js';
import type { FeedbackSink } from './feedback/ports.js';
import { READER_DEFAULTS, type ReaderLog } from './feedback/reader-loop.js';
import { createReaderStore } from './feedback/reader-store.js';
import { createFeedbackReaders as createReaders } from './feedback/readers.js';
import type { Clock } from './lib/clock.js';
import type { SecretBox } from './lib/crypto.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import type { BlobStore } from './modules/blobs/blobs.service.js';
import { verpKeyOf } from './modules/delivery/compose.js';
import { createFeedbackSink, type FeedbackSinkDeps } from './modules/feedback/feedback.service.js';
import { createMailboxSource, mailboxAccountIds } from './modules/feedback/mailbox-source.js';
import type { Repositories } from './repositories.js';

/** A worker's name in leases: host, process and a random suffix (two workers in one process differ). */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * The feedback parts of the composition root (D47, D48): the event sink and the feedback-mailbox readers — every
 * mailbox of `feedback_mailboxes`, the real classifier and the sink — started beside the sending worker and stopped
 * in the same shutdown.
 */
export function createFeedbackParts(deps: {
  db: Db;
  clock: Clock;
  repos: Repositories;
  secrets: SecretBox;
  audit: AuditLog;
  blobs: BlobStore;
  settingsOf: (row: Row<'feedback_mailboxes'>) => MailboxSettings;
  keepRotatedRefreshToken: (db: Db, row: Row<'feedback_mailboxes'>, refreshToken: string) => Promise<boolean>;
  logLevel: string;
  /** FEEDBACK_REFRESH_SECONDS: how often the readers look for new or changed mailboxes. */
  refreshMs?: number;
  /** The reader's lease per mailbox (FEEDBACK_LEASE_SECONDS). */
  leaseMs?: number;
  /** Told of each feedback event once recorded, by kind (metrics, D74). */
  onFeedbackEvent?: (kind: string) => void;
}) {
  const { db, clock, repos } = deps;
  const leaseMs = deps.leaseMs ?? 60_000;

  /** The feedback event sink (D48); `mailboxAccounts` names the accounts that share a feedback mailbox. */
  const createFeedbackEventSink = (mailboxAccounts: FeedbackSinkDeps['mailboxAccounts']) =>
    createFeedbackSink({
      db,
      clock,
      repo: repos.feedback,
      lookups: repos.correlation,
      verpKey: verpKeyOf(deps.secrets),
      audit: deps.audit,
      blobs: deps.blobs,
      events: repos.messageEvents,
      mailboxAccounts,
    });

  const counted = (sink: FeedbackSink): FeedbackSink => ({
    async record(event) {
      await sink.record(event);
      deps.onFeedbackEvent?.(event.kind);
    },
  });

  /** The readers log the first failure of a series and the recovery (JSON lines like Fastify's, on stdout). */
  const defaultLog = (): ReaderLog => pino({ level: deps.logLevel, base: { component: 'feedback-reader' } });

  const createFeedbackReaders = (
    readerOptions: { workerId?: string; pollMs?: number; refreshMs?: number; log?: ReaderLog } = {},
  ) =>
    createReaders({
      source: createMailboxSource({
        db,
        repo: repos.feedbackMailboxes,
        settingsOf: deps.settingsOf,
        keepRotatedRefreshToken: deps.keepRotatedRefreshToken,
      }),
      store: createReaderStore({ db, clock, leaseMs }),
      classifier: createReportClassifier(),
      sink: counted(
        createFeedbackEventSink((tx, mailboxId) => mailboxAccountIds(repos.feedbackMailboxes, tx, mailboxId)),
      ),
      clock,
      workerId: readerOptions.workerId ?? newWorkerId(),
      pollMs: readerOptions.pollMs,
      // A waiting worker looks at least twice per lease, so a crashed reader's mailbox is taken over soon after.
      claimEveryMs: Math.min(READER_DEFAULTS.claimEveryMs, Math.max(200, Math.floor(leaseMs / 2))),
      refreshMs: readerOptions.refreshMs ?? deps.refreshMs,
      log: readerOptions.log ?? defaultLog(),
    });

  return { createFeedbackEventSink, createFeedbackReaders };
}
