import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/server/db/schema.js';
import type { ReaderStore } from '../../src/server/feedback/ports.js';
import { createMailboxReader, type MailboxReader, type ReaderOptions } from '../../src/server/feedback/reader-loop.js';
import { createReaderStore } from '../../src/server/feedback/reader-store.js';
import { systemClock } from '../../src/server/lib/clock.js';
import { createTestDb, type TestDbHandle } from './db.js';
import { type Dovecot, startDovecot } from './dovecot.js';
import { type dovecotMailbox, headerClassifier, insertMailboxRow, recordingSink } from './feedback.js';

/**
 * The reader tests' world: a private Dovecot with `users` (all added before the first login — Dovecot may miss a
 * users-file change made within the same second), a test database, the reader store, and readers started with the
 * stand-in classifier (an X-Test-Kind header), no poll within a test and short backoffs; everything stopped after.
 */
export function readerWorld(users: string[], defaults: { backoffMaxMs: number } = { backoffMaxMs: 500 }) {
  let dovecot: Dovecot;
  let handle: TestDbHandle;
  let store: ReaderStore;
  const logins: Record<string, { user: string; password: string }> = {};
  const readers: MailboxReader[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
    for (const user of users) logins[user] = await dovecot.addUser(user);
    handle = await createTestDb();
    for (const user of users) await insertMailboxRow(handle.db, `mb-${user}`);
    store = createReaderStore({ db: handle.db, clock: systemClock, leaseMs: 3_000 });
  }, 30_000);

  afterAll(async () => {
    await Promise.all(readers.map((r) => r.stop()));
    await Promise.all(cleanups.map((c) => c()));
    await handle?.destroy();
    await dovecot?.stop();
  });

  return {
    get dovecot(): Dovecot {
      return dovecot;
    },
    get db(): Db {
      return handle.db;
    },
    get store(): ReaderStore {
      return store;
    },
    user(name: string) {
      const login = logins[name];
      if (!login) throw new Error(`No test user ${name}`);
      return login;
    },
    /** Runs `cleanup` after the readers stopped (e.g. closing a TCP proxy). */
    afterReaders(cleanup: () => Promise<void>) {
      cleanups.push(cleanup);
    },
    reader(mailbox: ReturnType<typeof dovecotMailbox>, options: Partial<ReaderOptions> & { workerId: string }) {
      const r = createMailboxReader(mailbox, {
        store,
        classifier: headerClassifier,
        sink: recordingSink(),
        clock: systemClock,
        // No poll within a test: only IDLE (or a new connection) can bring new mail in.
        pollMs: 60_000,
        backoffMinMs: 100,
        backoffMaxMs: defaults.backoffMaxMs,
        claimEveryMs: 200,
        onError: () => {},
        log: { warn: () => {}, info: () => {} },
        ...options,
      });
      readers.push(r);
      r.start();
      return r;
    },
  };
}
