import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type DbHandle } from '../src/server/db/create-db.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { createTestDb } from '../test/support/db.js';

/** The next IPC message of a child process; rejects if the child ends first (`what` names it in the error). */
export function nextMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const ended = (code: number | null) => reject(new Error(`${what} ended (${code})`));
    child.once('exit', ended);
    child.once('message', (m) => {
      child.off('exit', ended);
      resolve(m as T);
    });
  });
}

/** Figures for a list of timings in milliseconds. */
export function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { n: sorted.length, p50_ms: round(at(0.5)), p95_ms: round(at(0.95)), max_ms: round(sorted.at(-1) ?? 0) };
}

export function argValue(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const found = process.argv.find((a) => a.startsWith(prefix));
  if (found) return found.slice(prefix.length);
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

/** A fresh, migrated database for a benchmark: a SQLite file in a temp folder (removed on destroy unless kept), or a new PostgreSQL schema. */
export async function benchDb(dialect: 'sqlite' | 'postgres', opts: { keep?: boolean } = {}): Promise<DbHandle> {
  if (dialect === 'postgres') return createTestDb({ dialect: 'postgres' });
  const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-bench-'));
  const handle = createDb({ dialect: 'sqlite', path: path.join(dir, 'bench.db') });
  console.log(`SQLite file: ${path.join(dir, 'bench.db')}`);
  await migrateToLatest(handle.db, handle.dialect);
  return {
    ...handle,
    async destroy() {
      await handle.destroy();
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Deterministic pseudo-random numbers, so every run seeds the same data (the demo's generator). */
export { mulberry32 as seededRandom } from '../src/server/demo/random.js';

export function rssMb(): number {
  // memoryUsage.rss() reads only the RSS; memoryUsage() also walks the heap, too dear to sample every 10 ms.
  return Math.round(process.memoryUsage.rss() / 1048576);
}

/**
 * Every 10 s to stderr: the process's RSS (anonymous and file-backed, /proc/self/smaps_rollup) and the main thread's
 * V8 heap, with a count of the work done (`--memory-log`, D84).
 */
export function logMemory(done: () => number): void {
  const mb = (x: number) => Math.round(x / 1048576);
  setInterval(() => {
    const m = process.memoryUsage();
    const smaps = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const kb = (k: string) => Number(smaps.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
    console.error(
      `memory: t=${Math.round(performance.now() / 1000)} s, done ${done()}: RSS ${mb(m.rss)} MB ` +
        `(anonymous ${Math.round(kb('Anonymous') / 1024)}, files ${Math.round((kb('Rss') - kb('Anonymous')) / 1024)}), ` +
        `main heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB`,
    );
  }, 10_000).unref();
}
