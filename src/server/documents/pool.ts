import { availableParallelism } from 'node:os';
import { lazyThreadPool } from '../lib/thread-pool.js';
import { receivedBytes, workerEntry } from '../lib/workers.js';
import type { RenderJob } from './render.js';

export interface RenderPool {
  render(job: RenderJob): Promise<Buffer>;
  readonly threads: number;
  /** Time the render threads have spent rendering and not, summed over threads (ms; for the benchmark). */
  usage(): { active: number; idle: number };
  /** Now: documents being rendered and waiting for a thread; so far: renders finished and failed (for /metrics). */
  stats(): RenderPoolStats;
  close(): Promise<void>;
}

export interface RenderPoolStats {
  threads: number;
  busy: number;
  queued: number;
  completed: number;
  failed: number;
}

/**
 * Each render thread's young generation (V8's nursery: two semi-spaces and its large objects; 12 MB is 4 MB
 * semi-spaces). By default V8 lets it reach 48 MB per thread; a document's rendering leaves little that survives,
 * so a small nursery costs nothing measurable and keeps about 30 MB less per thread (D84).
 */
export const RENDER_THREAD_YOUNG_GENERATION_MB = 12;

/**
 * PDF rendering off the main thread: a pool of worker threads (one per core by default), so a large batch
 * uses every core while the main thread talks to the database. `threads: 0` renders on the calling thread.
 */
export function createRenderPool(threads = availableParallelism()): RenderPool {
  if (threads <= 0) {
    const counts = { busy: 0, completed: 0, failed: 0 };
    // Loaded on the first render, once: the PDF libraries stay out of a process that renders on threads (D94).
    let renderer: Promise<typeof import('./render.js')> | undefined;
    return {
      threads: 0,
      async render(job) {
        counts.busy++;
        try {
          renderer ??= import('./render.js');
          const { renderDocumentPdf } = await renderer;
          const pdf = await renderDocumentPdf(job);
          counts.completed++;
          return pdf;
        } catch (err) {
          counts.failed++;
          throw err;
        } finally {
          counts.busy--;
        }
      },
      usage: () => ({ active: 0, idle: 0 }),
      stats: () => ({ threads: 0, queued: 0, ...counts }),
      close: async () => {},
    };
  }
  const pool = lazyThreadPool(workerEntry(import.meta.url, './render-worker.js'), {
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxYoungGenerationSizeMb: RENDER_THREAD_YOUNG_GENERATION_MB },
  });
  // Thread time with a document to render (from handing it over until its PDF is back), for usage().
  const started = performance.now();
  let inFlight = 0;
  let busy = 0;
  let completed = 0;
  let failed = 0;
  let since = started;
  const account = () => {
    const now = performance.now();
    busy += Math.min(inFlight, threads) * (now - since);
    since = now;
  };
  return {
    threads,
    async render(job) {
      account();
      inFlight++;
      try {
        const out: Uint8Array = await pool.get().run(job);
        completed++;
        return receivedBytes(out);
      } catch (err) {
        failed++;
        throw err;
      } finally {
        account();
        inFlight--;
      }
    },
    usage() {
      account();
      const capacity = (performance.now() - started) * threads;
      return { active: busy, idle: capacity - busy };
    },
    stats() {
      return {
        threads,
        busy: Math.min(inFlight, threads),
        queued: Math.max(0, inFlight - threads),
        completed,
        failed,
      };
    },
    close: () => pool.close(),
  };
}
