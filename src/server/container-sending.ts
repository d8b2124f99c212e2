import type { Config } from './config.js';
import { newWorkerId } from './container-feedback.js';
import type { createObservabilityParts } from './container-observability.js';
import type { DbHandle } from './db/create-db.js';
import type { Db } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import type { SecretBox } from './lib/crypto.js';
import type { SmtpTimeouts } from './mail/smtp.js';
import type { Repositories } from './repositories.js';
import { createOutboxStore } from './sending/outbox-store.js';
import { createPooledTransport } from './sending/smtp-transport.js';
import { createWorker } from './sending/worker.js';

/**
 * Makes background senders over the container's database (`listonosz worker`, or embedded in `start`), each wired to
 * this process's metrics and a JSON log that carries its id (D74).
 */
export function sendingWorkerFactory(deps: {
  db: Db;
  repos: Repositories;
  handle: DbHandle;
  secrets: SecretBox;
  clock: Clock;
  config: Config;
  timeouts: SmtpTimeouts;
  observability: ReturnType<typeof createObservabilityParts>;
}) {
  const { db, repos, handle, secrets, clock, config, timeouts, observability } = deps;
  return (workerOptions: { workerId?: string; onError?: (err: unknown) => void } = {}) => {
    const workerId = workerOptions.workerId ?? newWorkerId();
    const observer = observability.sendingObserver(workerId);
    return createWorker({
      store: createOutboxStore({
        db,
        repo: repos.outbox,
        events: repos.messageEvents,
        blobs: handle.blobs,
        secrets,
        clock,
        policy: config.sending.retry,
        leaseMs: config.sending.leaseMs,
        dialect: handle.dialect.name,
        observer,
      }),
      transport: createPooledTransport(timeouts),
      clock,
      workerId,
      pollMs: config.sending.pollMs,
      reapEveryMs: config.sending.reapEveryMs,
      onError: workerOptions.onError ?? observability.workerErrorLog(workerId),
      observer,
    });
  };
}
