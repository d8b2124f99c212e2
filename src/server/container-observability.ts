import { type DestinationStream, pino } from 'pino';
import type { Config } from './config.js';
import type { DialectSql } from './db/dialect.js';
import type { Db } from './db/schema.js';
import type { RenderPool } from './documents/pool.js';
import { createHealth } from './health.js';
import type { Clock } from './lib/clock.js';
import { createLifecycle } from './lifecycle.js';
import { registerDatabaseGauges } from './metrics/database-gauges.js';
import { createMetrics } from './metrics/metrics.js';
import { createSendingLog } from './metrics/sending-log.js';
import type { Repositories } from './repositories.js';
import type { SendingObserver } from './sending/ports.js';

/**
 * The observability parts of the composition root (D74): this process's metrics registry, its lifecycle (stopping
 * or not), the health checks, and what the sending engine's observer port is wired to — the counters and one JSON
 * log line per attempt that did not go out (ids only).
 */
export function createObservabilityParts(
  deps: {
    db: Db;
    dialect: DialectSql;
    clock: Clock;
    config: Config;
    renderPool: RenderPool;
    repos: Repositories;
  },
  logStream?: DestinationStream,
) {
  const { db, dialect, clock, config, renderPool } = deps;
  const metrics = createMetrics();
  metrics.watchRenderPool(() => renderPool.stats());
  const lifecycle = createLifecycle();
  const health = createHealth({ db, dialect, lifecycle, ping: () => deps.repos.instance.ping(db) });
  let databaseGauges = false;
  const log = pino({ level: config.logLevel, base: { component: 'sending-worker' } }, logStream);
  return {
    metrics,
    lifecycle,
    health,
    /** The web process's /metrics also tells what the database knows (the queue); added once. */
    withDatabaseGauges() {
      if (databaseGauges) return;
      databaseGauges = true;
      registerDatabaseGauges(metrics.registry, db, clock);
    },
    /** A worker's observer: the metrics, and its log lines (a child logger carrying the worker's id). */
    sendingObserver(workerId: string): SendingObserver {
      const lines = createSendingLog(log.child({ workerId }));
      return {
        attempts(records) {
          metrics.sending.attempts(records);
          lines.attempts(records);
        },
        heartbeat(id, at) {
          metrics.sending.heartbeat(id, at);
        },
      };
    },
    /** The worker's errors as JSON lines (they used to go to the console as text). */
    workerErrorLog(workerId: string) {
      const child = log.child({ workerId });
      return (err: unknown) => child.error({ err }, 'sending worker error');
    },
  };
}
