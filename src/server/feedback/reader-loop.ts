import { ImapFlow } from 'imapflow';
import type { Clock } from '../lib/clock.js';
import type { FeedbackClassifier, FeedbackSink, ReadableMailbox, ReaderStore } from './ports.js';
import { readFolder } from './reader.js';
import { describeReaderError } from './reader-errors.js';

/** The part of a pino logger the reader uses (Fastify's logger or the worker's own). */
export interface ReaderLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

const consoleLog: ReaderLog = {
  warn: (fields, message) => console.warn(message, fields),
  info: (fields, message) => console.info(message, fields),
};

export interface ReaderOptions {
  store: ReaderStore;
  classifier: FeedbackClassifier;
  sink: FeedbackSink;
  clock: Clock;
  /** This worker's id: the lease owner. */
  workerId: string;
  /** A full read this often even when IDLE says nothing (IDLE can stop silently); also IMAP `maxIdleTime`. */
  pollMs?: number;
  /** Messages per folder per cycle. */
  batch?: number;
  maxMessageBytes?: number;
  /** Bytes of message sources downloaded per folder per cycle (held in memory together). */
  batchBytes?: number;
  /** Backoff after a failed connection: doubling from min to max, ±20 % jitter. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** How often a worker without the lease tries to take it. */
  claimEveryMs?: number;
  /** IMAP connection and greeting timeout. */
  connectTimeoutMs?: number;
  /** Errors other than reading (claiming, renewing or giving back the lease). */
  onError?: (mailboxId: string, err: unknown) => void;
  /** Reading failures: the first of a series (warn) and the recovery (info), never every retry. */
  log?: ReaderLog;
  /** Test hook: every new client, as made. */
  onClient?: (client: ImapFlow) => void;
}

export interface MailboxReader {
  readonly mailboxId: string;
  /** Clients made so far (a new one after every disconnect or error). */
  readonly connections: number;
  /** Read cycles so far (every watched folder once). */
  readonly cycles: number;
  start(): void;
  /** Stops in bounded time: the connection is closed at once, the lease given back. */
  stop(): Promise<void>;
}

export const READER_DEFAULTS = {
  pollMs: 60_000,
  batch: 200,
  maxMessageBytes: 10 * 1024 * 1024,
  batchBytes: 16 * 1024 * 1024,
  backoffMinMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  claimEveryMs: 15_000,
  connectTimeoutMs: 15_000,
};

export function backoffMs(failures: number, minMs: number, maxMs: number, random = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

interface Wake {
  promise: Promise<void>;
  fire(): void;
}
function wakeable(): Wake {
  let fire = () => {};
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/**
 * The reader of one feedback mailbox (D47): while this worker holds the mailbox's lease it keeps one imapflow
 * client, reads every watched folder, then waits in IDLE on the first folder until new mail, the poll interval or
 * a stop. Any error or disconnect ends the client (a closed ImapFlow cannot be reused): after a backoff a new
 * client is made. The lease is renewed every third of its length; once lost, the client is closed.
 */
export function createMailboxReader(mailbox: ReadableMailbox, opts: ReaderOptions): MailboxReader {
  const o = { ...READER_DEFAULTS, ...opts };
  const { store, workerId } = o;
  const onError = opts.onError ?? ((id, err) => console.error(`feedback reader ${id}:`, err));
  const log = opts.log ?? consoleLog;
  const oauth = mailbox.auth === 'oauth2';
  const who = { mailboxId: mailbox.id, mailbox: mailbox.name ?? mailbox.id, worker: workerId };
  /** Failed sessions since the last full read (the backoff grows with them; the first is logged). */
  let failures = 0;
  let failingSince: Date | null = null;
  /** This session has read every folder at least once (a drop after that is not a failure, only a reconnect). */
  let sessionRead = false;
  let running = false;
  let connections = 0;
  let cycles = 0;
  let loopDone: Promise<void> = Promise.resolve();
  let client: ImapFlow | null = null;
  let wake = wakeable();
  const sleep = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([wake.promise, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  };

  async function makeClient(): Promise<ImapFlow> {
    const credentials = await mailbox.credentials();
    const auth =
      'accessToken' in credentials
        ? { user: mailbox.username, accessToken: credentials.accessToken }
        : { user: mailbox.username, pass: credentials.password };
    const made = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.security === 'tls',
      doSTARTTLS: mailbox.security === 'starttls' ? true : mailbox.security === 'none' ? false : undefined,
      tls: mailbox.tlsCa ? { ca: mailbox.tlsCa } : undefined,
      auth,
      logger: false,
      disableAutoIdle: true,
      maxIdleTime: o.pollMs,
      connectionTimeout: o.connectTimeoutMs,
      greetingTimeout: o.connectTimeoutMs,
    });
    connections++;
    o.onClient?.(made);
    return made;
  }

  /** A full read ended: the status says so, and a series of failures (if any) is over. */
  async function readOk() {
    await store.reportStatus(mailbox.id, workerId, null);
    sessionRead = true;
    if (failures > 0) {
      log.info(
        { ...who, failures, failingSince: failingSince?.toISOString() },
        'feedback mailbox: reading again after connection failures',
      );
    }
    failures = 0;
    failingSince = null;
  }

  async function readFailed(err: unknown) {
    const problem = describeReaderError(err, mailbox, oauth);
    failures++;
    if (failures === 1) {
      failingSince = o.clock.now();
      log.warn({ ...who, error: problem.message, detail: problem.detail }, 'feedback mailbox: cannot read it');
    }
    await store.reportStatus(mailbox.id, workerId, problem).catch((e: unknown) => onError(mailbox.id, e));
  }

  /** One connected session; returns normally on stop or a lost lease, throws on any connection failure. */
  async function session(c: ImapFlow) {
    let failure: unknown = null;
    let leaseLost = false;
    const broken = wakeable();
    c.on('error', (err: unknown) => {
      failure = err;
      broken.fire();
    });
    c.on('close', () => broken.fire());
    // New mail may be announced while a cycle runs (an untagged EXISTS on any command), not only in IDLE.
    const news = { arrived: false, wake: wakeable() };
    c.on('exists', () => {
      news.arrived = true;
      news.wake.fire();
    });
    const renewEvery = Math.max(50, Math.floor(store.leaseMs / 3));
    const renewal = setInterval(() => {
      store.renewLease(mailbox.id, workerId).then(
        (held) => {
          if (!held) {
            leaseLost = true;
            broken.fire();
            c.close();
          }
        },
        (err: unknown) => onError(mailbox.id, err),
      );
    }, renewEvery);
    try {
      await c.connect();
      const knownFolders = new Set<string>();
      const keepGoing = () => running && !leaseLost && c.usable;
      const ctx = { client: c, mailbox, owner: workerId, knownFolders, keepGoing, ...o };
      while (keepGoing()) {
        news.arrived = false;
        news.wake = wakeable();
        cycles++;
        let more = false;
        for (const folder of mailbox.folders) {
          if (!keepGoing()) break;
          more = (await readFolder(ctx, folder)).more || more;
        }
        if (more || !keepGoing()) continue;
        await readOk();
        if (!news.arrived) await waitForMail(c, [broken.promise, news.wake.promise]);
      }
      if (running && !leaseLost) throw failure ?? new Error('The IMAP connection closed.');
    } catch (err) {
      if (!running || leaseLost) return;
      throw err;
    } finally {
      clearInterval(renewal);
    }
  }

  /** IDLE on the first folder until new mail, the poll interval, an error or a stop. */
  async function waitForMail(c: ImapFlow, wakers: Promise<void>[]) {
    const first = mailbox.folders[0] ?? 'INBOX';
    if (c.mailbox === false || c.mailbox.path !== first) await c.mailboxOpen(first);
    let timer: NodeJS.Timeout | undefined;
    const poll = new Promise<void>((r) => (timer = setTimeout(r, o.pollMs)));
    const idling = c.idle();
    try {
      await Promise.race([poll, ...wakers, wake.promise, idling]);
    } finally {
      clearTimeout(timer);
    }
    // Any command ends IDLE; on a dead connection it fails and the session ends.
    if (c.usable) await c.noop().catch(() => {});
    await idling.catch(() => {});
  }

  async function loop() {
    while (running) {
      let held = false;
      try {
        held = await store.claimLease(mailbox.id, workerId);
      } catch (err) {
        onError(mailbox.id, err);
      }
      if (!held) {
        await sleep(o.claimEveryMs);
        continue;
      }
      sessionRead = false;
      let dropped = false;
      try {
        client = await makeClient();
        await session(client);
      } catch (err) {
        // A connection that worked and then dropped (servers end long IDLEs) is taken up again quietly.
        if (sessionRead) dropped = true;
        else await readFailed(err);
      } finally {
        client?.close();
        client = null;
      }
      if (running && failures > 0) await sleep(backoffMs(failures, o.backoffMinMs, o.backoffMaxMs));
      else if (running && dropped) await sleep(o.backoffMinMs);
    }
    await store.releaseLease(mailbox.id, workerId).catch((err: unknown) => onError(mailbox.id, err));
  }

  return {
    mailboxId: mailbox.id,
    get connections() {
      return connections;
    },
    get cycles() {
      return cycles;
    },
    start() {
      if (running) return;
      running = true;
      wake = wakeable();
      loopDone = loop();
    },
    async stop() {
      running = false;
      wake.fire();
      client?.close();
      await loopDone;
    },
  };
}
