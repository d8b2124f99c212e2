/**
 * The small process that runs the PDF-reading processes (started once by read-pool.ts): starts them, hands each
 * a file at a time over IPC, kills one that runs out of time and tells the server why one stopped. It reads no
 * PDF itself. Starting a process from the server itself would stall it: a fork copies the page tables of the
 * whole (big) server and makes each of its later writes fault, so new readers are forked from here instead.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { workerEntry } from '../lib/workers.js';
import type { ReadAnswer, ReaderMessage, ReadJob } from './read-tasks.js';

export interface SupervisorOptions {
  processes: number;
  memoryMb: number;
}

/** From the server: a file to read and how long it may take. */
export interface SupervisedJob extends ReadJob {
  timeoutMs: number;
}

/** To the server: the answer, or why the process reading the file stopped. */
export type SupervisorMessage =
  | { id: number; answer: ReadAnswer }
  | { id: number; stopped: 'time' | 'memory' }
  | { id: number; error: string };

/** An idle reading process exits after this long: a clerk uploading files one after another reuses it. */
const IDLE_MS = 120_000;
/** Reading processes run at a lower CPU priority than the server (nice +10). */
const NICE = 10;

interface ReaderProcess {
  child: ChildProcess;
  ready: boolean;
  job: SupervisedJob | null;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  outOfTime: boolean;
  /** The end of what it wrote to stderr: V8 says "heap out of memory" there before it aborts. */
  stderr: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as SupervisorOptions;
const toServer = (message: SupervisorMessage) => process.send?.(message);
const entry = fileURLToPath(workerEntry(import.meta.url, './read-process.js'));
const queue: SupervisedJob[] = [];
const processes = new Set<ReaderProcess>();

function start(): ReaderProcess {
  const child = fork(entry, [], {
    // Not the server's own flags (a test runner's loaders): only the heap limit.
    execArgv: [`--max-old-space-size=${options.memoryMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const p: ReaderProcess = { child, ready: false, job: null, outOfTime: false, stderr: '' };
  try {
    if (child.pid) setPriority(child.pid, NICE);
  } catch {
    // Not allowed here (some containers): the process still has its own limits.
  }
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    p.stderr = (p.stderr + text).slice(-4096);
  });
  child.on('message', (message: ReaderMessage) => onMessage(p, message));
  child.on('exit', (code, signal) => onExit(p, code, signal));
  child.on('error', () => child.kill('SIGKILL'));
  processes.add(p);
  return p;
}

function dispatch() {
  for (const p of processes) {
    if (queue.length === 0) return;
    if (!p.ready || p.job) continue;
    const job = queue.shift()!;
    p.job = job;
    clearTimeout(p.idle);
    p.child.send({ id: job.id, task: job.task } satisfies ReadJob);
  }
  const starting = [...processes].filter((p) => !p.ready).length;
  for (let n = queue.length - starting; n > 0 && processes.size < options.processes; n--) start();
}

function finish(p: ReaderProcess, message: SupervisorMessage) {
  clearTimeout(p.timer);
  p.job = null;
  toServer(message);
}

function onMessage(p: ReaderProcess, message: ReaderMessage) {
  if ('ready' in message) {
    p.ready = true;
    dispatch();
    return;
  }
  const job = p.job;
  if (!job) return;
  if ('started' in message) {
    // The time limit counts from here: not the wait in the queue, nor the process starting.
    if (message.started === job.id)
      p.timer = setTimeout(() => {
        p.outOfTime = true;
        p.child.kill('SIGKILL');
      }, job.timeoutMs);
    return;
  }
  if (message.id !== job.id) return;
  if ('answer' in message) finish(p, { id: job.id, answer: message.answer });
  else finish(p, { id: job.id, error: message.error });
  p.idle = setTimeout(() => p.child.disconnect(), IDLE_MS);
  dispatch();
}

function onExit(p: ReaderProcess, code: number | null, signal: NodeJS.Signals | null) {
  processes.delete(p);
  clearTimeout(p.idle);
  const job = p.job;
  if (job) {
    if (p.outOfTime) finish(p, { id: job.id, stopped: 'time' });
    else if (signal === 'SIGABRT' || /heap out of memory|Allocation failed/i.test(p.stderr))
      finish(p, { id: job.id, stopped: 'memory' });
    else finish(p, { id: job.id, error: `the reading process stopped (${signal ?? code}): ${p.stderr.trim()}` });
  } else if (!p.ready) {
    // It could not even start: tell everyone waiting rather than start it again and again.
    const error = `the reading process did not start (${signal ?? code}): ${p.stderr.trim()}`;
    for (const waiting of queue.splice(0)) toServer({ id: waiting.id, error });
  }
  dispatch();
}

process.on('message', (job: SupervisedJob) => {
  queue.push(job);
  dispatch();
});
// The server is gone, or let this process go: the readers go with it.
process.on('disconnect', () => {
  for (const p of processes) p.child.kill('SIGKILL');
  process.exit(0);
});
