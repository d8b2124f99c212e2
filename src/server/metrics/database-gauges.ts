import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/schema.js';
import type { Clock } from '../lib/clock.js';

/** The outbox states a message waits or is sent in: the queue (the other mailboxes only grow and are not counted). */
const QUEUE_STATES = ['queued', 'sending', 'retry_wait', 'held'] as const;

/**
 * What only the database knows, read at each scrape of the web process (D74): the queue per account and state, how
 * late the oldest due message is, and each account's circuit. One grouped read over the outbox mailbox's index range
 * (small however many messages were ever sent) and one over the accounts. A database that does not answer makes
 * `listonosz_database_up` 0 rather than failing the whole scrape.
 */
export function registerDatabaseGauges(registry: Registry, db: Db, clock: Clock) {
  // Read once per scrape: prom-client calls every gauge's collect in the same turn, so they all wait for one read.
  let reading: Promise<boolean> | null = null;
  const fresh = () => {
    reading ??= read().then(
      () => true,
      () => {
        // No stale figures: a database that does not answer shows as listonosz_database_up 0 and nothing else.
        for (const g of [depth, lateness, circuit]) g.reset();
        return false;
      },
    );
    const current = reading;
    void current.finally(() => {
      if (reading === current) reading = null;
    });
    return current;
  };
  const settle = async () => {
    await fresh();
  };
  new Gauge({
    name: 'listonosz_database_up',
    help: 'Whether the last scrape could read the database (1) or not (0).',
    registers: [registry],
    async collect() {
      this.set((await fresh()) ? 1 : 0);
    },
  });
  const depth = new Gauge({
    name: 'listonosz_outbox_messages',
    help: 'Messages in the outbox by account and state (queued, sending, retry_wait, held).',
    labelNames: ['account', 'state'] as const,
    registers: [registry],
    collect: settle,
  });
  const lateness = new Gauge({
    name: 'listonosz_outbox_oldest_due_age_seconds',
    help: 'How long the oldest message due for sending (queued or retrying, its time come) has been waiting, by account.',
    labelNames: ['account'] as const,
    registers: [registry],
    collect: settle,
  });
  const circuit = new Gauge({
    name: 'listonosz_account_circuit_open',
    help: "1 when the account's sending is stopped by its circuit (open, half_open, paused), else 0; `name` is the account's name.",
    labelNames: ['account', 'name', 'state'] as const,
    registers: [registry],
    collect: settle,
  });

  async function read() {
    const now = clock.now();
    const [queue, accounts] = await Promise.all([
      db
        .selectFrom('messages')
        .select(['account_id', 'status'])
        .select((eb) => [
          eb.fn.countAll<number | string>().as('n'),
          eb.fn.min('next_attempt_at').filterWhere('next_attempt_at', '<=', now.toISOString()).as('oldest_due'),
        ])
        .where('mailbox', '=', 'outbox')
        .groupBy(['account_id', 'status'])
        .execute(),
      db.selectFrom('smtp_accounts').select(['id', 'name', 'circuit_state']).execute(),
    ]);
    depth.reset();
    lateness.reset();
    circuit.reset();
    for (const a of accounts) {
      for (const state of QUEUE_STATES) depth.set({ account: a.id, state }, 0);
      circuit.set({ account: a.id, name: a.name, state: a.circuit_state }, a.circuit_state === 'closed' ? 0 : 1);
    }
    const oldest = new Map<string, number>();
    for (const row of queue) {
      depth.set({ account: row.account_id, state: row.status }, Number(row.n));
      if ((row.status === 'queued' || row.status === 'retry_wait') && row.oldest_due) {
        const age = Math.max(0, (now.getTime() - new Date(row.oldest_due).getTime()) / 1000);
        oldest.set(row.account_id, Math.max(oldest.get(row.account_id) ?? 0, age));
      }
    }
    for (const a of accounts) lateness.set({ account: a.id }, oldest.get(a.id) ?? 0);
  }
}
