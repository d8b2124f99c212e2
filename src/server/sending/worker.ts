import type { Clock } from '../lib/clock.js';
import type { SendResult } from './outcome.js';
import {
  type AttemptReport,
  type ClaimedMessage,
  type MessageStore,
  NO_OBSERVER,
  type SendableAccount,
  type SendingObserver,
  type Transport,
} from './ports.js';

export interface WorkerOptions {
  store: MessageStore;
  transport: Transport;
  clock: Clock;
  workerId: string;
  /** How long to sleep when there is nothing to send. */
  pollMs?: number;
  /** How often to look for expired leases. */
  reapEveryMs?: number;
  /**
   * Claimed-but-unfinished messages per account connection: a local queue that keeps the pool busy while the next
   * claim is on its way (on PostgreSQL a claim is several round trips). Claims are made once half of it is free.
   */
  queuePerConnection?: number;
  /**
   * Outcomes are written together (group commit): whatever is waiting when the previous write ends, at most this
   * many in one transaction.
   */
  flushBatch?: number;
  /**
   * With no write under way, how long an outcome may wait for the other messages whose final dot went out (their
   * replies are on the way) to be written with it, in milliseconds (D90).
   */
  gatherMs?: number;
  /** How long a stop waits for sends in progress before it records them as cut off. */
  stopGraceMs?: number;
  onError?: (err: unknown) => void;
  /** Told of each turn of the loop (the worker's heartbeat, D74). */
  observer?: SendingObserver;
}

/** What a stop did with the messages the worker held. */
export interface StopSummary {
  /** Claimed but never given to an SMTP connection: back in the queue, lease released, attempt refunded. */
  released: number;
  /** Still being sent when the grace ran out: recorded as "unknown" (may have arrived), retried later. */
  cutOff: number;
}

export interface Worker {
  start(): void;
  /**
   * Graceful stop in bounded time: claim nothing new, give back what no connection started, give the sends in
   * progress `graceMs` (default `stopGraceMs`) to finish, write every outcome.
   */
  stop(options?: { graceMs?: number }): Promise<StopSummary>;
  readonly running: boolean;
}

/** The outcome recorded for a send cut off by a stop: no reply came, so it may or may not have been delivered. */
const CUT_OFF = {
  code: 'ESHUTDOWN',
  message: 'The worker stopped while sending; the message may have been delivered.',
};

const sleep = (ms: number, signal: { wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

/**
 * The background sender (the "Serwer Usług"): claims due messages account by account within their rate limits
 * and connection counts, sends each over the account's pool, and writes the outcomes. Nothing is held in memory
 * that a crash could lose: a claimed message has a lease, and an expired lease is reaped by any worker.
 */
export function createWorker(opts: WorkerOptions): Worker {
  const { store, transport, clock, workerId } = opts;
  const pollMs = opts.pollMs ?? 500;
  const reapEveryMs = opts.reapEveryMs ?? 5000;
  const queuePerConnection = opts.queuePerConnection ?? 8;
  const flushBatch = opts.flushBatch ?? 100;
  const gatherMs = opts.gatherMs ?? 2;
  const stopGraceMs = opts.stopGraceMs ?? 5000;
  const onError = opts.onError ?? ((err) => console.error('worker:', err));
  const observer = opts.observer ?? NO_OBSERVER;

  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  const inFlight = new Map<string, number>();
  /** Sends handed to the transport and not settled, by message id. */
  const sending = new Map<string, { job: Promise<void>; message: ClaimedMessage; startedAt: Date }>();
  /** Given back by a stopping transport before any connection took them: to be released. */
  const notStarted: ClaimedMessage[] = [];
  /** Sends a stop has already recorded as cut off: a late result is not reported again. */
  const cutOff = new Set<string>();
  let pending: AttemptReport[] = [];
  /** This worker's writes (outcomes, renewals, releases), one at a time, in order. */
  let flushing: Promise<void> = Promise.resolve();
  /** An outcome write is queued on `flushing`; it takes whatever is pending when it starts. */
  let writeQueued = false;
  /** Ends the wait of a write about to start, once its group is complete (D90). */
  let groupComplete: (() => void) | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  /**
   * Per account: `open`, the messages allowed to end their DATA (the server may have taken them) whose outcome is not
   * yet written — at most `maxConnections`, so a crash repeats at most one message per connection (D78); `waiters`,
   * the sends whose bytes are on their way and whose final dot waits for a place, oldest first.
   */
  const exposure = new Map<string, { max: number; open: Set<string>; waiters: { id: string; go: () => void }[] }>();
  const signal: { wake?: () => void } = {};
  let lastReap = 0;
  let lastRenew = 0;
  /** Messages claimed by this worker and not yet written back: their leases are renewed while we work. */
  const held = new Set<string>();
  const renewEveryMs = Math.max(50, Math.floor(store.leaseMs / 3));

  /**
   * Group commit: one outcome write at a time; the outcomes that arrive meanwhile go together in the next one, which
   * starts as soon as the previous ends and its group is complete (at most `gatherMs` later, D90). Sends wait for
   * these writes before their final dot (D78).
   */
  function flush(): Promise<void> {
    if (writeQueued || pending.length === 0) return flushing;
    writeQueued = true;
    flushing = flushing.then(async () => {
      await gathered();
      writeQueued = false;
      const batch = pending.splice(0, flushBatch);
      if (pending.length > 0) void flush();
      if (batch.length === 0) return;
      try {
        await store.complete(workerId, batch);
      } catch (err) {
        // Retried with the next write rather than lost; meanwhile no new message of these accounts is ended.
        onError(err);
        pending = [...batch, ...pending];
        if (!retryTimer) {
          retryTimer = setTimeout(() => {
            retryTimer = null;
            void flush();
          }, 100);
        }
        return;
      }
      for (const r of batch) {
        held.delete(r.message.id);
        unexposed(r.message.accountId, r.message.id);
      }
    });
    return flushing;
  }

  /** Every message allowed to end its DATA (D78) has its result waiting to be written: nothing more will join. */
  function groupIsComplete() {
    if (pending.length >= flushBatch) return true;
    const reported = new Set(pending.map((p) => p.message.id));
    for (const e of exposure.values()) for (const id of e.open) if (!reported.has(id)) return false;
    return true;
  }

  /**
   * A write about to start waits up to `gatherMs` for the replies of the other messages whose final dot went out, so
   * that they are written in the same transaction rather than one each (D90): on SQLite a write runs on this thread
   * and is over before the next reply is read, so without the wait every write held a single outcome; on PostgreSQL
   * the write that follows one under way would start with the few replies that came meanwhile.
   */
  function gathered(): Promise<void> {
    if (groupIsComplete()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, gatherMs);
      function done() {
        clearTimeout(timer);
        groupComplete = null;
        resolve();
      }
      groupComplete = done;
    });
  }

  function report(r: AttemptReport) {
    pending.push(r);
    if (groupComplete && groupIsComplete()) groupComplete();
    void flush();
  }

  function exposureOf(account: SendableAccount) {
    let e = exposure.get(account.id);
    if (!e) {
      e = { max: account.maxConnections, open: new Set(), waiters: [] };
      exposure.set(account.id, e);
    }
    e.max = account.maxConnections;
    return e;
  }

  /** Resolves when the message may end its DATA: fewer than `maxConnections` of the account's are exposed. */
  function mayEnd(account: SendableAccount, id: string): Promise<void> {
    const e = exposureOf(account);
    return new Promise((resolve) => {
      const go = () => {
        e.open.add(id);
        resolve();
      };
      if (e.open.size < e.max && e.waiters.length === 0) go();
      else e.waiters.push({ id, go });
    });
  }

  /** The message's outcome is written (or it never ended its DATA): the next waiting send may end its own. */
  function unexposed(accountId: string, id: string) {
    const e = exposure.get(accountId);
    if (!e) return;
    e.open.delete(id);
    dropWaiter(e, id);
    while (e.waiters.length > 0 && e.open.size < e.max) e.waiters.shift()?.go();
  }

  function dropWaiter(e: { waiters: { id: string }[] }, id: string) {
    const at = e.waiters.findIndex((w) => w.id === id);
    if (at >= 0) e.waiters.splice(at, 1);
  }

  function dispatch(account: SendableAccount, message: ClaimedMessage) {
    held.add(message.id);
    inFlight.set(account.id, (inFlight.get(account.id) ?? 0) + 1);
    const startedAt = clock.now();
    const done = (result: SendResult) => {
      if (!cutOff.has(message.id)) report({ message, startedAt, finishedAt: clock.now(), result });
    };
    const job = transport
      .send(account, message, () => mayEnd(account, message.id))
      .then((result) => {
        if ('notStarted' in result) {
          notStarted.push(message);
          unexposed(account.id, message.id);
        } else done(result);
      })
      .catch((err: unknown) => {
        onError(err);
        done({ ok: false, failure: { code: 'EINTERNAL', message: String(err) } });
      })
      .finally(() => {
        // A send that ended before its DATA did (refused, cut off) no longer waits for a turn.
        const e = exposure.get(account.id);
        if (e) dropWaiter(e, message.id);
        inFlight.set(account.id, (inFlight.get(account.id) ?? 1) - 1);
        sending.delete(message.id);
        signal.wake?.();
      });
    sending.set(message.id, { job, message, startedAt });
  }

  /** Waits up to `ms` for the sends in progress, renewing their leases meanwhile. */
  async function awaitSends(ms: number) {
    const until = Date.now() + ms;
    while (sending.size > 0 && Date.now() < until) {
      const jobs = [...sending.values()].map((s) => s.job);
      let timer: NodeJS.Timeout | undefined;
      const step = new Promise((r) => {
        timer = setTimeout(r, Math.min(renewEveryMs, until - Date.now()));
      });
      await Promise.race([Promise.allSettled(jobs), step]);
      clearTimeout(timer);
      if (sending.size > 0 && held.size > 0) {
        const ids = [...held].sort();
        flushing = flushing.then(() => store.renewLeases(workerId, ids).catch(onError));
      }
    }
  }

  /** Accounts are re-read at most this often; claims themselves never take held or stopped mail. */
  let accounts: SendableAccount[] = [];
  let accountsReadAt = 0;

  async function sendableAccounts(now: number) {
    if (now - accountsReadAt >= Math.min(pollMs, 1000)) {
      accounts = await store.sendableAccounts();
      accountsReadAt = now;
    }
    return accounts;
  }

  async function tick(): Promise<number> {
    const now = clock.now().getTime();
    observer.heartbeat(workerId, new Date(now));
    if (now - lastReap >= reapEveryMs) {
      lastReap = now;
      await store.reapExpiredLeases();
    }
    if (held.size > 0 && now - lastRenew >= renewEveryMs) {
      lastRenew = now;
      // In line with the outcome writes, so this worker's two kinds of update never hold rows against each other.
      const ids = [...held].sort();
      flushing = flushing.then(() => store.renewLeases(workerId, ids).catch(onError));
    }
    let claimed = 0;
    let waitMs = pollMs;
    for (const account of await sendableAccounts(now)) {
      if (!running) break;
      const busy = inFlight.get(account.id) ?? 0;
      const room = account.maxConnections * queuePerConnection - busy;
      // Claim in batches: only once half the local queue is free (or the account is idle). Fewer, larger claims
      // cost less per message (bench:send on PostgreSQL, 2 KB: 0.36 ms CPU per message instead of 0.6).
      if (room <= 0 || (busy > 0 && room < (queuePerConnection / 2) * account.maxConnections)) continue;
      const result = await store.claim(workerId, account, room);
      if (result.waitMs > 0) waitMs = Math.min(waitMs, result.waitMs);
      for (const message of result.messages) dispatch(account, message);
      claimed += result.messages.length;
    }
    if (claimed === 0) await sleep(sending.size > 0 ? Math.min(waitMs, 50) : waitMs, signal);
    return claimed;
  }

  async function loop() {
    let failures = 0;
    while (running) {
      try {
        await tick();
        failures = 0;
      } catch (err) {
        onError(err);
        // The database away (a restart, a failover): wait longer after each failed turn, up to 5 s, rather than
        // logging a failure every poll; the first turn that works resets it (D82).
        failures++;
        await sleep(Math.min(pollMs * 2 ** Math.min(failures - 1, 10), Math.max(pollMs, 5000)), signal);
      }
    }
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop(options = {}) {
      running = false;
      signal.wake?.();
      await loopDone;
      // Messages still waiting for a connection come back at once; sends in progress get the grace to finish.
      transport.stopTaking();
      await awaitSends(options.graceMs ?? stopGraceMs);
      // Still no reply: recorded as cut off now; the retry later carries the same Message-ID.
      const cut = [...sending.values()];
      for (const s of cut) {
        cutOff.add(s.message.id);
        report({
          message: s.message,
          startedAt: s.startedAt,
          finishedAt: clock.now(),
          result: { ok: false, ambiguous: true, failure: CUT_OFF },
        });
      }
      // Claimed but never started: back to the queue now rather than when the lease runs out. In line with the
      // outcome writes and renewals (one writer per worker: its statements never deadlock each other).
      const unsent = notStarted.splice(0);
      let released = 0;
      if (unsent.length > 0) {
        flushing = flushing.then(() =>
          store.release(workerId, unsent).then((n) => {
            released = n;
            for (const m of unsent) held.delete(m.id);
          }, onError),
        );
      }
      await flush();
      await flushing;
      await transport.close();
      return { released, cutOff: cut.length };
    },
  };
}
