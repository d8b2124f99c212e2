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
  return spawnCli('worker', env);
}

/**
 * Starts a command of the real CLI (`worker`, `serve`, `demo`, `user add` …) as a separate process against the given
 * database.
 */
export function spawnCli(
  command: 'worker' | 'serve' | 'start' | 'demo' | 'user' | 'migrate',
  env: Record<string, string>,
  args: string[] = [],
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts'), command, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...FAST_WORKER_ENV, ...env, TEST_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${command} ${child.pid}] ${d}`));
  return child;
}

/** Everything the process printed on stdout and stderr so far (collected from the moment this is called). */
export function collectOutput(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return () => out;
}

/** Resolves with the exit code (or signal) and how long after the call the process ended. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode, ms: 0 });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
  });
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
