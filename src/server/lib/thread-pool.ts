import { Piscina } from 'piscina';
import { sharedWorkers } from './workers.js';

type PoolOptions = Omit<NonNullable<ConstructorParameters<typeof Piscina>[0]>, 'filename'>;

export interface LazyThreadPool {
  /** The pool, started at the first call. */
  get(): Piscina;
  /** Ends its threads; a later get() starts a new pool. */
  close(): Promise<void>;
}

/** A Piscina pool of `entry` started at first use (threads cost memory and start-up time only when needed). */
export function lazyThreadPool(entry: URL, options: PoolOptions): LazyThreadPool {
  let pool: { value: Piscina; own: boolean } | null = null;
  return {
    get() {
      pool ??= sharedWorkers(`piscina ${JSON.stringify([entry.href, options])}`, () => {
        return new Piscina({ ...options, filename: entry.href });
      });
      return pool.value;
    },
    async close() {
      const closing = pool;
      pool = null;
      if (closing?.own) await closing.value.destroy();
    },
  };
}
