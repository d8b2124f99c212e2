import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureWebBuild, RESULTS_DIR, ROOT } from './server.js';

/**
 * Once per `npm run test:e2e`: take this checkout's e2e lock, then build the web bundle if it is stale.
 *
 * The servers serve dist/web, and a rebuild while one runs swaps the hashed asset names under it (the browser then
 * gets index.html for a script). The lock queues concurrent e2e runs in the same checkout; it cannot stop a
 * `vite build` started by hand.
 */
const LOCK = path.join(tmpdir(), `listonosz-e2e-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = 0;
    try {
      owner = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    } catch {
      // Just created by someone else, pid not written yet.
    }
    if (owner && !alive(owner)) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`e2e: another run (pid ${owner}) holds ${LOCK}; gave up waiting`);
    if (!told) {
      console.log(`e2e: another e2e run (pid ${owner}) is using this checkout — waiting for it…`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function release() {
  try {
    if (Number(readFileSync(path.join(LOCK, 'pid'), 'utf8')) === process.pid) rmSync(LOCK, { recursive: true });
  } catch {
    // Not ours or already gone.
  }
}

export default async function setup() {
  await acquire(5 * 60_000);
  process.once('exit', release);
  // Screenshots from an earlier run (a failure's above all) would mislead.
  rmSync(path.join(RESULTS_DIR, 'screenshots'), { recursive: true, force: true });
  ensureWebBuild();
  return release;
}
