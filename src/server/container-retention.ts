import type { Db } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import { createErasureService } from './modules/retention/erasure.service.js';
import { createRetentionRepository } from './modules/retention/retention.repository.js';
import { createRetentionService } from './modules/retention/retention.service.js';
import { createRetentionJob } from './modules/retention/retention-job.js';
import { createRodoService } from './modules/rodo/rodo.service.js';

/** RODO: the e-mail footer (D66), retention and its daily job, and erasing a recipient (D76). */
export function createRetentionParts(deps: { db: Db; audit: AuditLog; clock: Clock }) {
  const { db, audit, clock } = deps;
  const repo = createRetentionRepository();
  const retention = createRetentionService({ db, repo, audit, clock });
  return {
    services: {
      rodo: createRodoService({ db, audit, clock }),
      retention,
      erasure: createErasureService({ db, audit, clock, policy: (tx) => retention.policy(tx) }),
    },
    createRetentionJob: (opts: { workerId: string; log?: (line: string) => void; onError?: (err: unknown) => void }) =>
      createRetentionJob({ db, repo, service: retention, clock, ...opts }),
  };
}
