import { Worker } from 'node:worker_threads';
import type { StopSummary } from './sending/worker.js';

/**
 * Stopping on SIGINT/SIGTERM in bounded time. The stop runs once; past the deadline (or on a second signal) the
 * process exits with a line saying so, and what was left is resumed or reaped at the next start.
 */
export function onShutdown(stop: () => Promise<void>, deadlineMs: number) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting now without finishing the stop.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping (at most ${deadlineMs / 1000} s)…`);
    const late = lateLine(deadlineMs);
    setTimeout(() => {
      console.error(late);
      process.exit(1);
    }, deadlineMs);
    startWatchdog(deadlineMs + WATCHDOG_SLACK_MS, late);
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

const lateLine = (deadlineMs: number) =>
  `Not stopped within ${deadlineMs / 1000} s: exiting anyway (SHUTDOWN_TIMEOUT_SECONDS). ` +
  'Unfinished sends are retried and unfinished batches resumed at the next start.';

/** How long after the deadline the watchdog acts, should the main thread be unable to run its own timer. */
const WATCHDOG_SLACK_MS = 1000;

/**
 * A timer on its own thread: a synchronous call that blocks the main thread (SQLite waiting for a lock held by
 * another process) would keep the deadline's timer from firing. The thread writes the line and kills the process.
 */
function startWatchdog(afterMs: number, line: string) {
  const watchdog = new Worker(
    `const { workerData } = require('node:worker_threads');
     const { writeSync } = require('node:fs');
     setTimeout(() => {
       writeSync(2, workerData.line + ' (the main thread was blocked)\\n');
       process.kill(workerData.pid, 'SIGKILL');
     }, workerData.afterMs);`,
    { eval: true, workerData: { afterMs, line, pid: process.pid } },
  );
  watchdog.unref();
}

/** How long requests in progress and SMTP sends get to finish within a stop's deadline: 5 s, or a third of it. */
export const stopGraceMs = (deadlineMs: number) => Math.min(5000, Math.floor(deadlineMs / 3));

/** A stopped worker's account of the messages it held, for the log. */
export function stoppedWorkerLine(summary: StopSummary): string {
  return (
    `Sending stopped: ${summary.released} claimed message(s) back in the queue, ` +
    `${summary.cutOff} send(s) cut off (recorded as unknown, retried later with the same Message-ID).`
  );
}
