/**
 * Reading PDFs outside the server process, with limits: every check, printout split and paper-pack merge runs
 * in one of a few child processes (read-process.ts), one file at a time each, run by a small process of their
 * own (read-supervisor.ts), started at the first file. Not worker threads: V8 aborts the whole process when a thread's heap limit is hit by one
 * array growing (nodejs/node#47224), which is exactly how pdf.js reads a long string. A file that takes too long
 * has its process killed, one that needs too much memory is stopped by the process's heap limit or by the memory
 * guard; either way the clerk gets a ValidationError naming the limit, and the server goes on answering.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../lib/errors.js';
import { receivedBytes, sharedWorkers, workerEntry } from '../lib/workers.js';
import type { KeyPatterns } from './printout/keys.js';
import type { MergeInput } from './printout/merge.js';
import type { SplitResult } from './printout/split.js';
import type { SupervisedJob, SupervisorMessage, SupervisorOptions } from './read-supervisor.js';
import type { ReadAnswer, ReadLimit, ReadLimits, ReadTask, ReadValues } from './read-tasks.js';

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

/** Parts of a paper pack merged within one file's time limit (a part takes about 7 ms: 1000 in 7 s, loaded box). */
const MERGE_PARTS_PER_TIMEOUT = 500;

interface Waiting {
  resolve(answer: ReadAnswer): void;
  reject(error: unknown): void;
}

export function createPdfReader(options: PdfReadOptions): PdfReader {
  const { value, own } = sharedWorkers(`pdf-reader ${JSON.stringify(options)}`, () => startPdfReader(options));
  return own ? value : { ...value, close: async () => {} };
}

function startPdfReader(options: PdfReadOptions): PdfReader {
  const memoryBytes = options.memoryMb * 1024 * 1024;
  const waiting = new Map<number, Waiting & { timeoutMs: number }>();
  let nextId = 1;
  let closed = false;
  let supervisor: ChildProcess | null = null;

  /** While a file is read the supervisor keeps this process alive; idle, it does not hold a CLI command open. */
  const hold = (child: ChildProcess, busy: boolean) => {
    const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
    if (busy) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  };

  const supervise = (): ChildProcess => {
    if (supervisor) return supervisor;
    const child = fork(
      fileURLToPath(workerEntry(import.meta.url, './read-supervisor.js')),
      [JSON.stringify({ processes: options.processes, memoryMb: options.memoryMb } satisfies SupervisorOptions)],
      // An empty environment: the processes that read hostile files never see the database URL or the keys.
      { env: {}, execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    child.on('message', (message: SupervisorMessage) => {
      const w = waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id);
      if (waiting.size === 0) hold(child, false);
      if ('answer' in message) w.resolve(message.answer);
      else if ('stopped' in message) w.reject(tooComplex(message.stopped, { ...options, timeoutMs: w.timeoutMs }));
      else w.reject(new Error(`Reading a PDF failed: ${message.error}`));
    });
    child.on('exit', (code, signal) => fail(child, new Error(`The PDF reading process stopped (${signal ?? code}).`)));
    child.on('error', (error) => fail(child, error));
    supervisor = child;
    return child;
  };

  /** The supervisor is gone (it should not happen): whoever waits hears so, the next file starts a new one. */
  function fail(child: ChildProcess, error: unknown) {
    if (supervisor !== child) return;
    supervisor = null;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  }

  async function run<K extends ReadTask['kind']>(
    task: Extract<ReadTask, { kind: K }>,
    timeoutMs = options.timeoutMs,
  ): Promise<ReadValues[K]> {
    if (closed) throw new Error('The PDF reader is closed.');
    const child = supervise();
    const id = nextId++;
    const answer = await new Promise<ReadAnswer>((resolve, reject) => {
      waiting.set(id, { resolve, reject, timeoutMs });
      hold(child, true);
      child.send({ id, task, timeoutMs } satisfies SupervisedJob, (error) => {
        if (error) fail(child, error);
      });
    });
    if (answer.ok) return answer.value as ReadValues[K];
    if ('refusal' in answer) throw new ValidationError(answer.refusal.message, answer.refusal.fields);
    throw tooComplex(answer.limit, options);
  }

  const limits = (maxBytes: number): ReadLimits => ({ maxPages: options.maxPages, maxBytes, memoryBytes });

  const reader: PdfReader = {
    check: (pdf, maxBytes) => run({ kind: 'check', pdf, limits: limits(maxBytes) }),
    async checkAll(pdfs, maxBytes) {
      const refusals: (ValidationError | null)[] = [];
      let next = 0;
      // A few files on their way per process: sending them all at once would copy them all in one go.
      const lane = async () => {
        for (let i = next++; i < pdfs.length; i = next++) {
          refusals[i] = await reader.check(pdfs[i]!, maxBytes).then(
            () => null,
            (error: unknown) => {
              if (error instanceof ValidationError) return error;
              throw error;
            },
          );
        }
      };
      await Promise.all(Array.from({ length: Math.min(pdfs.length, options.processes * 2) }, lane));
      return refusals;
    },
    split: (pdf, keys, maxBytes) => run({ kind: 'split', pdf, keys, limits: limits(maxBytes) }),
    async merge(input) {
      // Stored files, read already when they were uploaded: the time limit is per part, as for the files.
      const timeoutMs = options.timeoutMs * Math.max(1, Math.ceil(input.order.length / MERGE_PARTS_PER_TIMEOUT));
      const out = await run({ kind: 'merge', input, limits: limits(Number.MAX_SAFE_INTEGER) }, timeoutMs);
      return receivedBytes(out);
    },
    async close() {
      closed = true;
      const child = supervisor;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Its readers go with it (it kills them when its channel closes).
      child.disconnect();
      await exited;
    },
  };
  return reader;
}
