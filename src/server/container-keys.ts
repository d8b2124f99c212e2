import type { Db } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import { createApiKeysService } from './modules/api-keys/api-keys.service.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import { createIdempotencyService } from './modules/idempotency/idempotency.service.js';
import type { Repositories } from './repositories.js';

/** API keys and idempotent POSTs (D58). */
export function createKeyParts(deps: { db: Db; repos: Repositories; audit: AuditLog; clock: Clock }) {
  const { db, repos, audit, clock } = deps;
  return {
    apiKeys: createApiKeysService({ db, repo: repos.apiKeys, positions: repos.positions, audit, clock }),
    idempotency: createIdempotencyService({ db, repo: repos.idempotency, clock }),
  };
}
