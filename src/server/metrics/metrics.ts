import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RenderPoolStats } from '../documents/pool.js';
import type { AttemptRecord, SendingObserver } from '../sending/ports.js';

/**
 * One process's Prometheus registry (D74): what this process does — sends and their latency, the worker's heartbeat,
 * the render threads, feedback events — and the process itself (memory, CPU, event loop; prom-client's defaults).
 * The web process adds the database-derived gauges (database-gauges.ts). Names start with `listonosz_` and carry their
 * unit; labels are bounded: account ids, outcomes, classes and kinds, never an address or a message id.
 */
export interface Metrics {
  readonly registry: Registry;
  /** The sending engine's observer port: counters and the latency histogram. */
  readonly sending: SendingObserver;
  /** One feedback event recorded (a bounce, a complaint, a reply…). */
  feedbackEvent(kind: string): void;
  /** Reads the render pool's figures at every scrape. */
  watchRenderPool(stats: () => RenderPoolStats): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; text: string }>;
}

/** Attempt latency buckets, in seconds: a local relay answers in milliseconds, a slow provider in tens of seconds. */
export const ATTEMPT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const attempts = new Counter({
    name: 'listonosz_send_attempts_total',
    help: 'SMTP attempts whose outcome was recorded, by account and outcome (sent, transient, account, recipient, message, unknown).',
    labelNames: ['account', 'outcome'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'listonosz_send_failures_total',
    help: 'Failed attempts by account, failure class (transient, account, recipient, message, none) and reason in one word.',
    labelNames: ['account', 'class', 'reason'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'listonosz_send_attempt_duration_seconds',
    help: 'Time from handing a message to an SMTP connection to its reply (or failure), by account.',
    labelNames: ['account'] as const,
    buckets: ATTEMPT_BUCKETS,
    registers: [registry],
  });
  /** Unix seconds of the last loop turn; null until a worker runs here (then the series is absent, not 0 — a web
   * process must not look like a worker stuck since 1970). */
  let lastBeat: number | null = null;
  new Gauge({
    name: 'listonosz_worker_heartbeat_timestamp_seconds',
    help: "Unix time of the worker loop's last turn in this process, by loop (sending); absent when none runs here.",
    labelNames: ['loop'] as const,
    registers: [registry],
    collect() {
      // A gauge without labels always shows a value: the label lets the series be absent.
      this.reset();
      if (lastBeat !== null) this.set({ loop: 'sending' }, lastBeat);
    },
  });
  const feedback = new Counter({
    name: 'listonosz_feedback_events_total',
    help: 'Messages read from the feedback mailboxes and acted on, by kind (hard_bounce, soft_bounce, complaint, reply…).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const pools: (() => RenderPoolStats)[] = [];
  const poolSum = (pick: (s: RenderPoolStats) => number) => pools.reduce((n, stats) => n + pick(stats()), 0);
  new Gauge({
    name: 'listonosz_render_pool_threads',
    help: 'PDF render threads in this process (0: rendering on the main thread).',
    registers: [registry],
    collect() {
      this.set(poolSum((s) => s.threads));
    },
  });
  new Gauge({
    name: 'listonosz_render_pool_busy_threads',
    help: 'Render threads working on a document now.',
    registers: [registry],
    collect() {
      this.set(poolSum((s) => s.busy));
    },
  });
  new Gauge({
    name: 'listonosz_render_pool_queue_length',
    help: 'Documents waiting for a free render thread.',
    registers: [registry],
    collect() {
      this.set(poolSum((s) => s.queued));
    },
  });
  new Counter({
    name: 'listonosz_render_pool_tasks_total',
    help: 'Documents rendered to PDF since the process started, by result (completed, failed).',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(
        { result: 'completed' },
        poolSum((s) => s.completed),
      );
      this.inc(
        { result: 'failed' },
        poolSum((s) => s.failed),
      );
    },
  });

  let defaults = false;
  const sending: SendingObserver = {
    attempts(records: AttemptRecord[]) {
      for (const r of records) {
        attempts.inc({ account: r.accountId, outcome: r.outcome });
        if (r.outcome !== 'sent') {
          failures.inc({ account: r.accountId, class: r.failureClass ?? 'none', reason: r.reason ?? 'other' });
        }
        if (r.seconds !== null) latency.observe({ account: r.accountId }, r.seconds);
      }
    },
    heartbeat(_workerId, at) {
      lastBeat = at.getTime() / 1000;
    },
  };

  return {
    registry,
    sending,
    feedbackEvent(kind) {
      feedback.inc({ kind });
    },
    watchRenderPool(stats) {
      pools.push(stats);
    },
    async scrape() {
      // The process figures (memory, CPU, event loop, GC) start with the first scrape: a process nobody scrapes (a
      // test, a one-off command) keeps no event-loop monitor running.
      if (!defaults) {
        defaults = true;
        collectDefaultMetrics({ register: registry, prefix: 'listonosz_' });
      }
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
