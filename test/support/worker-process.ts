import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Environment for a worker process that retries and reaps in fractions of a second. */
export const FAST_WORKER_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  CAPTURE_SMTP: 'off',
  SEND_RETRY_SCHEDULE: '100ms,200ms,300ms,400ms,500ms',
  SEND_MAX_ATTEMPTS: '10',
  WORKER_LEASE_SECONDS: '2',
  WORKER_POLL_MS: '20',
  WORKER_REAP_SECONDS: '0.3',
  SMTP_TIMEOUT_SECONDS: '5',
};

/** Starts `listonosz worker` (the real CLI) as a separate process against the given database. */
export function spawnWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts'), 'worker'], {
    cwd: ROOT,
    env: { ...process.env, ...FAST_WORKER_ENV, ...env, TEST_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker ${child.pid}] ${d}`));
  return child;
}

/** Resolves once the worker printed that it runs. */
export function whenRunning(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      if (d.toString().includes('worker running')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

export function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
