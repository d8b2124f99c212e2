/**
 * A PDF-reading process (started by read-supervisor.ts): reads one file at a time, as the supervisor asks over
 * IPC. Its V8 heap is capped by --max-old-space-size; the memory guard, installed before pdf.js and pdf-lib load,
 * caps the decoded streams; the supervisor kills it when a file takes too long. Whatever a file does here, the
 * server process only sees this one end.
 */
import { installMemoryGuard, MemoryLimitError } from './printout/memory-guard.js';
import type { ReadAnswer, ReaderMessage, ReadJob } from './read-tasks.js';

const guard = installMemoryGuard();
const { failureAnswer, performReadTask } = await import('./read-tasks.js');

const send = (message: ReaderMessage) => process.send?.(message);

async function read(job: ReadJob): Promise<ReadAnswer> {
  guard.arm(job.task.limits.memoryBytes);
  try {
    const value = await performReadTask(job.task);
    // pdf.js swallows errors inside a page (the refused allocation among them) and goes on: ask the guard.
    if (guard.tripped) return { ok: false, limit: 'memory' };
    return { ok: true, value };
  } catch (error) {
    if (guard.tripped || error instanceof MemoryLimitError) return { ok: false, limit: 'memory' };
    const answer = failureAnswer(error);
    if (answer) return answer;
    throw error;
  } finally {
    guard.disarm();
  }
}

process.on('message', (job: ReadJob) => {
  send({ started: job.id });
  read(job).then(
    (answer) => send({ id: job.id, answer }),
    (error: unknown) =>
      send({ id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The server went away (or let this process go when idle): nothing is left to do.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
