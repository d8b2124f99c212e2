import type { DialectSql } from './db/dialect.js';
import { createMessageEventLog } from './events/message-events.js';
import { createCorrelationRepository } from './feedback/correlation.repository.js';
import { createAccountsRepository } from './modules/accounts/accounts.repository.js';
import { createApiKeysRepository } from './modules/api-keys/api-keys.repository.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { createAuthRepository } from './modules/auth/auth.repository.js';
import { createBatchesRepository } from './modules/batches/batches.repository.js';
import { createBlobsRepository } from './modules/blobs/blobs.repository.js';
import { createDeliveryRepository } from './modules/delivery/delivery.repository.js';
import { createDocumentsRepository } from './modules/documents/documents.repository.js';
import { createDownloadLinksRepository } from './modules/download-links/download-links.repository.js';
import { createFeedbackRepository } from './modules/feedback/feedback.repository.js';
import { createFeedbackMailboxesRepository } from './modules/feedback-mailboxes/feedback-mailboxes.repository.js';
import { createIdempotencyRepository } from './modules/idempotency/idempotency.repository.js';
import { createImportsRepository } from './modules/imports/imports.repository.js';
import { createInboxRepository } from './modules/inbox/inbox.repository.js';
import { createInstanceRepository } from './modules/instance/instance.repository.js';
import { createIntakeRepository } from './modules/intake/intake.repository.js';
import { createMessagesRepository } from './modules/messages/messages.repository.js';
import { createPositionsRepository } from './modules/positions/positions.repository.js';
import { createPropertiesRepository } from './modules/properties/properties.repository.js';
import { createRecipientsRepository } from './modules/recipients/recipients.repository.js';
import { createSandboxRepository } from './modules/sandbox/sandbox.repository.js';
import { createStatsRepository } from './modules/stats/stats.repository.js';
import { createStorageRepository } from './modules/storage/storage.repository.js';
import { createSuppressionsRepository } from './modules/suppressions/suppressions.repository.js';
import { createTemplatesRepository } from './modules/templates/templates.repository.js';
import { createTriageRepository } from './modules/triage/triage.repository.js';
import { createUsersRepository } from './modules/users/users.repository.js';
import { createWebhooksRepository } from './modules/webhooks/webhooks.repository.js';
import { createOutboxRepository } from './sending/outbox.repository.js';

/** Every repository, built for one dialect (the SQL snapshot test uses the same list). */
export function createRepositories(dialect: DialectSql) {
  return {
    audit: createAuditRepository(dialect),
    auth: createAuthRepository(dialect),
    users: createUsersRepository(dialect),
    instance: createInstanceRepository(dialect),
    positions: createPositionsRepository(dialect),
    accounts: createAccountsRepository(dialect),
    feedbackMailboxes: createFeedbackMailboxesRepository(dialect),
    properties: createPropertiesRepository(dialect),
    recipients: createRecipientsRepository(dialect),
    imports: createImportsRepository(dialect),
    blobs: createBlobsRepository(dialect),
    storage: createStorageRepository(dialect),
    messages: createMessagesRepository(dialect),
    sandbox: createSandboxRepository(dialect),
    inbox: createInboxRepository(),
    delivery: createDeliveryRepository(dialect),
    outbox: createOutboxRepository(dialect),
    documents: createDocumentsRepository(dialect),
    templates: createTemplatesRepository(dialect),
    batches: createBatchesRepository(dialect),
    stats: createStatsRepository(dialect),
    suppressions: createSuppressionsRepository(),
    correlation: createCorrelationRepository(),
    feedback: createFeedbackRepository(),
    triage: createTriageRepository(),
    intake: createIntakeRepository(),
    apiKeys: createApiKeysRepository(dialect),
    idempotency: createIdempotencyRepository(dialect),
    messageEvents: createMessageEventLog(dialect),
    webhooks: createWebhooksRepository(dialect),
    downloadLinks: createDownloadLinksRepository(),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
