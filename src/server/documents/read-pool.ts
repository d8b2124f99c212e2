/**
 * Reading PDFs outside the server process, with limits: every check, printout split and paper-pack merge runs
 * in one of a few child processes (read-process.ts), one file at a time each. Not worker threads: V8 aborts the
 * whole process when a thread's heap limit is hit by one array growing (nodejs/node#47224), which is exactly how
 * pdf.js reads a long string. A file that takes too long has its process killed, one that needs too much memory
 * is stopped by the process's heap limit or by the memory guard; either way the clerk gets a ValidationError
 * naming the limit, and the server goes on answering.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../lib/errors.js';
import type { KeyPatterns } from './printout/keys.js';
import type { MergeInput } from './printout/merge.js';
import type { SplitResult } from './printout/split.js';
import type { ReadAnswer, ReaderMessage, ReadJob, ReadLimit, ReadLimits, ReadTask, ReadValues } from './read-tasks.js';

export interface PdfReadOptions {
  /** Files read at once (one process each); more wait in the queue. */
  processes: number;
  /** Time one file may take, counted from when a process starts on it. */
  timeoutMs: number;
  /** Memory per process, in MB: the JS heap limit, and as much again for decoded streams. */
  memoryMb: number;
  /** Most pages in one file. */
  maxPages: number;
}

export interface PdfReader {
  /** Reads the whole file (every page's text, its structure); refuses anything that is not a readable PDF. */
  check(pdf: Uint8Array, maxBytes: number): Promise<{ pages: number }>;
  /** `check` for many files: each one's refusal, or null when it is a readable PDF. */
  checkAll(pdfs: Uint8Array[], maxBytes: number): Promise<(ValidationError | null)[]>;
  /** Splits a printout by the keys found on its pages (see splitPrintout). */
  split(pdf: Uint8Array, keys: KeyPatterns[], maxBytes: number): Promise<SplitResult>;
  /** One PDF of the sources' pages in order (the paper pack); the time limit grows with the number of parts. */
  merge(input: MergeInput): Promise<Buffer>;
  close(): Promise<void>;
}

const ADVICE =
  'Zapisz go ponownie jako zwykły PDF (np. „Drukuj do PDF”) albo podziel na mniejsze pliki i wgraj jeszcze raz.';

export function tooComplex(limit: ReadLimit | 'time', options: Pick<PdfReadOptions, 'timeoutMs' | 'memoryMb'>) {
  const seconds = String(Math.round(options.timeoutMs / 100) / 10).replace('.', ',');
  const why = {
    time: `jego odczytanie trwało dłużej niż ${seconds} s (limit czasu na jeden plik)`,
    memory: `jego odczytanie wymaga więcej niż ${options.memoryMb} MB pamięci (limit pamięci na jeden plik)`,
    depth: 'ma zbyt głęboko zagnieżdżone elementy',
  }[limit];
  return new ValidationError(`Plik PDF jest zbyt złożony — ${why}. ${ADVICE}`, [
    { path: 'file', message: 'Zbyt złożony PDF.' },
  ]);
}

/** Parts of a paper pack merged within one file's time limit (a part takes milliseconds: see docs/decisions.md). */
const MERGE_PARTS_PER_TIMEOUT = 500;
/** An idle reading process exits after this long (a new one starts in about a second). */
const IDLE_MS = 30_000;
/** Reading processes run at a lower CPU priority than the server (nice +10 on Linux). */
const NICE = 10;

interface Pending {
  job: ReadJob;
  timeoutMs: number;
  resolve(answer: ReadAnswer): void;
  reject(error: unknown): void;
}

interface ReaderProcess {
  child: ChildProcess;
  ready: boolean;
  pending: Pending | null;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  outOfTime: boolean;
  /** The end of what it wrote to stderr: V8 says "heap out of memory" there before it aborts. */
  stderr: string;
}

export function createPdfReader(options: PdfReadOptions): PdfReader {
  const self = fileURLToPath(import.meta.url);
  // From source (tsx, vitest) the entry is TypeScript, loaded through a small .mjs that uses tsx's API.
  const entry = fileURLToPath(
    new URL(self.endsWith('.ts') ? './read-process-source.mjs' : './read-process.js', import.meta.url),
  );
  const memoryBytes = options.memoryMb * 1024 * 1024;
  const queue: Pending[] = [];
  const processes = new Set<ReaderProcess>();
  let nextId = 1;
  let closed = false;

  /** While a file is read the child keeps this process alive; an idle one does not hold a CLI command open. */
  const hold = (p: ReaderProcess, busy: boolean) => {
    const channel = p.child.channel as { ref(): void; unref(): void } | undefined;
    if (busy) {
      p.child.ref();
      channel?.ref();
    } else {
      p.child.unref();
      channel?.unref();
    }
  };

  function start(): ReaderProcess {
    const child = fork(entry, [], {
      // Not the server's own flags (a test runner's loaders): only the heap limit.
      execArgv: [`--max-old-space-size=${options.memoryMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const p: ReaderProcess = { child, ready: false, pending: null, outOfTime: false, stderr: '' };
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
    hold(p, true);
    return p;
  }

  function dispatch() {
    if (closed) return;
    for (const p of processes) {
      if (queue.length === 0) return;
      if (!p.ready || p.pending) continue;
      const next = queue.shift()!;
      p.pending = next;
      clearTimeout(p.idle);
      hold(p, true);
      p.child.send(next.job);
    }
    const starting = [...processes].filter((p) => !p.ready).length;
    for (let n = queue.length - starting; n > 0 && processes.size < options.processes; n--) start();
  }

  function onMessage(p: ReaderProcess, message: ReaderMessage) {
    if ('ready' in message) {
      p.ready = true;
      hold(p, false);
      dispatch();
      return;
    }
    const pending = p.pending;
    if (!pending) return;
    if ('started' in message) {
      if (message.started !== pending.job.id) return;
      p.timer = setTimeout(() => {
        p.outOfTime = true;
        p.child.kill('SIGKILL');
      }, pending.timeoutMs);
      return;
    }
    if (message.id !== pending.job.id) return;
    clearTimeout(p.timer);
    p.pending = null;
    if ('answer' in message) pending.resolve(message.answer);
    else pending.reject(new Error(`Reading a PDF failed: ${message.error}`));
    hold(p, false);
    p.idle = setTimeout(() => p.child.disconnect(), IDLE_MS);
    p.idle.unref();
    dispatch();
  }

  function onExit(p: ReaderProcess, code: number | null, signal: NodeJS.Signals | null) {
    processes.delete(p);
    clearTimeout(p.timer);
    clearTimeout(p.idle);
    const pending = p.pending;
    if (pending) {
      if (p.outOfTime) pending.reject(tooComplex('time', { ...options, timeoutMs: pending.timeoutMs }));
      else if (signal === 'SIGABRT' || /heap out of memory|Allocation failed/i.test(p.stderr))
        pending.reject(tooComplex('memory', options));
      else pending.reject(new Error(`The PDF reading process stopped (${signal ?? code}): ${p.stderr.trim()}`));
    } else if (!p.ready) {
      // It could not even start: tell everyone waiting rather than start it again and again.
      const error = new Error(`The PDF reading process did not start (${signal ?? code}): ${p.stderr.trim()}`);
      for (const waiting of queue.splice(0)) waiting.reject(error);
    }
    dispatch();
  }

  async function run<K extends ReadTask['kind']>(
    task: Extract<ReadTask, { kind: K }>,
    timeoutMs = options.timeoutMs,
  ): Promise<ReadValues[K]> {
    if (closed) throw new Error('The PDF reader is closed.');
    const answer = await new Promise<ReadAnswer>((resolve, reject) => {
      queue.push({ job: { id: nextId++, task }, timeoutMs, resolve, reject });
      dispatch();
    });
    if (answer.ok) return answer.value as ReadValues[K];
    if ('refusal' in answer) throw new ValidationError(answer.refusal.message, answer.refusal.fields);
    throw tooComplex(answer.limit, options);
  }

  const limits = (maxBytes: number): ReadLimits => ({ maxPages: options.maxPages, maxBytes, memoryBytes });

  const reader: PdfReader = {
    check: (pdf, maxBytes) => run({ kind: 'check', pdf, limits: limits(maxBytes) }),
    async checkAll(pdfs, maxBytes) {
      return Promise.all(
        pdfs.map((pdf) =>
          reader.check(pdf, maxBytes).then(
            () => null,
            (error: unknown) => {
              if (error instanceof ValidationError) return error;
              throw error;
            },
          ),
        ),
      );
    },
    split: (pdf, keys, maxBytes) => run({ kind: 'split', pdf, keys, limits: limits(maxBytes) }),
    async merge(input) {
      // Stored files, read already when they were uploaded: the time limit is per part, as for the files.
      const timeoutMs = options.timeoutMs * Math.max(1, Math.ceil(input.order.length / MERGE_PARTS_PER_TIMEOUT));
      const out = await run({ kind: 'merge', input, limits: limits(Number.MAX_SAFE_INTEGER) }, timeoutMs);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
    async close() {
      closed = true;
      for (const waiting of queue.splice(0)) waiting.reject(new Error('The PDF reader is closed.'));
      await Promise.all(
        [...processes].map(
          (p) =>
            new Promise<void>((resolve) => {
              if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
              p.child.once('exit', () => resolve());
              p.child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
  return reader;
}
