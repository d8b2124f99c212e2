import type {
  DocumentDetail,
  DocumentListQuery,
  DocumentSummary,
  DocumentTypeInfo,
  DocumentTypeName,
  ImportResult,
  PdfDocumentFields,
} from '../../../shared/documents.js';
import { pluralForm } from '../../../shared/format.js';
import type { Db, Row } from '../../db/schema.js';
import { columnsOf, type FlatItem } from '../../documents/flat.js';
import { dataColumns } from '../../documents/flat-columns.js';
import type { RenderPool } from '../../documents/pool.js';
import type { PdfReader } from '../../documents/read-pool.js';
import { DOCUMENT_REGISTRY, documentType } from '../../documents/registry.js';
import { templateVariables } from '../../documents/templates.js';
import { type DocumentTypeDef, fileSlug } from '../../documents/types/document-type.js';
import type { Clock } from '../../lib/clock.js';
import { ForbiddenError, NotFoundError, type RowIssue, RowsRejectedError } from '../../lib/errors.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import type { AuditLog } from '../audit/audit.service.js';
import { type Actor, inScope, type Scope, scopeIds } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { UploadQuota } from '../storage/upload-quota.js';
import type { DocumentsRepository } from './documents.repository.js';
import { chunksOf, createDocumentStore, type Prepared, STORE_CHUNK } from './documents.store.js';
import { limitToScope, type Resolution, resolveTargets } from './targets.js';

export interface DocumentsDeps {
  db: Db;
  repo: DocumentsRepository;
  blobs: BlobStore;
  audit: AuditLog;
  clock: Clock;
  pool: RenderPool;
  /** Reads uploaded PDFs in separate processes, with limits (documents/read-pool.ts). */
  pdfReader: PdfReader;
  importLimitBytes: number;
  quota: UploadQuota;
  /** The properties an actor may reach (the properties service's scope). */
  propertyScope: (actor: Actor, tx?: Db) => Promise<Scope>;
}

/** Items whose recipient keys are looked up at once (checking and preparing a data import). */
const CHECK_CHUNK = 500;

const NOT_YOURS = 'Ten dokument dotyczy nieruchomości spoza Twojego stanowiska.';

export function toDocumentSummary(r: Omit<Row<'documents'>, 'data' | 'parties' | 'created_by'>): DocumentSummary {
  return {
    id: r.id,
    type: r.type as DocumentTypeName,
    source: r.source,
    recipientKey: r.recipient_key,
    recipientId: r.recipient_id,
    unitId: r.unit_id,
    propertyId: r.property_id,
    period: r.period,
    title: r.title,
    filename: r.filename,
    pdfSize: r.pdf_size,
    pdfSha256: r.pdf_sha256,
    importId: r.import_id,
    createdAt: r.created_at,
  };
}

/** zod issue path → "components.2.amount", mapped to the file line of that list item when there is one. */
function issueLine(item: FlatItem, path: (string | number)[], rowsField: string | null): number {
  if (rowsField && path[0] === rowsField && typeof path[1] === 'number') return item.rowLines?.[path[1]] ?? item.line;
  return item.line;
}

export function createDocumentsService(deps: DocumentsDeps) {
  const { db, repo, blobs, importLimitBytes, propertyScope, pdfReader } = deps;
  const store = createDocumentStore(deps);

  /** Who each key names, as far as the actor may import for (their positions' properties). */
  async function targetsFor(actor: Actor, keys: string[]) {
    return limitToScope(await resolveTargets(db, repo, keys), await propertyScope(actor));
  }

  async function loadVisible(actor: Actor, id: string) {
    const row = await repo.findById(db, id);
    if (!row) throw new NotFoundError('Nie znaleziono dokumentu.');
    if (!inScope(await propertyScope(actor), row.property_id)) throw new ForbiddenError(NOT_YOURS);
    return row;
  }

  /**
   * One item checked (schema, recipient key, cross-field rules) against its key's resolution: what to store, or
   * null with its problems added to `errors`.
   */
  function prepareItem(
    def: DocumentTypeDef,
    item: FlatItem,
    targets: Map<string, Resolution>,
    errors: RowIssue[],
  ): Prepared | null {
    const parsed = def.schema.safeParse(item.data);
    const resolution = targets.get(item.recipientKey)!;
    if (!resolution.ok) {
      errors.push({ line: item.line, key: item.recipientKey, path: 'recipientKey', message: resolution.message });
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({
          line: issueLine(item, issue.path as (string | number)[], def.rowsField),
          key: item.recipientKey,
          path: issue.path.join('.') || '(dane)',
          message: issue.message,
        });
      }
    }
    if (!parsed.success || !resolution.ok) return null;
    const data = parsed.data as Record<string, unknown>;
    const { parties } = resolution.target;
    let ok = true;
    for (const issue of def.check?.(data, parties) ?? []) {
      errors.push({ line: item.line, key: item.recipientKey, ...issue });
      ok = false;
    }
    if (!ok) return null;
    // The unit's account number is part of the document as sent (templates use document.nrb).
    if ('nrb' in data && data.nrb === null && parties.unit?.nrb) data.nrb = parties.unit.nrb;
    return {
      target: resolution.target,
      recipientKey: item.recipientKey,
      period: def.period(data),
      title: def.title(data, parties),
      filename: def.filename(data, parties),
      data,
      render: { type: def.type, data },
    };
  }

  /**
   * The items checked and prepared a chunk at a time, their recipient keys looked up once per chunk (as far as the
   * actor may import for): what to store, and the problems found.
   */
  async function* checkedChunks(actor: Actor, def: DocumentTypeDef, items: Iterable<FlatItem>) {
    const scope = await propertyScope(actor);
    for (const chunk of chunksOf(items, CHECK_CHUNK)) {
      const keys = chunk.map((i) => i.recipientKey);
      const targets = limitToScope(await resolveTargets(db, repo, keys), scope);
      const errors: RowIssue[] = [];
      const prepared: Prepared[] = [];
      for (const item of chunk) {
        const p = prepareItem(def, item, targets, errors);
        if (p) prepared.push(p);
      }
      yield { size: chunk.length, prepared, errors };
    }
  }

  /**
   * The items of a data import, checked and prepared, in chunks. A problem found now (a unit removed since the
   * check) rejects the import, which the store then undoes.
   */
  async function* preparedChunks(
    actor: Actor,
    def: DocumentTypeDef,
    items: Iterable<FlatItem>,
    total: number,
  ): AsyncGenerator<Prepared[]> {
    for await (const { prepared, errors } of checkedChunks(actor, def, items)) {
      reject(errors, total);
      yield* chunksOf(prepared, STORE_CHUNK);
    }
  }

  /** Checks every item before anything is stored, keeping only the problems; returns how many items there are. */
  async function checkItems(actor: Actor, def: DocumentTypeDef, items: Iterable<FlatItem>): Promise<number> {
    const errors: RowIssue[] = [];
    let total = 0;
    for await (const chunk of checkedChunks(actor, def, items)) {
      errors.push(...chunk.errors);
      total += chunk.size;
    }
    reject(errors, total);
    return total;
  }

  function reject(errors: RowIssue[], total: number) {
    if (errors.length === 0) return;
    const lines = new Set(errors.map((e) => e.line)).size;
    throw new RowsRejectedError(
      `Nie zaimportowano niczego: ${errors.length} ${pluralForm(errors.length, ['błąd', 'błędy', 'błędów'])} w ${lines} z ${total} pozycji. Popraw plik i wczytaj go ponownie.`,
      errors,
    );
  }

  return {
    types(): DocumentTypeInfo[] {
      return Object.values(DOCUMENT_REGISTRY).map((def) => ({
        type: def.type,
        label: def.label,
        legalStrength: def.legalStrength,
        rowsField: def.rowsField,
        variables: templateVariables(def),
        columns: columnsOf(def),
        dataColumns: dataColumns(def),
      }));
    },

    /**
     * Documents from data (JSON items or rows of a CSV/XLSX file): all or nothing. The items are read twice — all
     * of them checked first, then prepared, rendered and stored chunk by chunk (D80) — so `items` must be
     * iterable again (an array, or an object whose iterator starts afresh); nothing per document is kept.
     */
    async importData(actor: Actor, type: DocumentTypeName, items: Iterable<FlatItem>): Promise<ImportResult> {
      const def = documentType(type);
      const total = await checkItems(actor, def, items);
      const { importId, count } = await store(actor, type, 'data', preparedChunks(actor, def, items, total));
      return { importId, type, created: count, unmatchedPages: [], skippedFiles: [] };
    },

    /** Ready PDFs with their recipient keys (the API, a ZIP, a split printout): all or nothing. */
    async importPdfs(
      actor: Actor,
      input: {
        type: DocumentTypeName;
        period: string;
        source: 'api' | 'zip' | 'printout';
        files: { line: number; recipientKey: string; pdf: Buffer; title?: string; fields?: Record<string, unknown> }[];
      },
    ): Promise<{ importId: string; created: number; ids: string[] }> {
      const def = documentType(input.type);
      const targets = await targetsFor(
        actor,
        input.files.map((f) => f.recipientKey),
      );
      const errors: RowIssue[] = [];
      const prepared: Prepared[] = [];
      for (const f of input.files) {
        const r = targets.get(f.recipientKey)!;
        if (!r.ok) {
          errors.push({ line: f.line, key: f.recipientKey, path: 'recipientKey', message: r.message });
          continue;
        }
        const unitPart = r.target.parties.unit
          ? `_lokal_${fileSlug(r.target.parties.unit.number)}`
          : `_${fileSlug(f.recipientKey)}`;
        prepared.push({
          target: r.target,
          recipientKey: f.recipientKey,
          period: input.period,
          title: f.title || `${def.label}${r.target.parties.unit ? ` — lokal ${r.target.parties.unit.number}` : ''}`,
          filename: `${fileSlug(def.label)}_${input.period}${unitPart}.pdf`,
          data: { ...(f.fields ?? {}) },
          pdf: f.pdf,
        });
      }
      reject(errors, input.files.length);
      const { importId, ids } = await store(actor, input.type, input.source, chunksOf(prepared, STORE_CHUNK), {
        readyBytes: prepared.reduce((n, p) => n + (p.pdf as Buffer).length, 0),
        ids: true,
      });
      return { importId, created: prepared.length, ids };
    },

    /** A ZIP of PDFs named by recipient key (e.g. L0012.pdf): all or nothing. */
    async importZip(actor: Actor, type: DocumentTypeName, period: string, zip: Buffer): Promise<ImportResult> {
      // fflate is loaded only when a ZIP arrives (PDFs are read in the reading processes, never here).
      const { readPdfZip } = await import('../../documents/printout/zip.js');
      const { files, rejected } = readPdfZip(zip, {
        maxFiles: 20_000,
        maxTotalBytes: importLimitBytes,
        maxFileBytes: 50 * 1048576,
      });
      // Each PDF is read whole (in the reading processes) before anything is stored.
      const refusals = await pdfReader.checkAll(
        files.map((f) => f.data),
        importLimitBytes,
      );
      refusals.forEach((refusal, i) => {
        if (refusal) rejected.push({ name: files[i]!.name, reason: refusal.message });
      });
      if (rejected.length > 0) {
        throw new RowsRejectedError(
          `Nie zaimportowano niczego: ${rejected.length} ${pluralForm(rejected.length, ['plik nie nadaje się', 'pliki nie nadają się', 'plików nie nadaje się'])} do wysyłki.`,
          rejected.map((r, i) => ({ line: i + 1, key: r.name, path: 'file', message: r.reason })),
        );
      }
      const result = await this.importPdfs(actor, {
        type,
        period,
        source: 'zip',
        files: files.map((f, i) => ({ line: i + 1, recipientKey: f.key, pdf: Buffer.from(f.data) })),
      });
      return { importId: result.importId, type, created: result.created, unmatchedPages: [], skippedFiles: [] };
    },

    /**
     * One big printout split per recipient by the key found on each page (unit key, NRB, recipient key). Pages
     * that match nobody are reported, not stored; a key that names nobody rejects the whole printout.
     */
    async importPrintout(actor: Actor, type: DocumentTypeName, period: string, pdf: Buffer): Promise<ImportResult> {
      const known = await repo.allKeys(db);
      const keys = [
        ...known.units.map((u) => ({
          key: u.external_key ?? (u.bank_account as string),
          patterns: [u.external_key, u.bank_account].filter((p): p is string => !!p),
        })),
        ...known.recipients.map((r) => ({ key: r.external_key as string, patterns: [r.external_key as string] })),
      ];
      const split = await pdfReader.split(pdf, keys, importLimitBytes);
      const unmatchedPages = split.unmatched.map((u) => ({
        page: u.page,
        reason:
          u.reason === 'ambiguous' ? `kilka kluczy na stronie: ${u.candidates.join(', ')}` : 'brak klucza adresata',
        text: u.text,
      }));
      if (split.documents.length === 0) {
        throw new RowsRejectedError(
          'Na żadnej stronie wydruku nie znaleziono klucza lokalu, adresata ani numeru rachunku.',
          unmatchedPages.map((u) => ({ line: u.page, path: 'page', message: u.reason })),
        );
      }
      const result = await this.importPdfs(actor, {
        type,
        period,
        source: 'printout',
        files: split.documents.map((d) => ({ line: d.pages[0]!, recipientKey: d.key, pdf: Buffer.from(d.pdf) })),
      });
      return { importId: result.importId, type, created: result.created, unmatchedPages, skippedFiles: [] };
    },

    /** One ready PDF from a rent system with its recipient key and merge fields. */
    async addPdf(actor: Actor, fields: PdfDocumentFields, pdf: Buffer): Promise<DocumentSummary> {
      await pdfReader.check(pdf, importLimitBytes);
      const { ids } = await this.importPdfs(actor, {
        type: fields.type,
        period: fields.period,
        source: 'api',
        files: [{ line: 1, recipientKey: fields.recipientKey, pdf, title: fields.title, fields: fields.fields }],
      });
      const row = await repo.findById(db, ids[0]!);
      return toDocumentSummary(row!);
    },

    async list(actor: Actor, query: DocumentListQuery) {
      const rows = await repo.list(db, {
        propertyIds: scopeIds(await propertyScope(actor)),
        type: query.type,
        period: query.period,
        propertyId: query.propertyId,
        importId: query.importId,
        after: decodeCursor(query.cursor, 'documents'),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (r) => ({ value: r.created_at, id: r.id }), toDocumentSummary, 'documents');
    },

    async get(actor: Actor, id: string): Promise<DocumentDetail> {
      const row = await loadVisible(actor, id);
      return { ...toDocumentSummary(row), data: JSON.parse(row.data) };
    },

    async pdf(actor: Actor, id: string) {
      const row = await loadVisible(actor, id);
      return { filename: row.filename, data: await blobs.get(db, row.pdf_sha256) };
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
