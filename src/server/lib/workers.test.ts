import { describe, expect, it } from 'vitest';
import { freezeInput } from '../../../test/support/mime.js';
import { createMimePool } from '../mail/mime-pool.js';
import { lazyThreadPool } from './thread-pool.js';
import { receivedBytes, sharedWorkers, transferableBytes, workerEntry } from './workers.js';

describe('worker entries and the suite’s shared pools (D93)', () => {
  it('names the built .js, or from source the -source.mjs beside it', () => {
    expect(workerEntry('file:///app/dist/server/mail/mime-pool.js', './mime-worker.js').href).toBe(
      'file:///app/dist/server/mail/mime-worker.js',
    );
    expect(workerEntry('file:///app/src/server/mail/mime-pool.ts', './mime-worker.js').href).toBe(
      'file:///app/src/server/mail/mime-worker-source.mjs',
    );
  });

  it('hands a buffer of its own over as it is, and copies a view into shared memory first', () => {
    const own = Buffer.alloc(10_000, 7);
    expect(transferableBytes(own).buffer).toBe(own.buffer);
    const pooled = Buffer.from('zawiadomienie'); // small: a view into Node's shared pool
    expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
    const copy = transferableBytes(pooled);
    expect(copy.buffer).not.toBe(pooled.buffer);
    expect(copy.byteLength).toBe(copy.buffer.byteLength);
    expect(receivedBytes(copy).toString()).toBe('zawiadomienie');
  });

  // test/support/setup.ts shares workers for the whole suite.
  it('gives pools of one entry and options one Piscina in this process, which outlives their close()', async () => {
    const entry = workerEntry(new URL('../mail/mime-pool.ts', import.meta.url).href, './mime-worker.js');
    const a = lazyThreadPool(entry, { minThreads: 1, maxThreads: 1, idleTimeout: 60_000 });
    const b = lazyThreadPool(entry, { minThreads: 1, maxThreads: 1, idleTimeout: 60_000 });
    const other = lazyThreadPool(entry, { minThreads: 1, maxThreads: 2, idleTimeout: 60_000 });
    expect(a.get()).toBe(b.get());
    expect(other.get()).not.toBe(a.get());
    await a.close();

    // A container's pool closed by one file still freezes for the next.
    const first = createMimePool(1);
    const input = freezeInput({ subject: 'Zawiadomienie' });
    expect((await first.freeze(input)).raw.toString()).toContain('Subject: Zawiadomienie');
    const threadIds = () => a.get().threads.map((t) => t.threadId);
    const before = threadIds();
    await first.close();
    expect((await createMimePool(1).freeze(input)).raw.toString()).toContain('Subject: Zawiadomienie');
    expect(threadIds()).toEqual(before); // the same thread: nothing was started again
  });

  it('makes anything else once per key while sharing, and says the caller does not own it', () => {
    let made = 0;
    const one = sharedWorkers('workers.test', () => ({ n: ++made }));
    const two = sharedWorkers('workers.test', () => ({ n: ++made }));
    expect(two.value).toBe(one.value);
    expect([one.own, two.own, made]).toEqual([false, false, 1]);
  });
});
