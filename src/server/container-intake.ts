import type { Config } from './config.js';
import { newWorkerId } from './container-feedback.js';
import type { Db } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import type { Access } from './modules/auth/access.js';
import type { BatchesService } from './modules/batches/batches.service.js';
import type { DocumentsService } from './modules/documents/documents.service.js';
import { createDropWatcher } from './modules/intake/drop-folder.js';
import { createIntakeService } from './modules/intake/intake.service.js';
import { createIntakeSettings } from './modules/intake/intake-settings.js';
import type { Repositories } from './repositories.js';

/** The intake parts of the composition root (D61, D62): the one-call service, its settings, the drop watcher. */
export function createIntakeParts(
  deps: {
    config: Config;
    db: Db;
    clock: Clock;
    repos: Repositories;
    audit: AuditLog;
    access: Access;
    documents: DocumentsService;
    batches: BatchesService;
  },
  options: { onBackgroundError?: (err: unknown, context?: { batchId?: string }) => void } = {},
) {
  const { config, db, clock, repos, audit } = deps;
  const onError = options.onBackgroundError;
  const intake = createIntakeService({
    db,
    repo: repos.intake,
    positions: repos.positions,
    documents: deps.documents,
    batches: deps.batches,
    audit,
    clock,
    importLimitBytes: config.importLimitBytes,
    scopeFor: (actor) => deps.access.accountScope(actor),
    worksAt: deps.access.worksAt,
    onError,
  });
  const intakeSettings = createIntakeSettings({
    db,
    repo: repos.intake,
    positions: repos.positions,
    worksAt: deps.access.worksAt,
    audit,
    clock,
    dropRoot: config.drop.root,
  });
  /** The drop-folder watcher of a worker (`listonosz worker`, or embedded in `start`). */
  const createDropFolderWatcher = (workerOptions: { workerId?: string; onError?: (err: unknown) => void } = {}) =>
    createDropWatcher({
      db,
      repo: repos.intake,
      intake,
      clock,
      root: config.drop.root,
      pollMs: config.drop.pollMs,
      leaseMs: config.drop.leaseMs,
      workerId: workerOptions.workerId ?? newWorkerId(),
      importLimitBytes: config.importLimitBytes,
      onError: workerOptions.onError ?? onError,
    });
  return { services: { intake, intakeSettings }, createDropFolderWatcher };
}
