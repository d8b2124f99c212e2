/**
 * One call from a printout or a data file to mail (issue 13, point 3; D61): import → batch → drafts → queue, the
 * same service calls the wizard makes one after another, then what the position's rule says: queue now, queue for
 * its hour, or leave the drafts in Robocze for a clerk's approval. The caller gets the batch's id at once; the work
 * goes on in the background and each step is written to the intake's row, so a resumed intake (a drop-folder file
 * taken over after a crash) finds what was already made and never makes it twice.
 */
import type { IntakeFields, IntakeMode, Intake as IntakeView } from '../../../shared/intake.js';
import type { Db, Row } from '../../db/schema.js';
import { checkInput } from '../../documents/printout/common.js';
import type { DocumentTypeName } from '../../documents/types/document-type.js';
import type { Clock } from '../../lib/clock.js';
import { DomainError, ForbiddenError, NotFoundError, RowsRejectedError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { readTable } from '../../lib/tabular.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Access } from '../auth/access.js';
import { type Actor, keyPosition } from '../auth/auth.js';
import type { BatchesService } from '../batches/batches.service.js';
import type { DocumentsService } from '../documents/documents.service.js';
import { itemsFromFile } from '../documents/import-file.js';
import type { PositionsRepository } from '../positions/positions.repository.js';
import { effectiveMode, kindOf, nextSendAt, requirePeriod } from './intake.js';
import type { IntakeRepository } from './intake.repository.js';

export interface IntakeDeps {
  db: Db;
  repo: IntakeRepository;
  positions: PositionsRepository;
  documents: DocumentsService;
  batches: BatchesService;
  audit: AuditLog;
  clock: Clock;
  importLimitBytes: number;
  scopeFor: (actor: Actor) => Promise<{ all: true } | { all: false; ids: ReadonlySet<string> }>;
  /** The actor acts for this position (auth/access.ts). */
  worksAt: Access['worksAt'];
  onError?: (err: unknown) => void;
}

/** What an intake is asked to do: the file and its fields. */
export interface IntakeRequest extends IntakeFields {
  file: { filename: string; data: Buffer };
  source: 'api' | 'drop';
}

const FAILED_UNKNOWN =
  'Przetwarzanie przerwał nieoczekiwany błąd. Wyślij plik ponownie albo zgłoś to administratorowi.';
export const DEFAULT_RULE = { mode: 'approval' as IntakeMode, sendTime: '18:00' };

export function createIntakeService(deps: IntakeDeps) {
  const { db, repo, positions, documents, batches, audit, clock } = deps;
  const running = new Map<string, Promise<void>>();

  async function ruleOf(tx: Db, positionId: string) {
    const row = await repo.ruleOf(tx, positionId);
    return row ? { mode: row.mode, sendTime: row.send_time } : DEFAULT_RULE;
  }

  /** The actor works at this position (an administrator at any). */
  async function assertPosition(actor: Actor, positionId: string) {
    if (!(await positions.findById(db, positionId))) {
      throw new ValidationError('Wybrane stanowisko nie istnieje.', [
        { path: 'positionId', message: 'Nieznane stanowisko.' },
      ]);
    }
    if (!(await deps.worksAt(actor, positionId))) {
      throw new ForbiddenError(
        keyPosition(actor) !== null
          ? 'Ten klucz API działa tylko dla swojego stanowiska — podaj jego stanowisko.'
          : 'Nie pracujesz na tym stanowisku — wybierz swoje stanowisko.',
      );
    }
  }

  /** The file's documents, imported exactly as the wizard's upload routes do. */
  async function importFile(actor: Actor, row: Row<'intakes'>, file: IntakeRequest['file']) {
    const type = row.document_type as DocumentTypeName;
    const kind = kindOf(file.filename);
    if (kind === 'printout') {
      checkInput(file.data, { maxBytes: deps.importLimitBytes });
      return documents.importPrintout(actor, type, row.period as string, file.data);
    }
    if (kind === 'zip') return documents.importZip(actor, type, row.period as string, file.data);
    const items = await itemsFromFile(type, file, (data, name) => readTable(data, name, {}));
    return documents.importData(actor, type, items);
  }

  /** Every step after the intake's row exists; each is skipped when an earlier attempt already made it. */
  async function work(actor: Actor, id: string, file: IntakeRequest['file']) {
    const update = (patch: Parameters<IntakeRepository['updateIntake']>[2]) =>
      repo.updateIntake(db, id, { ...patch, updated_at: clock.now().toISOString() });
    let row = (await repo.findIntake(db, id))!;
    if (!row.import_id) {
      await update({ status: 'importing' });
      const imported = await importFile(actor, row, file);
      await update({ import_id: imported.importId, documents: imported.created, status: 'drafting' });
      row = (await repo.findIntake(db, id))!;
    }
    let batch = await batches.get(actor, id).catch((e) => {
      if (e instanceof NotFoundError) return null;
      throw e;
    });
    if (!batch) {
      batch = await batches.create(
        actor,
        {
          documentType: row.document_type as DocumentTypeName,
          positionId: row.position_id,
          selection: { importId: row.import_id as string },
        },
        { id },
      );
    }
    if (batch.status !== 'ready') {
      // A resumed intake owns its batch: a run left by a dead process is taken over at once.
      await batches.run(actor, id, { staleAfterMs: row.source === 'drop' ? 0 : undefined });
      await batches.whenDone(id);
      batch = await batches.get(actor, id);
    }
    if (batch.status !== 'ready') throw new ValidationError(batch.error ?? FAILED_UNKNOWN, []);
    const now = clock.now();
    if (row.mode === 'approval') {
      await update({ status: 'awaiting_approval', finished_at: now.toISOString() });
      return;
    }
    const sendAt = row.mode === 'scheduled' ? nextSendAt(now, (await ruleOf(db, row.position_id)).sendTime) : null;
    await batches.queue(actor, id, { sendAt, dryRun: false });
    await update({ status: sendAt ? 'scheduled' : 'queued', send_at: sendAt, finished_at: clock.now().toISOString() });
  }

  /** Runs the steps; whatever stops them is written to the row in Polish (with the rejected rows). */
  async function process(actor: Actor, id: string, file: IntakeRequest['file']): Promise<IntakeView['status']> {
    try {
      await work(actor, id, file);
    } catch (err) {
      if (!(err instanceof DomainError)) deps.onError?.(err);
      const now = clock.now().toISOString();
      await repo.updateIntake(db, id, {
        status: 'failed',
        error: err instanceof DomainError ? err.message : FAILED_UNKNOWN,
        error_rows: JSON.stringify(err instanceof RowsRejectedError ? err.rows : fieldRows(err)),
        updated_at: now,
        finished_at: now,
      });
    }
    return (await repo.findIntake(db, id))!.status;
  }

  return {
    /** Before the body is read: the actor may send for some position (a clerk with none may not). */
    async assertMayIntake(actor: Actor, positionId?: string) {
      const scope = await deps.scopeFor(actor);
      if (!scope.all && scope.ids.size === 0) {
        throw new ForbiddenError(
          'Twoje stanowisko nie ma konta e-mail do wysyłki — poproś administratora o przypisanie konta (Ustawienia → Stanowiska).',
        );
      }
      if (positionId) await assertPosition(actor, positionId);
    },

    /** Checks the request, writes the intake's row and returns its (future) batch id; `start` does the rest. */
    async accept(actor: Actor, input: IntakeRequest, options: { id?: string } = {}) {
      await assertPosition(actor, input.positionId);
      if (input.file.data.length === 0) {
        throw new ValidationError('Plik jest pusty.', [{ path: 'file', message: 'Pusty plik.' }]);
      }
      const kind = kindOf(input.file.filename);
      const period = requirePeriod(kind, input.period);
      const rule = await ruleOf(db, input.positionId);
      const mode = effectiveMode(rule.mode, input.sendMode);
      const id = options.id ?? newId();
      const now = clock.now().toISOString();
      await db.transaction().execute(async (tx) => {
        await repo.insertIntake(tx, {
          id,
          position_id: input.positionId,
          document_type: input.type,
          period,
          mode,
          source: input.source,
          filename: input.file.filename.slice(0, 255),
          status: 'accepted',
          import_id: null,
          documents: null,
          send_at: null,
          error: null,
          error_rows: '[]',
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          finished_at: null,
        });
        await audit.record(tx, actor, {
          action: 'batch.intake',
          entityType: 'batch',
          entityId: id,
          details: {
            positionId: input.positionId,
            documentType: input.type,
            period,
            mode,
            source: input.source,
            filename: input.file.filename,
            size: input.file.data.length,
          },
        });
      });
      return id;
    },

    /** Does the work in the background (the HTTP caller is answered before). */
    start(actor: Actor, id: string, file: IntakeRequest['file']) {
      const job = process(actor, id, file)
        .then(() => undefined)
        .catch((e) => deps.onError?.(e))
        .finally(() => running.delete(id));
      running.set(id, job);
    },

    /** Does the work and waits for it (the drop folder); also resumes an intake a dead worker left. */
    process,

    async get(actor: Actor, id: string): Promise<IntakeView> {
      const row = await repo.findIntake(db, id);
      if (!row) throw new NotFoundError('Nie znaleziono takiego zlecenia wysyłki.');
      if (!(await deps.worksAt(actor, row.position_id))) {
        throw new ForbiddenError('To zlecenie należy do innego stanowiska.');
      }
      const batch = await batches.get(actor, id).catch((e) => {
        if (e instanceof NotFoundError) return null;
        throw e;
      });
      return {
        batchId: row.id,
        positionId: row.position_id,
        documentType: row.document_type as DocumentTypeName,
        period: row.period,
        mode: row.mode,
        source: row.source,
        filename: row.filename,
        status: row.status,
        sendAt: row.send_at,
        documents: row.documents,
        error: row.error,
        errorRows: JSON.parse(row.error_rows),
        createdAt: row.created_at,
        finishedAt: row.finished_at,
        batch,
      };
    },

    /** Batches waiting for a clerk's approval in the actor's accounts (Pulpit). */
    async awaitingApproval(actor: Actor) {
      const scope = await deps.scopeFor(actor);
      const rows = await repo.awaitingApproval(db, scope.all ? null : [...scope.ids]);
      return rows.map((r) => ({ batchId: r.id, name: r.name, drafts: Number(r.drafts ?? 0), since: r.created_at }));
    },

    /** Resolves when no intake is in progress in this process (tests, graceful stop). */
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
      await batches.idle();
    },
  };
}

function fieldRows(err: unknown) {
  if (!(err instanceof ValidationError)) return [];
  return err.fields.map((f, i) => ({ line: i + 1, path: f.path, message: f.message }));
}

export type IntakeService = ReturnType<typeof createIntakeService>;
