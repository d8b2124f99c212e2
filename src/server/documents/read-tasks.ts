/**
 * The work a PDF-reading process does (read-process.ts) and what it answers. Refusals travel as plain data: an
 * error sent between processes loses its class and its fields.
 */
import type { FieldIssue } from '../lib/errors.js';
import { ValidationError } from '../lib/errors.js';
import { checkPdf } from './printout/check.js';
import { type KeyPatterns, keyMatcher } from './printout/keys.js';
import { type MergeInput, mergePdfs } from './printout/merge.js';
import { type SplitResult, splitPrintout } from './printout/split.js';

export interface ReadLimits {
  maxPages: number;
  maxBytes: number;
  /** ArrayBuffers the reading may allocate on top of the file itself (the JS heap is limited by the process). */
  memoryBytes: number;
}

export type ReadTask =
  | { kind: 'check'; pdf: Uint8Array; limits: ReadLimits }
  | { kind: 'split'; pdf: Uint8Array; keys: KeyPatterns[]; limits: ReadLimits }
  | { kind: 'merge'; input: MergeInput; limits: ReadLimits };

/** What each task gives back when it succeeds. */
export interface ReadValues {
  check: { pages: number };
  split: SplitResult;
  merge: Uint8Array;
}

/** A limit the file ran into inside the process (time and the heap are watched from outside). */
export type ReadLimit = 'memory' | 'depth';

export interface ReadJob {
  id: number;
  task: ReadTask;
}

/** What a reading process tells the server: it is ready, it started a job, a job's answer or its crash. */
export type ReaderMessage =
  | { ready: true }
  | { started: number }
  | { id: number; answer: ReadAnswer }
  | { id: number; error: string };

export type ReadAnswer =
  | { ok: true; value: ReadValues[ReadTask['kind']] }
  | { ok: false; refusal: { message: string; fields: FieldIssue[] } }
  | { ok: false; limit: ReadLimit };

export async function performReadTask(task: ReadTask): Promise<ReadValues[ReadTask['kind']]> {
  switch (task.kind) {
    case 'check':
      return checkPdf(task.pdf, task.limits);
    case 'split':
      return splitPrintout(task.pdf, keyMatcher(task.keys), task.limits);
    case 'merge':
      return mergePdfs(task.input);
  }
}

/** A failure as an answer: the clerk's refusal, or the stack running out on a deeply nested file. */
export function failureAnswer(error: unknown): ReadAnswer | null {
  if (error instanceof ValidationError) return { ok: false, refusal: { message: error.message, fields: error.fields } };
  if (error instanceof RangeError && /call stack/i.test(error.message)) return { ok: false, limit: 'depth' };
  return null;
}
