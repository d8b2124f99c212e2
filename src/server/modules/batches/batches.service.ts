import type { Batch, BatchCreate, BatchItem, BatchPreview, PaperReason } from '../../../shared/batches.js';
import type { BulkResult } from '../../../shared/messages.js';
import type { Db, Row } from '../../db/schema.js';
import type { PdfReader } from '../../documents/read-pool.js';
import { readyPdfProblems } from '../../documents/ready-pdf-template.js';
import { documentType } from '../../documents/registry.js';
import {
  checkTemplate,
  cleanTemplate,
  liquidMessage,
  renderTemplate,
  sampleContext,
} from '../../documents/templates.js';
import type { TemplateText } from '../../documents/types/document-type.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import { type AccountScope, inScope } from '../accounts/accounts.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor, Scope } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { DeliveryService } from '../delivery/delivery.service.js';
import { templateContext } from '../documents/context.js';
import { checkAttachmentName, checkAttachmentSize, cleanContentType, cleanFilename } from '../messages/messages.js';
import type { PositionsRepository } from '../positions/positions.repository.js';
import type { UploadQuota } from '../storage/upload-quota.js';
import { READY_PDF_TEMPLATE, type TemplatesService } from '../templates/templates.service.js';
import { sentBefore, summarise } from './already-sent.js';
import { createBatchAccess } from './batch-access.js';
import { createLauncher } from './batch-launch.js';
import { defaultBatchName } from './batch-name.js';
import type { BatchRunner } from './batch-runner.js';
import { toBatch as toBatchView } from './batch-view.js';
import type { BatchesRepository } from './batches.repository.js';
import { selectionFacts } from './document-pages.js';
import { ksefWarnings } from './ksef-check.js';
import { noticeWarnings, officeDate } from './notice-check.js';

export interface BatchesDeps {
  db: Db;
  repo: BatchesRepository;
  runner: BatchRunner;
  positions: PositionsRepository;
  accounts: AccountsRepository;
  templates: TemplatesService;
  delivery: DeliveryService;
  blobs: BlobStore;
  audit: AuditLog;
  clock: Clock;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
  positionScope: (actor: Actor, tx?: Db) => Promise<Scope>;
  maxAttachmentBytes: number;
  quota: UploadQuota;
  /** Merges the paper pack from stored PDFs in a reading process, with limits. */
  pdfReader: PdfReader;
  onError?: (err: unknown, context?: { batchId?: string }) => void;
}

/** A run that has not written progress for this long is taken to be dead and may be resumed. */
const STALE_RUN_MS = 5 * 60_000;

export function createBatchesService(deps: BatchesDeps) {
  const { db, repo, templates, delivery, blobs, audit, clock, scopeFor } = deps;
  const launcher = createLauncher(deps);
  const launch = launcher.launch;
  const toBatch = (tx: Db, row: Row<'batches'>) => toBatchView(repo, tx, row);
  const { positionIdsOf, accountFor } = createBatchAccess(deps);

  async function loadVisible(tx: Db, actor: Actor, id: string) {
    const row = await repo.findById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono wysyłki.');
    if (!inScope(await scopeFor(actor, tx), row.account_id)) {
      throw new ForbiddenError('Ta wysyłka należy do innego stanowiska.');
    }
    return row;
  }

  return {
    async create(
      actor: Actor,
      input: Omit<BatchCreate, 'includeAlreadySent' | 'writtenForm'> & {
        includeAlreadySent?: boolean;
        writtenForm?: boolean;
      },
      /** The id to give the batch (an intake names it before the batch exists). */
      options: { id?: string } = {},
    ): Promise<Batch> {
      const def = documentType(input.documentType);
      return db.transaction().execute(async (tx) => {
        const account = await accountFor(tx, actor, input.positionId, input.accountId);
        const selection = { ...input.selection };
        // Read a page at a time: the count, the first, the periods and what went before, not every row at once (D88).
        const facts = await selectionFacts(repo, tx, {
          type: input.documentType,
          ...selection,
          positionId: input.positionId,
        });
        if (facts.total === 0) {
          const elsewhere = await repo.selectDocumentIds(tx, { type: input.documentType, ...selection });
          throw new ValidationError(
            elsewhere.length > 0
              ? 'Wybrane dokumenty dotyczą nieruchomości, których to stanowisko nie obsługuje — wybierz inne stanowisko albo poproś administratora o przypisanie nieruchomości (Ustawienia → Stanowiska).'
              : 'Nie ma dokumentów tego rodzaju dla wybranego okresu i nieruchomości.',
            [{ path: 'selection', message: 'Brak dokumentów.' }],
          );
        }
        // Documents chosen by their import (the one-call intake, a drop folder) all of one month: the batch is of that
        // month — named so, as a batch chosen by period is — and the selection says so (it selects the same documents).
        const periods = facts.periods;
        const onlyPeriod = periods.size === 1 ? [...periods][0] : null;
        if (!selection.period && onlyPeriod) selection.period = onlyPeriod;
        const first = (await repo.documentsByIds(tx, [facts.firstId!]))[0]!;
        const readyPdf = first.source !== 'data';
        // The clerk's template, else the account's own, else the installation's — for ready PDFs too; with none
        // stored, a ready PDF gets the plain letter (the type's built-in one needs the type's data).
        const stored = input.template ? null : await templates.effective(input.documentType, account.id, tx);
        const template: TemplateText = input.template
          ? cleanTemplate(input.template)
          : readyPdf && stored!.source === 'built_in'
            ? READY_PDF_TEMPLATE
            : stored!.template;
        const whose =
          stored?.source === 'account'
            ? `Szablon konta „${account.name}”`
            : stored?.source === 'installation'
              ? 'Szablon domyślny instalacji'
              : 'Szablon';
        const problems = readyPdf
          ? readyPdfProblems(template, Object.keys(JSON.parse(first.data) as object))
          : input.template
            ? checkTemplate(def, template, sampleContext(def))
            : [];
        if (problems.length > 0) {
          throw new ValidationError(
            readyPdf
              ? `${whose} dla rodzaju „${def.label}” nie pasuje do dokumentów z gotowych PDF-ów: ${problems[0]!.message}`
              : 'Szablon ma błędy — popraw zaznaczone miejsca.',
            readyPdf ? problems.map((p) => ({ ...p, path: 'template' })) : problems,
          );
        }
        // The template must work for these documents (ready PDFs carry only the fields sent with them).
        try {
          const parties = JSON.parse(first.parties);
          renderTemplate(
            template,
            templateContext(
              first,
              { ...parties.recipient, postal_code: parties.recipient.postalCode },
              'adresat@example.pl',
              account,
            ),
          );
        } catch (e) {
          throw new ValidationError(
            `${whose === 'Szablon' ? 'Szablonu nie da się wypełnić' : `${whose}: nie da się go wypełnić`} danymi tych dokumentów: ${liquidMessage(e)} ${readyPdf ? 'Dokumenty z gotowych PDF-ów mają tylko tytuł i pola przesłane z plikiem — użyj prostszego szablonu.' : ''}`.trim(),
            [{ path: 'template', message: 'Szablon nie pasuje do dokumentów.' }],
          );
        }
        const now = clock.now().toISOString();
        const id = options.id ?? newId();
        const alreadySent = await summarise(tx, facts.sent);
        const includeSent = input.includeAlreadySent === true;
        await repo.insert(tx, {
          id,
          name: input.name || defaultBatchName(input.documentType, selection.period, now),
          include_sent: includeSent ? 'yes' : 'no',
          written_form: input.writtenForm === true ? 'yes' : 'no',
          read_receipt: input.readReceipt === undefined ? null : input.readReceipt ? 'yes' : 'no',
          pdf_password: input.pdfPassword ? JSON.stringify(input.pdfPassword) : null,
          download_link_mode: input.downloadLinks?.mode ?? null,
          download_link_days: input.downloadLinks?.days ?? null,
          already_sent: JSON.stringify(alreadySent),
          document_type: input.documentType,
          position_id: input.positionId,
          account_id: account.id,
          template: JSON.stringify(template),
          selection: JSON.stringify(selection),
          status: 'new',
          total: facts.total,
          error: null,
          paper_pack_sha256: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          finished_at: null,
        });
        await audit.record(tx, actor, {
          action: 'batch.create',
          entityType: 'batch',
          entityId: id,
          details: {
            documentType: input.documentType,
            accountId: account.id,
            selection,
            documents: facts.total,
            // The clerk's choice about what was already sent, and what it covered.
            includeAlreadySent: includeSent,
            writtenForm: input.writtenForm === true,
            ...(input.readReceipt !== undefined ? { readReceipt: input.readReceipt } : {}),
            ...(input.pdfPassword ? { pdfPassword: input.pdfPassword } : {}),
            ...(input.downloadLinks?.mode ? { downloadLinkMode: input.downloadLinks.mode } : {}),
            ...(input.downloadLinks?.days ? { downloadLinkDays: input.downloadLinks.days } : {}),
            alreadySent: { documents: alreadySent.documents, messages: alreadySent.messages },
          },
        });
        return toBatch(tx, (await repo.findById(tx, id))!);
      });
    },

    /** Before a batch is made: how many documents the selection takes, and what of them was already sent. */
    async preview(
      actor: Actor,
      input: { documentType: string; positionId?: string; selection: BatchCreate['selection'] },
    ): Promise<BatchPreview> {
      let scope: { positionId?: string; positionIds?: string[] } = {};
      if (input.positionId) {
        await accountFor(db, actor, input.positionId, undefined).catch((e) => {
          // The preview needs the position only; a missing default account is said when the batch is made.
          if (e instanceof ValidationError && e.fields.some((f) => f.path === 'accountId')) return;
          throw e;
        });
        scope = { positionId: input.positionId };
      } else {
        scope = { positionIds: await positionIdsOf(db, actor) };
      }
      const ids = (await repo.selectDocumentIds(db, { type: input.documentType, ...input.selection, ...scope })).map(
        (r) => r.id,
      );
      return {
        documents: ids.length,
        alreadySent: await summarise(db, await sentBefore(db, ids)),
        noticeWarnings:
          input.documentType === 'fee_notice'
            ? await noticeWarnings(db, ids, officeDate(clock.now()))
            : { total: 0, items: [] },
        ksefWarnings: input.documentType === 'sales_document' ? await ksefWarnings(db, ids) : { total: 0, items: [] },
      };
    },

    /** Before a request about one batch is read: it exists and belongs to the actor's accounts. */
    async assertVisible(actor: Actor, id: string): Promise<void> {
      await loadVisible(db, actor, id);
    },

    async get(actor: Actor, id: string): Promise<Batch> {
      return toBatch(db, await loadVisible(db, actor, id));
    },

    async list(actor: Actor, query: { cursor?: string; limit: number }) {
      const scope = await scopeFor(actor);
      const rows = await repo.list(db, {
        accountIds: scope.all ? null : [...scope.ids],
        after: decodeCursor(query.cursor, 'batches'),
        limit: query.limit,
      });
      const page = toPage(
        rows,
        query.limit,
        (r) => ({ value: r.created_at, id: r.id }),
        (r) => r,
        'batches',
      );
      return { items: await Promise.all(page.items.map((r) => toBatch(db, r))), nextCursor: page.nextCursor };
    },

    async addAttachment(
      actor: Actor,
      id: string,
      file: { filename: string; contentType: string | undefined; data: Buffer },
    ) {
      checkAttachmentSize(file.data, deps.maxAttachmentBytes);
      checkAttachmentName(file.filename);
      return db.transaction().execute(async (tx) => {
        const row = await loadVisible(tx, actor, id);
        if (row.status !== 'new')
          throw new ConflictError('Załączniki można dodawać tylko przed utworzeniem wiadomości.');
        await deps.quota.charge(tx, actor, file.data.length);
        const blob = await blobs.put(tx, file.data);
        const existing = await repo.attachmentsOf(tx, id);
        const attachmentId = newId();
        const filename = cleanFilename(file.filename);
        await repo.insertAttachment(tx, {
          id: attachmentId,
          batch_id: id,
          blob_sha256: blob.sha256,
          filename,
          content_type: cleanContentType(file.contentType),
          size: blob.size,
          position: existing.length === 0 ? 0 : Math.max(...existing.map((a) => a.position)) + 1,
        });
        await audit.record(tx, actor, {
          action: 'batch.attachment_add',
          entityType: 'batch',
          entityId: id,
          details: { attachmentId, filename, sha256: blob.sha256, size: blob.size },
        });
        return toBatch(tx, row);
      });
    },

    async removeAttachment(actor: Actor, id: string, attachmentId: string) {
      return db.transaction().execute(async (tx) => {
        const row = await loadVisible(tx, actor, id);
        if (row.status !== 'new')
          throw new ConflictError('Załączniki można zmieniać tylko przed utworzeniem wiadomości.');
        if (!(await repo.deleteAttachment(tx, id, attachmentId))) throw new NotFoundError('Nie znaleziono załącznika.');
        await audit.record(tx, actor, {
          action: 'batch.attachment_remove',
          entityType: 'batch',
          entityId: id,
          details: { attachmentId },
        });
        return toBatch(tx, row);
      });
    },

    /** Makes the drafts (in the background). Running again continues or repeats without duplicating anything. */
    async run(actor: Actor, id: string, options: { staleAfterMs?: number } = {}): Promise<Batch> {
      const row = await loadVisible(db, actor, id);
      const now = clock.now();
      const stale = new Date(now.getTime() - (options.staleAfterMs ?? STALE_RUN_MS)).toISOString();
      if (launcher.isRunning(id) || !(await repo.claimRun(db, id, now.toISOString(), stale))) {
        throw new ConflictError('Ta wysyłka jest właśnie tworzona — poczekaj na koniec.');
      }
      launch(actor, row.id);
      return toBatch(db, (await repo.findById(db, id))!);
    },

    /** Resumes batches whose run stopped with its process (called at start-up). */
    async resumeStale(actor: Actor) {
      const stale = new Date(clock.now().getTime() - STALE_RUN_MS).toISOString();
      for (const { id } of await repo.staleRunning(db, stale)) {
        if (await repo.claimRun(db, id, clock.now().toISOString(), stale)) launch(actor, id);
      }
    },

    /** Resolves when no run is in progress in this process (tests, graceful stop). */
    idle: launcher.idle,
    /** Resolves when this process's run of the batch (if any) has ended. */
    whenDone: launcher.whenDone,

    async items(actor: Actor, id: string, query: { channel?: 'email' | 'paper'; cursor?: string; limit: number }) {
      await loadVisible(db, actor, id);
      const rows = await repo.listItems(db, {
        batchId: id,
        channel: query.channel,
        after: decodeCursor(query.cursor, `items:${query.channel ?? ''}`),
        limit: query.limit,
      });
      return toPage<(typeof rows)[number], BatchItem>(
        rows,
        query.limit,
        (r) => ({ value: r.sort_name, id: r.document_id }),
        (r) => ({
          documentId: r.document_id,
          recipientId: r.recipient_id,
          recipientName: r.recipient_name,
          address: r.address,
          channel: r.channel,
          reason: r.reason as PaperReason | null,
          messageId: r.message_id,
          title: r.title,
        }),
        `items:${query.channel ?? ''}`,
      );
    },

    async paperPack(actor: Actor, id: string) {
      const row = await loadVisible(db, actor, id);
      let sha = row.paper_pack_sha256;
      // Paper items added after the run (a refused address sent on paper): the pack is made again now.
      if (!sha && row.status === 'ready' && row.paper_count > 0) {
        const { makePaperPack } = await import('./paper-pack.js');
        sha = await makePaperPack({ db, repo, blobs, pdfReader: deps.pdfReader }, row);
        await repo.storePaperPack(db, id, sha, row.paper_count);
      }
      if (!sha) throw new NotFoundError('Ta wysyłka nie ma dokumentów do druku.');
      return { filename: `do_druku_${row.created_at.slice(0, 10)}.pdf`, data: await blobs.get(db, sha) };
    },

    /** Queues every draft of the batch (each is frozen as it is queued), now or at `sendAt`. */
    async queue(actor: Actor, id: string, input: { sendAt: string | null; dryRun: boolean }): Promise<BulkResult> {
      const row = await loadVisible(db, actor, id);
      if (row.status !== 'ready')
        throw new ConflictError('Najpierw utwórz wiadomości tej wysyłki i poczekaj na koniec.');
      return delivery.queue(actor, { selection: { filter: { mailbox: 'drafts', batchId: id } }, ...input });
    },
  };
}

export type BatchesService = ReturnType<typeof createBatchesService>;
