import type { DestinationStream } from 'pino';
import { systemClock } from '../../src/server/lib/clock.js';
import { newId } from '../../src/server/lib/ids.js';
import { type Actor, systemActor } from '../../src/server/modules/auth/auth.js';
import { messageIdHeader, messageSearchFields } from '../../src/server/modules/messages/messages.js';
import { createOutboxStore, type OutboxStoreDeps } from '../../src/server/sending/outbox-store.js';
import type { MessageStore } from '../../src/server/sending/ports.js';
import type { RetryPolicy } from '../../src/server/sending/retry-policy.js';
import { createPooledTransport } from '../../src/server/sending/smtp-transport.js';
import { createWorker, type Worker } from '../../src/server/sending/worker.js';
import type { AccountCreate } from '../../src/shared/accounts.js';
import { loopbackAccount } from './accounts.js';
import { createTestApp, type TestApp } from './app.js';
import { type Sink, type SinkOptions, startSink } from './smtp-sink.js';

/** Retries in milliseconds instead of minutes, so a test sees a whole retry series. */
export const FAST_RETRY: RetryPolicy = {
  delaysMs: [30, 60, 90, 120, 150],
  jitter: 0,
  maxAttempts: 4,
  lifetimeMs: 60_000,
};

export interface Harness {
  t: TestApp;
  sink: Sink;
  accountId: string;
  /** The admin who acts in a test (updates the account, holds, cancels): tests in sending/ need no import from modules/. */
  admin: Actor;
  /** Creates drafts (one per address) and queues them; returns the message ids in order. */
  queue(addresses: string[], subject?: string): Promise<string[]>;
  /** Many drafts at once, written straight to the tables (the sender is under test, not the draft API), then queued. */
  queueMany(count: number, prefix?: string): Promise<string[]>;
  /** The message store a worker uses, over this harness's database (production wiring, test retry policy). */
  store(options?: Partial<Pick<OutboxStoreDeps, 'leaseMs' | 'policy' | 'clock' | 'dialect' | 'random'>>): MessageStore;
  worker(options?: { leaseMs?: number; socketMs?: number; policy?: RetryPolicy; workerId?: string }): Worker;
  /** Waits until no message waits or is being sent (or the timeout passes) and returns the statuses. */
  settle(timeoutMs?: number): Promise<void>;
  message(id: string): Promise<{
    status: string;
    attempts: number;
    held_reason: string | null;
    error_hint: string | null;
    eml_sha256: string | null;
  }>;
  attempts(id: string): Promise<{ outcome: string; smtp_code: number | null; enhanced_status: string | null }[]>;
  close(): Promise<void>;
}

export async function createHarness(
  sinkOptions: SinkOptions = {},
  account: Partial<AccountCreate> = {},
  options: {
    fileDb?: boolean;
    env?: Record<string, string>;
    logStream?: DestinationStream;
    postgresUrl?: string;
    sqliteDir?: string;
  } = {},
): Promise<Harness> {
  const t = await createTestApp({
    realClock: true,
    fileDb: options.fileDb,
    postgresUrl: options.postgresUrl,
    sqliteDir: options.sqliteDir,
    env: options.env,
    logStream: options.logStream,
  });
  const sink = await startSink(sinkOptions);
  const { services, db } = t.container;
  const created = await services.accounts.create(
    systemActor('test'),
    loopbackAccount({
      port: sink.port,
      username: sinkOptions.auth?.user ?? null,
      password: sinkOptions.auth?.pass ?? null,
      ...account,
    }),
  );
  const workers: Worker[] = [];
  const store: Harness['store'] = (options = {}) =>
    createOutboxStore({
      db,
      dialect: t.container.dialect.name,
      repo: t.container.repos.outbox,
      events: t.container.repos.messageEvents,
      blobs: t.container.blobReader,
      secrets: t.container.secrets,
      clock: systemClock,
      policy: FAST_RETRY,
      leaseMs: 30_000,
      ...options,
    });

  return {
    t,
    sink,
    accountId: created.id,
    admin: systemActor('test'),
    async queue(addresses, subject = 'Zawiadomienie o wysokości opłat') {
      const ids: string[] = [];
      for (const [i, address] of addresses.entries()) {
        const draft = await services.messages.createDraft(systemActor('test'), {
          accountId: created.id,
          recipientId: null,
          toName: `Adresat ${i}`,
          toAddress: address,
          subject: `${subject} ${i}`,
          html: '',
          text: 'Szanowni Państwo, w załączeniu zawiadomienie.',
          documentType: null,
        });
        ids.push(draft.id);
      }
      await services.delivery.queue(systemActor('test'), { selection: { ids }, dryRun: false, sendAt: null });
      return ids;
    },
    async queueMany(count, prefix = 'm') {
      const now = new Date().toISOString();
      const rows = Array.from({ length: count }, (_, i) => {
        const id = newId();
        const toAddress = `${prefix}${i}@example.pl`;
        const subject = `Zawiadomienie ${i}`;
        return {
          id,
          account_id: created.id,
          recipient_id: null,
          to_name: `Adresat ${i}`,
          to_address: toAddress,
          subject,
          status: 'draft' as const,
          mailbox: 'drafts' as const,
          message_id_header: messageIdHeader(id, created.fromAddress),
          document_type: null,
          send_at: null,
          queued_at: null,
          sent_at: null,
          last_error: null,
          ...messageSearchFields({ subject, toName: `Adresat ${i}`, toAddress }),
          created_by: null,
          created_at: now,
          updated_at: now,
        };
      });
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('messages').values(chunk).execute();
          await tx
            .insertInto('message_bodies')
            .values(chunk.map((r) => ({ message_id: r.id, html: '', text: `Treść wiadomości ${r.subject}.` })))
            .execute();
        });
      }
      const ids = rows.map((r) => r.id);
      await services.delivery.queue(systemActor('test'), { selection: { ids }, dryRun: false, sendAt: null });
      return ids;
    },
    store,
    worker(options = {}) {
      const worker = createWorker({
        store: store({ policy: options.policy ?? FAST_RETRY, leaseMs: options.leaseMs ?? 30_000 }),
        transport: createPooledTransport({ connectionMs: 2000, greetingMs: 2000, socketMs: options.socketMs ?? 5000 }),
        clock: systemClock,
        workerId: options.workerId ?? `test-${workers.length}`,
        pollMs: 20,
        reapEveryMs: 100,
        onError: (err) => console.error('worker error', err),
      });
      workers.push(worker);
      return worker;
    },
    async settle(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if ((await t.container.repos.outbox.countUnfinished(db)) === 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('messages did not settle in time');
    },
    message(id) {
      return db
        .selectFrom('messages')
        .select(['status', 'attempts', 'held_reason', 'error_hint', 'eml_sha256'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    },
    attempts(id) {
      return db
        .selectFrom('message_attempts')
        .select(['outcome', 'smtp_code', 'enhanced_status'])
        .where('message_id', '=', id)
        .orderBy('started_at')
        .orderBy('attempt_no')
        .execute();
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await sink.close();
      await t.close();
    },
  };
}
