import type { Config } from './config.js';
import { createFeedbackParts } from './container-feedback.js';
import { createIntakeParts } from './container-intake.js';
import { createKeyParts } from './container-keys.js';
import { createComposing } from './container-links.js';
import { createObservabilityParts } from './container-observability.js';
import { createPeopleParts } from './container-people.js';
import { createRetentionParts } from './container-retention.js';
import { sendingWorkerFactory } from './container-sending.js';
import { createWebhookParts } from './container-webhooks.js';
import { createDb, type DbHandle } from './db/create-db.js';
import { createRenderPool } from './documents/pool.js';
import { createPdfReader } from './documents/read-pool.js';
import { checkMailbox, type MailboxCheck } from './feedback/imap-check.js';
import type { MailboxSettings } from './feedback/imap-connect.js';
import { checkInstanceKey } from './instance-key.js';
import { type Clock, systemClock } from './lib/clock.js';
import { createSecretBox } from './lib/crypto.js';
import { boundHeapGrowth } from './lib/heap.js';
import { loadInstanceKey } from './lib/instance-key.js';
import { createMimePool } from './mail/mime-pool.js';
import { type SmtpSettings, sendOnce, verifySmtp } from './mail/smtp.js';
import type { SmtpCapabilities } from './mail/smtp-probe.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createAuditLog } from './modules/audit/audit.service.js';
import { createAccess } from './modules/auth/access.js';
import { createBatchRunner } from './modules/batches/batch-runner.js';
import { createBatchesService } from './modules/batches/batches.service.js';
import { createBlobStore } from './modules/blobs/blobs.service.js';
import { createDeliveryService } from './modules/delivery/delivery.service.js';
import { createProofService } from './modules/delivery/proof.service.js';
import { createReceiptRenderer } from './modules/delivery/receipt-pool.js';
import { createRepairsService } from './modules/delivery/repairs.service.js';
import { createRepeater } from './modules/delivery/repeat.js';
import { createDocumentsService } from './modules/documents/documents.service.js';
import { createFeedbackMailboxesService } from './modules/feedback-mailboxes/feedback-mailboxes.service.js';
import { createImportsService } from './modules/imports/imports.service.js';
import { createInbox } from './modules/inbox/inbox.js';
import { createMessagesService } from './modules/messages/messages.service.js';
import { createPositionsService } from './modules/positions/positions.service.js';
import { createPropertiesService } from './modules/properties/properties.service.js';
import { createRecipientsService } from './modules/recipients/recipients.service.js';
import { createSandboxService } from './modules/sandbox/sandbox.service.js';
import { createStatsService } from './modules/stats/stats.service.js';
import { createStorageService } from './modules/storage/storage.service.js';
import { createUploadQuota } from './modules/storage/upload-quota.js';
import { createSuppressionsService } from './modules/suppressions/suppressions.service.js';
import { createTemplatesService } from './modules/templates/templates.service.js';
import { createTriageService } from './modules/triage/triage.service.js';
import { createRepositories } from './repositories.js';
import { createSettingsServices } from './settings-services.js';

export interface ContainerOptions {
  /** An already created database (tests pass a fresh, migrated one). */
  dbHandle?: DbHandle;
  clock?: Clock;
  /** The instance key; by default from the config or the data folder. */
  instanceKey?: Buffer;
  verifyConnection?: (settings: SmtpSettings) => Promise<SmtpCapabilities | undefined>;
  sendOnce?: (settings: SmtpSettings, raw: Buffer, envelope: { from: string; to: string }) => Promise<string>;
  /** The feedback mailbox's connection test (tests pass one that trusts their self-signed certificate). */
  checkMailbox?: (settings: MailboxSettings, folders: string[]) => Promise<MailboxCheck>;
  /** Errors of background work (batch runs) that no request is waiting for; logged by the runtime. */
  onBackgroundError?: (err: unknown, context?: { batchId?: string }) => void;
  /** Where the sender's JSON log lines go (stdout by default; tests read them). */
  logStream?: import('pino').DestinationStream;
}

/** Composition root: the one place that knows how the pieces fit. Every dependency is passed explicitly. */
export async function createContainer(config: Config, options: ContainerOptions = {}) {
  // Heaps grow by half their live objects at most, not up to four times (D84); main.ts sets it before anything
  // loads, this covers the other ways in (tests, embedding).
  boundHeapGrowth();
  const handle = options.dbHandle ?? createDb(config.database);
  const { db, dialect } = handle;
  const clock = options.clock ?? systemClock;
  const upTo30s = Math.min(config.sending.smtpTimeoutMs, 30_000);
  const timeouts = { connectionMs: upTo30s, greetingMs: upTo30s, socketMs: config.sending.smtpTimeoutMs };
  const secrets = createSecretBox(options.instanceKey ?? loadInstanceKey(config.secretKey, config.dataDir).key);

  const repos = createRepositories(dialect);
  const access = createAccess(db, repos);
  const { accountScope, propertyScope, positionScope } = access;

  const audit = createAuditLog({ db, repo: repos.audit, clock });
  const blobs = createBlobStore({ repo: repos.blobs, clock, copier: handle.blobCopier });
  const composing = createComposing({ db, repos, blobs, secrets, audit, clock, config }, () => delivery);
  const { users, auth, passwordChecker } = createPeopleParts({ db, repos, audit, clock, config });
  const { apiKeys, idempotency } = createKeyParts({ db, repos, audit, clock });
  const retentionParts = createRetentionParts({ db, audit, clock });
  const accounts = createAccountsService({
    db,
    repo: repos.accounts,
    audit,
    clock,
    secrets,
    verifyConnection: options.verifyConnection ?? ((s) => verifySmtp(s, timeouts)),
    scopeFor: accountScope,
  });
  const feedbackMailboxes = createFeedbackMailboxesService({
    db,
    repo: repos.feedbackMailboxes,
    audit,
    clock,
    secrets,
    checkMailbox: options.checkMailbox ?? ((settings, folders) => checkMailbox(settings, folders)),
  });
  const positions = createPositionsService({
    db,
    repo: repos.positions,
    accounts: repos.accounts,
    properties: repos.properties,
    audit,
    clock,
    positionScope: positionScope,
  });
  const properties = createPropertiesService({ db, repo: repos.properties, audit, clock, scopeFor: propertyScope });
  const recipients = createRecipientsService({
    db,
    repo: repos.recipients,
    properties: repos.properties,
    propertyScope: propertyScope,
    audit,
    clock,
  });
  const imports = createImportsService({
    db,
    repo: repos.imports,
    recipients: repos.recipients,
    properties: repos.properties,
    audit,
    clock,
  });
  // Every upload that stores bytes charges its user's day (UPLOAD_QUOTA_MB_PER_DAY).
  const quota = createUploadQuota({ repo: repos.storage, clock, bytesPerDay: config.uploadQuotaBytesPerDay });
  const storage = createStorageService({
    db,
    repo: repos.storage,
    clock,
    quota,
    dataDir: dialect.name === 'sqlite' ? config.dataDir : null,
  });
  const messages = createMessagesService({
    db,
    repo: repos.messages,
    accounts: repos.accounts,
    recipients: repos.recipients,
    blobs,
    audit,
    clock,
    scopeFor: accountScope,
    maxAttachmentBytes: config.bodyLimitBytes,
    quota,
    feedback: repos.feedback,
  });
  const sandbox = createSandboxService({ db, repo: repos.sandbox, blobs, clock, scopeFor: accountScope });
  const mimePool = createMimePool(config.renderThreads);
  const delivery = createDeliveryService({
    db,
    repo: repos.delivery,
    messages: repos.messages,
    accounts: repos.accounts,
    outbox: repos.outbox,
    events: repos.messageEvents,
    blobs,
    blobReader: handle.blobs,
    ...composing,
    audit,
    clock,
    scopeFor: accountScope,
    mime: mimePool,
  });
  const { inbox, inboxAnswers } = createInbox({ db, repos, blobs, secrets, audit, clock, scopeFor: accountScope });
  const receipts = createReceiptRenderer(config.renderThreads);
  const proof = createProofService({
    db,
    delivery,
    repo: repos.delivery,
    messages: repos.messages,
    feedback: repos.feedback,
    accounts: repos.accounts,
    users: repos.users,
    blobs,
    ...composing,
    audit,
    clock,
    receipts,
    sendOnce: options.sendOnce ?? ((settings, raw, envelope) => sendOnce(settings, raw, envelope, timeouts)),
  });
  const suppressions = createSuppressionsService({
    db,
    repo: repos.suppressions,
    recipients: repos.recipients,
    audit,
    clock,
    scopeFor: accountScope,
  });
  const repairs = createRepairsService({
    db,
    delivery,
    repeat: createRepeater({
      db,
      repo: repos.delivery,
      messages: repos.messages,
      outbox: repos.outbox,
      events: repos.messageEvents,
      blobs,
      ...composing,
      audit,
      clock,
    }),
    messages: repos.messages,
    accounts: repos.accounts,
    recipients: repos.recipients,
    links: repos.suppressions,
    suppressions,
    batches: repos.batches,
    assertRecipientInScope: recipients.assertInScope,
    audit,
    clock,
  });
  const renderPool = createRenderPool(config.renderThreads);
  const observability = createObservabilityParts({ db, dialect, clock, config, renderPool, repos }, options.logStream);
  const pdfReader = createPdfReader(config.pdfRead);
  const documents = createDocumentsService({
    db,
    repo: repos.documents,
    blobs,
    audit,
    clock,
    pool: renderPool,
    pdfReader,
    importLimitBytes: config.importLimitBytes,
    propertyScope: propertyScope,
    quota,
  });
  const templates = createTemplatesService({
    db,
    repo: repos.templates,
    accounts: repos.accounts,
    documents: repos.documents,
    audit,
    clock,
    scopeFor: accountScope,
    propertyScope: propertyScope,
  });
  const batches = createBatchesService({
    db,
    repo: repos.batches,
    runner: createBatchRunner({
      db,
      repo: repos.batches,
      documents: repos.documents,
      messages: repos.messages,
      audit,
      clock,
    }),
    positions: repos.positions,
    accounts: repos.accounts,
    templates,
    delivery,
    blobs,
    audit,
    clock,
    scopeFor: accountScope,
    positionScope: positionScope,
    maxAttachmentBytes: config.bodyLimitBytes,
    quota,
    pdfReader,
    onError: options.onBackgroundError,
  });
  const intakeParts = createIntakeParts({ config, db, clock, repos, audit, access, documents, batches }, options);
  const triage = createTriageService({
    db,
    repo: repos.triage,
    feedback: repos.feedback,
    blobs,
    audit,
    events: repos.messageEvents,
    clock,
    scopeFor: accountScope,
  });
  const stats = createStatsService({
    db,
    repo: repos.stats,
    accounts: repos.accounts,
    clock,
    scopeFor: accountScope,
    feedbackMail: triage,
    awaitingApproval: intakeParts.services.intake.awaitingApproval,
  });
  /** The background sender over this container's database (`listonosz worker`, or embedded in `start`). */
  const createSendingWorker = sendingWorkerFactory({
    db,
    repos,
    handle,
    secrets,
    clock,
    config,
    timeouts,
    observability,
  });

  const { webhooks, createWebhookDelivery } = createWebhookParts({
    db,
    repos,
    secrets,
    audit,
    clock,
    config,
    scopeFor: accountScope,
  });
  const { createFeedbackEventSink, createFeedbackReaders } = createFeedbackParts({
    db,
    clock,
    repos,
    secrets,
    audit,
    blobs,
    settingsOf: feedbackMailboxes.settingsOf,
    keepRotatedRefreshToken: feedbackMailboxes.keepRotatedRefreshToken,
    logLevel: config.logLevel,
    refreshMs: config.feedback.refreshMs,
    leaseMs: config.feedback.leaseMs,
    onFeedbackEvent: observability.metrics.feedbackEvent,
  });
  return {
    config,
    db,
    dialect,
    clock,
    secrets,
    repos,
    /** Whole blobs read outside transactions (the sender's frozen .eml files). */
    blobReader: handle.blobs,
    /** The PDF render threads (the benchmark reads how busy they were). */
    renderPool,
    /** This process's metrics, lifecycle and health checks (D74). */
    observability,
    services: {
      audit,
      auth,
      users,
      accounts,
      feedbackMailboxes,
      positions,
      properties,
      recipients,
      imports,
      messages,
      sandbox,
      inbox,
      inboxAnswers,
      blobs,
      delivery,
      proof,
      suppressions,
      repairs,
      documents,
      templates,
      batches,
      ...intakeParts.services,
      stats,
      triage,
      storage,
      apiKeys,
      idempotency,
      webhooks,
      ...createSettingsServices({ db, audit, clock, scopeFor: accountScope }),
      downloadLinks: composing.links,
      ...retentionParts.services,
      health: observability.health,
    },
    createSendingWorker,
    createDropFolderWatcher: intakeParts.createDropFolderWatcher,
    createFeedbackEventSink,
    createFeedbackReaders,
    createWebhookDelivery,
    createRetentionJob: retentionParts.createRetentionJob,
    /** Fails fast when the instance key is not the one this database's secrets were sealed with. */
    checkInstanceKey: () => checkInstanceKey(repos.instance, handle, secrets, clock),
    destroy: async () => {
      await intakeParts.services.intake.idle();
      await renderPool.close();
      await mimePool.close();
      await receipts.close();
      await passwordChecker.close();
      await pdfReader.close();
      await handle.destroy();
    },
  };
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
export type Services = Container['services'];
