import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, IdempotencyKeyReusedError } from '../../lib/errors.js';
import type { IdempotencyRepository } from './idempotency.repository.js';

/** Remembered answers are kept at least this long (issue 13, point 2). */
export const IDEMPOTENCY_KEEP_MS = 24 * 3600_000;
/** A first request still unfinished after this long died with its process: the key may run again. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/** What to do with a request that carries an Idempotency-Key. */
export type IdempotencyStart =
  | { kind: 'first' }
  | { kind: 'replay'; status: number; contentType: string | null; body: string };

export interface StoredAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export interface IdempotencyDeps {
  db: Db;
  repo: IdempotencyRepository;
  clock: Clock;
  /** How long a repeat waits for the first request to finish before answering 409 (default 10 s). */
  waitMs?: number;
}

/**
 * At most one run per caller and key: the first request takes the key (one INSERT; the primary key refuses the
 * others), runs, and its successful answer is stored; a repeat with the same request gets that answer again, a
 * repeat with another request is refused (422). A repeat arriving while the first still runs waits for it.
 */
export function createIdempotencyService(deps: IdempotencyDeps) {
  const { db, repo, clock } = deps;
  const waitMs = deps.waitMs ?? 10_000;
  const nowIso = () => clock.now().toISOString();

  return {
    async begin(caller: string, key: string, fingerprint: string): Promise<IdempotencyStart> {
      const deadline = Date.now() + waitMs;
      for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
        if (await repo.claim(db, { caller, key, request_sha256: fingerprint, created_at: nowIso() })) {
          return { kind: 'first' };
        }
        const row = await repo.find(db, caller, key);
        if (!row) continue; // released in between: try to take it again
        if (row.request_sha256 !== fingerprint) {
          throw new IdempotencyKeyReusedError(
            'Ten Idempotency-Key był już użyty z innym żądaniem — dla nowej operacji wygeneruj nowy klucz.',
          );
        }
        if (row.completed_at !== null && row.response_status !== null && row.response_body !== null) {
          return {
            kind: 'replay',
            status: row.response_status,
            contentType: row.response_type,
            body: row.response_body,
          };
        }
        const abandonedBefore = new Date(clock.now().getTime() - ABANDONED_AFTER_MS).toISOString();
        if (row.created_at < abandonedBefore) {
          await repo.release(db, caller, key, abandonedBefore);
          continue;
        }
        if (Date.now() >= deadline) {
          throw new ConflictError(
            'To samo żądanie (ten sam Idempotency-Key) jest jeszcze wykonywane — powtórz je za chwilę.',
          );
        }
        await sleep(pause);
      }
    },

    /** The first request succeeded: its answer is what every repeat gets. */
    async complete(caller: string, key: string, answer: StoredAnswer): Promise<void> {
      await repo.complete(db, caller, key, {
        completedAt: nowIso(),
        status: answer.status,
        type: answer.contentType,
        body: answer.body,
      });
    },

    /** The first request failed (nothing was created): the key is free to be tried again. */
    async release(caller: string, key: string): Promise<void> {
      await repo.release(db, caller, key);
    },

    /** Forgets answers older than a day. */
    async cleanup(): Promise<number> {
      return repo.deleteOlderThan(db, new Date(clock.now().getTime() - IDEMPOTENCY_KEEP_MS).toISOString());
    },
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
