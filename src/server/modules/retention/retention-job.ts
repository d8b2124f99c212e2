import type { RetentionCounts } from '../../../shared/retention.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { RETENTION_JOB } from './retention.js';
import type { RetentionRepository } from './retention.repository.js';
import type { RetentionService } from './retention.service.js';

const HOUR = 3600_000;

/** The log line of one run: counts per category and the time it took (nothing personal). */
export function retentionLogLine(counts: RetentionCounts, ms: number): string {
  const parts = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
  return `retention: removed ${parts.join(' ')} in ${ms} ms`;
}

/**
 * The worker's daily retention job (D76). Every `checkMs` (an hour) it tries to take the job's lease; it gets it only
 * when no other worker holds it and the last run is older than `everyMs` (a day, less an hour of slack), so one
 * worker at a time runs it, about once a day, whichever workers are up. A worker that dies mid-run leaves a lease
 * that runs out; the next run removes what is left (every step is idempotent).
 */
export function createRetentionJob(deps: {
  db: Db;
  repo: RetentionRepository;
  service: RetentionService;
  clock: Clock;
  workerId: string;
  checkMs?: number;
  everyMs?: number;
  leaseMs?: number;
  log?: (line: string) => void;
  onError?: (err: unknown) => void;
}) {
  const { db, repo, clock } = deps;
  const checkMs = deps.checkMs ?? HOUR;
  const everyMs = deps.everyMs ?? 23 * HOUR;
  const leaseMs = deps.leaseMs ?? 2 * HOUR;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  /** One try: runs the job when it is due and free; the counts, or null when it was not this worker's turn. */
  async function tick(): Promise<RetentionCounts | null> {
    const now = clock.now();
    const taken = await repo.claim(db, {
      name: RETENTION_JOB,
      owner: deps.workerId,
      nowIso: now.toISOString(),
      leaseUntilIso: new Date(now.getTime() + leaseMs).toISOString(),
      dueBeforeIso: new Date(now.getTime() - everyMs).toISOString(),
    });
    if (!taken) return null;
    const started = Date.now();
    try {
      const { counts } = await deps.service.run();
      await repo.finish(db, {
        name: RETENTION_JOB,
        owner: deps.workerId,
        nowIso: clock.now().toISOString(),
        result: JSON.stringify(counts),
      });
      deps.log?.(retentionLogLine(counts, Date.now() - started));
      return counts;
    } catch (err) {
      await repo.release(db, RETENTION_JOB, deps.workerId);
      throw err;
    }
  }

  const fire = () => {
    if (running || stopped) return;
    running = tick()
      .catch((err: unknown) => deps.onError?.(err))
      .finally(() => {
        running = null;
      });
  };

  return {
    tick,
    start() {
      if (timer) return;
      stopped = false;
      // First look shortly after start-up, then every hour.
      timer = setInterval(fire, checkMs);
      timer.unref();
      setTimeout(fire, 5000).unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

export type RetentionJob = ReturnType<typeof createRetentionJob>;
