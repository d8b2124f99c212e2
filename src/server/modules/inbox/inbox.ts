import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import type { Repositories } from '../../repositories.js';
import type { AccountScope } from '../accounts/accounts.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import { createInboxService } from './inbox.service.js';
import { createInboxAnswers } from './inbox-answer.js';

/** Odebrane's two services (D49): reading replies, and answering or forwarding them through the outbox. */
export function createInbox(deps: {
  db: Db;
  repos: Repositories;
  blobs: BlobStore;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}) {
  const { db, repos, blobs, secrets, audit, clock, scopeFor } = deps;
  const inbox = createInboxService({
    db,
    repo: repos.inbox,
    messages: repos.messages,
    blobs,
    clock,
    scopeFor,
    mailboxesOf: repos.triage.mailboxesOf,
  });
  const inboxAnswers = createInboxAnswers({
    db,
    inbox,
    messages: repos.messages,
    delivery: repos.delivery,
    accounts: repos.accounts,
    outbox: repos.outbox,
    blobs,
    secrets,
    audit,
    clock,
  });
  return { inbox, inboxAnswers };
}
