import type { Config } from './config.js';
import { newWorkerId } from './container-feedback.js';
import type { Db } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import type { SecretBox } from './lib/crypto.js';
import type { AccountScope } from './modules/accounts/accounts.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import type { Actor } from './modules/auth/auth.js';
import { createWebhookJob } from './modules/webhooks/webhook-job.js';
import { createWebhooksService } from './modules/webhooks/webhooks.service.js';
import type { Repositories } from './repositories.js';

/** The webhook parts of the composition root (D60): the service behind the routes and the worker's delivery job. */
export function createWebhookParts(deps: {
  db: Db;
  repos: Repositories;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  config: Config;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}) {
  const { db, repos, secrets, clock, config } = deps;
  const policy = { allowLoopback: config.webhooks.allowLoopback, allowPrivate: config.webhooks.allowPrivate };
  const webhooks = createWebhooksService({
    db,
    repo: repos.webhooks,
    positions: repos.positions,
    secrets,
    audit: deps.audit,
    clock,
    policy,
    scopeFor: deps.scopeFor,
  });
  /** The delivery job, started beside the sending worker (`listonosz worker`, or embedded in `start`). */
  const createWebhookDelivery = (o: { workerId?: string; onError?: (err: unknown) => void } = {}) =>
    createWebhookJob({
      db,
      repo: repos.webhooks,
      secrets,
      clock,
      policy,
      workerId: o.workerId ?? newWorkerId(),
      timeoutMs: config.webhooks.timeoutMs,
      onError: o.onError ?? ((err) => console.error('webhook delivery failed:', err)),
    });
  return { webhooks, createWebhookDelivery };
}
