import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import { systemClock } from '../lib/clock.js';
import type { MessageStore } from './ports.js';
import { createPooledTransport } from './smtp-transport.js';
import { createWorker, type Worker } from './worker.js';

let h: Harness;
let worker: Worker | null = null;
afterEach(async () => {
  await worker?.stop({ graceMs: 0 });
  worker = null;
  await h?.close();
});

/** A worker over the harness's database whose store notes each outcome write: its size and when it ended. */
function countingWorker() {
  const store = h.store();

  const writes: { ids: string[]; at: number }[] = [];
  const counting: MessageStore = {
    ...store,
    async complete(workerId, reports) {
      await store.complete(workerId, reports);
      writes.push({ ids: reports.map((r) => r.message.id), at: Date.now() });
    },
  };
  worker = createWorker({
    store: counting,
    transport: createPooledTransport({ connectionMs: 2000, greetingMs: 2000, socketMs: 10_000 }),
    clock: systemClock,
    workerId: 'group',
    pollMs: 20,
  });
  return { worker, writes };
}

describe('group commit of outcomes (D90)', () => {
  it('writes the outcomes of a pool of connections together, not one transaction per message', async () => {
    h = await createHarness({}, { maxConnections: 8 });
    await h.queueMany(400);
    const { worker, writes } = countingWorker();
    worker.start();
    await h.settle(60_000);
    expect(h.sink.received).toHaveLength(400);
    const written = writes.reduce((n, w) => n + w.ids.length, 0);
    expect(written).toBe(400);
    // Each write used to take a single outcome on SQLite (the write runs on the worker's thread and ends before the
    // next reply is read): 400 transactions. Now the replies of the connections whose dot went out are waited for.
    const perWrite = written / writes.length;
    console.log(`group commit: ${writes.length} writes for ${written} outcomes (${perWrite.toFixed(1)} each)`);
    expect(perWrite).toBeGreaterThanOrEqual(3);
  }, 90_000);

  it('does not hold the others back for a relay slow to confirm one message', async () => {
    h = await createHarness(
      { script: (rcpt) => (rcpt === 'wolny@example.pl' ? { kind: 'accept', replyAfterMs: 3000 } : { kind: 'accept' }) },
      { maxConnections: 4 },
    );
    const ids = await h.queue(['wolny@example.pl', 'a@example.pl', 'b@example.pl', 'c@example.pl']);
    const { worker, writes } = countingWorker();
    const started = Date.now();
    worker.start();
    await h.settle(20_000);
    const slow = writes.find((w) => w.ids.includes(ids[0] as string));
    const others = writes.filter((w) => w !== slow);
    expect(others.flatMap((w) => w.ids).sort()).toEqual(ids.slice(1).sort());
    // The three quick ones are written long before the slow reply comes (their wait is bounded by gatherMs), not
    // with it: the slow one's write comes 3 s after its dot, theirs within milliseconds of their replies.
    expect((slow?.at ?? 0) - started).toBeGreaterThanOrEqual(3000);
    expect((slow?.at ?? 0) - Math.max(...others.map((w) => w.at))).toBeGreaterThan(1500);
  }, 30_000);
});
