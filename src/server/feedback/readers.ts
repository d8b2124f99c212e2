import type { Clock } from '../lib/clock.js';
import type { FeedbackClassifier, FeedbackSink, MailboxSource, ReaderStore } from './ports.js';
import { createMailboxReader, type MailboxReader, type ReaderOptions } from './reader-loop.js';

export interface FeedbackReadersOptions extends Omit<ReaderOptions, 'store' | 'classifier' | 'sink' | 'clock'> {
  source: MailboxSource;
  store: ReaderStore;
  classifier: FeedbackClassifier;
  sink: FeedbackSink;
  clock: Clock;
  /** How often the list of mailboxes is read again (new, changed and removed mailboxes). */
  refreshMs?: number;
}

export interface FeedbackReaders {
  start(): void;
  /** Stops every mailbox reader (each closes its connection at once and gives its lease back), within `graceMs`. */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** The mailbox ids this worker runs a reader for (each reads only while it holds the mailbox's lease). */
  readonly mailboxIds: string[];
}

/**
 * All feedback mailboxes in one worker (D47): a reader per mailbox from the source, started when a mailbox
 * appears, started again with a new client when its settings change (`version`), stopped when it goes away.
 * Every worker runs one for every mailbox; the lease lets only one of them read a mailbox at a time.
 */
export function createFeedbackReaders(opts: FeedbackReadersOptions): FeedbackReaders {
  const refreshMs = opts.refreshMs ?? 30_000;
  const onError = opts.onError ?? ((id, err) => console.error(`feedback reader ${id}:`, err));
  const running = new Map<string, { version: string; reader: MailboxReader }>();
  let timer: NodeJS.Timeout | null = null;
  let refreshing: Promise<void> = Promise.resolve();
  let started = false;

  async function refresh() {
    let mailboxes: Awaited<ReturnType<MailboxSource['list']>>;
    try {
      mailboxes = await opts.source.list();
    } catch (err) {
      onError('*', err);
      return;
    }
    if (!started) return;
    const wanted = new Map(mailboxes.map((m) => [m.id, m]));
    const stopping: Promise<void>[] = [];
    for (const [id, r] of running) {
      const next = wanted.get(id);
      if (!next || next.version !== r.version) {
        running.delete(id);
        stopping.push(r.reader.stop());
      }
    }
    await Promise.all(stopping);
    for (const mailbox of mailboxes) {
      if (running.has(mailbox.id) || !started) continue;
      const reader = createMailboxReader(mailbox, opts);
      running.set(mailbox.id, { version: mailbox.version, reader });
      reader.start();
    }
  }

  function schedule() {
    refreshing = refreshing.then(refresh);
    void refreshing.then(() => {
      if (started) timer = setTimeout(schedule, refreshMs);
    });
  }

  return {
    get mailboxIds() {
      return [...running.keys()].sort();
    },
    start() {
      if (started) return;
      started = true;
      schedule();
    },
    async stop(options = {}) {
      started = false;
      if (timer) clearTimeout(timer);
      const graceMs = options.graceMs ?? 5_000;
      let deadline: NodeJS.Timeout | undefined;
      const all = (async () => {
        await refreshing;
        await Promise.all([...running.values()].map((r) => r.reader.stop()));
        running.clear();
      })();
      await Promise.race([all, new Promise<void>((r) => (deadline = setTimeout(r, graceMs)))]);
      clearTimeout(deadline);
    },
  };
}
