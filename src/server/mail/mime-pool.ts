import { availableParallelism } from 'node:os';
import { sha256Hex } from '../lib/crypto.js';
import { lazyThreadPool } from '../lib/thread-pool.js';
import { receivedBytes, workerEntry } from '../lib/workers.js';
import { type FreezeInput, freezeMime } from './mime.js';

/** A frozen message's bytes and their SHA-256 (its blob key). */
export interface FrozenMime {
  raw: Buffer;
  sha256: string;
}

export interface MimePool {
  /** freezeMime and the SHA-256 of its bytes, on a worker thread (on the calling thread with `threads: 0`). */
  freeze(input: FreezeInput): Promise<FrozenMime>;
  readonly threads: number;
  close(): Promise<void>;
}

/**
 * Building frozen MIME off the main thread (D85): nodemailer's MIME build (base64 of the attachments, headers),
 * DKIM and the SHA-256 are about a millisecond of CPU for a 100 KB message, which on the main thread capped
 * queueing on PostgreSQL, where that thread also drives the database's protocol. The threads start at the first
 * message and stay while the pool is used (idle ones end after a minute). The bytes are those freezeMime builds
 * on the calling thread: the input goes by structured clone, the result's memory is handed back, not copied.
 */
export function createMimePool(threads = availableParallelism()): MimePool {
  if (threads <= 0) {
    return {
      threads: 0,
      async freeze(input) {
        const raw = await freezeMime(input);
        return { raw, sha256: sha256Hex(raw) };
      },
      close: async () => {},
    };
  }
  const pool = lazyThreadPool(workerEntry(import.meta.url, './mime-worker.js'), {
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    threads,
    async freeze(input) {
      const out: { raw: Uint8Array; sha256: string } = await pool.get().run(input);
      return { raw: receivedBytes(out.raw), sha256: out.sha256 };
    },
    close: () => pool.close(),
  };
}
