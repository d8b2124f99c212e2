import type { Db } from '../../db/schema.js';
import type { PdfReader } from '../../documents/read-pool.js';
import type { Clock } from '../../lib/clock.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { BatchRunner } from './batch-runner.js';
import type { BatchesRepository } from './batches.repository.js';

/** A run stopped for a reason the clerk is told (in Polish). */
class RunStopped extends Error {}
const PACK_FAILED =
  'Wiadomości e-mail powstały, ale nie udało się złożyć paczki do druku (brakuje pliku dokumentu albo jest uszkodzony). Uruchom wysyłkę ponownie; jeśli błąd wróci, zgłoś go administratorowi.';
const RUN_FAILED =
  'Tworzenie wiadomości przerwał błąd. Uruchom wysyłkę ponownie — to, co już powstało, nie zostanie zdublowane.';

export interface LauncherDeps {
  db: Db;
  repo: BatchesRepository;
  runner: BatchRunner;
  blobs: BlobStore;
  clock: Clock;
  pdfReader: PdfReader;
  onError?: (err: unknown, context?: { batchId?: string }) => void;
}

/** Background runs of batches in this process; a run never stays "running" after an error. */
export function createLauncher(deps: LauncherDeps) {
  const { db, repo, runner, blobs, clock } = deps;
  const running = new Map<string, Promise<void>>();

  /** Starts a run in the background; the batch shows its progress (done / total) meanwhile. */
  function launch(actor: Actor, batchId: string) {
    const job = (async () => {
      await runner.run(actor, batchId);
      await finish(batchId);
    })()
      .catch(async (err) => {
        deps.onError?.(err, { batchId });
        // Whatever stopped the run, the batch ends failed with a reason and can be run again.
        await repo
          .failRunning(db, batchId, {
            error: err instanceof RunStopped ? err.message : RUN_FAILED,
            updated_at: clock.now().toISOString(),
          })
          .catch((e) => deps.onError?.(e, { batchId }));
      })
      .finally(() => running.delete(batchId));
    running.set(batchId, job);
  }

  /** After the drafts: the paper pack, then ready. */
  async function finish(batchId: string) {
    const row = (await repo.findById(db, batchId))!;
    let pack: string | null = null;
    if (row.paper_count > 0) {
      try {
        const { makePaperPack } = await import('./paper-pack.js');
        pack = await makePaperPack({ db, repo, blobs, pdfReader: deps.pdfReader }, row);
      } catch (e) {
        throw new RunStopped(PACK_FAILED, { cause: e });
      }
    }
    const now = clock.now().toISOString();
    await repo.update(db, batchId, { status: 'ready', paper_pack_sha256: pack, finished_at: now, updated_at: now });
  }

  return {
    launch,
    isRunning: (batchId: string) => running.has(batchId),
    whenDone: (batchId: string): Promise<void> => running.get(batchId) ?? Promise.resolve(),
    /** Resolves when no run is in progress in this process (tests, graceful stop). */
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
}
