import { createHash } from 'node:crypto';
import type {
  ImportRowError,
  RecipientImportCounts,
  RecipientImportMapping,
  RecipientImportPreview,
  RecipientImportPreviewRow,
  RecipientImportResult,
} from '../../../shared/imports.js';
import type { Db, RecipientUnitRole, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { readTable, type Table, type TableEncoding } from '../../lib/tabular.js';
import { foldForSearch } from '../../lib/text.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requireAdmin } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import type { PropertiesRepository } from '../properties/properties.repository.js';
import { recipientSearchText } from '../recipients/recipients.js';
import type { RecipientsRepository } from '../recipients/recipients.repository.js';
import {
  addressKey,
  type Columns,
  type Existing,
  emptyCounts,
  type ParsedRow,
  type Plan,
  parseRow,
  planImport,
  propertyIndex,
  resolveMapping,
  sortErrors,
  suggestMapping,
} from './imports.js';
import type { ImportsRepository } from './imports.repository.js';

export interface ImportsDeps {
  db: Db;
  repo: ImportsRepository;
  recipients: RecipientsRepository;
  properties: PropertiesRepository;
  audit: AuditLog;
  clock: Clock;
}

export interface RecipientImportInput {
  file: { filename: string; data: Buffer };
  /** File column → field; the mapping suggested from the header names when absent. */
  mapping?: RecipientImportMapping;
  encoding?: TableEncoding;
  sheet?: string;
}

export type RecipientImportOutcome =
  | ({ ok: true } & RecipientImportResult)
  | { ok: false; errors: ImportRowError[]; errorCount: number };

/** Errors listed in a response; `errorCount` tells how many there are in all. */
const MAX_LISTED_ERRORS = 1000;
const ID_CHUNK = 500;

function unique<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))];
}

export function createImportsService(deps: ImportsDeps) {
  const { db, repo, recipients, properties, audit, clock } = deps;

  function assertCanImport(actor: Actor) {
    requireAdmin(actor, 'Importować adresatów i lokale może tylko administrator.');
  }

  /** The file as a table and the mapping checked against its header; no database needed. */
  async function read(input: RecipientImportInput) {
    const table = await readTable(input.file.data, input.file.filename, {
      encoding: input.encoding,
      sheet: input.sheet,
    });
    const suggestedMapping = suggestMapping(table.headers);
    const mapping = input.mapping ?? suggestedMapping;
    const { columns, errors } = resolveMapping(mapping, table.headers);
    const file = {
      name: input.file.filename,
      sha256: createHash('sha256').update(input.file.data).digest('hex'),
      format: table.format,
      encoding: table.encoding ?? null,
      delimiter: table.delimiter ?? null,
      sheet: table.sheet ?? null,
    };
    return { table, file, suggestedMapping, mapping, columns, mappingErrors: sortErrors(errors) };
  }

  /** What the database holds for the keys and names in the rows. */
  async function lookUp(tx: Db, rows: ParsedRow[], propertyRows: Row<'properties'>[]): Promise<Existing> {
    const recipientKeys = unique(rows.map((r) => r.recipient.externalKey));
    const sortNames = unique(rows.map((r) => (r.recipient.name ? foldForSearch(r.recipient.name) : undefined)));
    const [byKey, byName] = await Promise.all([
      repo.recipientsByExternalKeys(tx, recipientKeys),
      repo.recipientsBySortNames(tx, sortNames),
    ]);
    const found = new Map([...byKey, ...byName].map((r) => [r.id, r]));
    const ids = [...found.keys()];
    const emails = new Map<string, string[]>();
    const links = new Map<string, Map<string, RecipientUnitRole>>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      for (const e of await recipients.emailsOf(tx, chunk)) {
        emails.set(e.recipient_id, [...(emails.get(e.recipient_id) ?? []), e.address]);
      }
      for (const l of await recipients.unitsOf(tx, chunk)) {
        links.set(l.recipient_id, (links.get(l.recipient_id) ?? new Map()).set(l.unit_id, l.role));
      }
    }
    const recipientsByAddress = new Map<string, Row<'recipients'>[]>();
    for (const r of byName) {
      const key = addressKey({ name: r.name, street: r.street, postalCode: r.postal_code, city: r.city });
      recipientsByAddress.set(key, [...(recipientsByAddress.get(key) ?? []), r]);
    }

    const unitKeys = unique(rows.map((r) => r.unit.externalKey));
    const pairs = new Map<string, { propertyId: string; number: string }>();
    for (const { unit } of rows) {
      if (unit.propertyId && unit.number) {
        pairs.set(`${unit.propertyId}|${unit.number}`, { propertyId: unit.propertyId, number: unit.number });
      }
    }
    const [unitsByKey, unitsByNumber] = await Promise.all([
      repo.unitsByExternalKeys(tx, unitKeys),
      repo.unitsByNumbers(tx, [...pairs.values()]),
    ]);
    // A unit found by key may be renumbered by the file; its current number is taken all the same.
    const numbered = [...unitsByNumber, ...unitsByKey];
    return {
      properties: new Map(propertyRows.map((p) => [p.id, { id: p.id, name: p.name }])),
      recipientsByKey: new Map(byKey.map((r) => [r.external_key as string, r])),
      recipientsByAddress,
      emails,
      links,
      unitsByKey: new Map(unitsByKey.map((u) => [u.external_key as string, u])),
      unitsByNumber: new Map(numbered.map((u) => [`${u.property_id}|${u.number}`, u])),
    };
  }

  async function plan(tx: Db, table: Table, columns: Columns): Promise<Plan> {
    const propertyRows = await properties.listWithUnitCounts(tx, null);
    const findProperty = propertyIndex(propertyRows.map((p) => ({ id: p.id, name: p.name })));
    const rows = table.rows.map((row) => parseRow(row, columns, findProperty));
    return planImport(rows, columns, await lookUp(tx, rows, propertyRows), newId);
  }

  /** Stores a plan without errors: units first (links point at them), then recipients with e-mails and links. */
  async function apply(tx: Db, p: Plan) {
    const now = clock.now().toISOString();
    for (const { id, action, values: v } of p.units) {
      const fields = {
        number: v.number,
        kind: v.kind,
        address: v.address,
        bank_account: v.bankAccount,
        external_key: v.externalKey,
      };
      if (action === 'create') {
        await properties.insertUnit(tx, { id, property_id: v.propertyId, ...fields, created_at: now, updated_at: now });
      } else if (action === 'update') {
        await properties.updateUnit(tx, id, { ...fields, updated_at: now });
      }
    }
    for (const r of p.recipients) {
      const v = r.values;
      const fields = {
        name: v.name,
        street: v.street,
        postal_code: v.postalCode,
        city: v.city,
        country: v.country,
        channel: v.channel,
        consent_at: v.consent?.date ?? null,
        consent_source: v.consent?.source ?? null,
        external_key: v.externalKey,
        pdf_code: v.pdfCode,
        search_text: recipientSearchText(v),
        sort_name: foldForSearch(v.name),
      };
      if (r.action === 'create') {
        await recipients.insert(tx, { id: r.id, ...fields, created_at: now, updated_at: now });
      } else if (r.action === 'update') {
        await recipients.update(tx, r.id, { ...fields, updated_at: now });
      }
      if (r.emailsChanged) {
        await recipients.replaceEmails(
          tx,
          r.id,
          v.emails.map((address, position) => ({ id: newId(), recipient_id: r.id, address, position })),
        );
      }
      if (r.linksChanged) await recipients.replaceUnits(tx, r.id, r.links);
    }
  }

  return {
    assertCanImport,

    /** What an import of this file would do, without storing anything. */
    async previewRecipients(
      actor: Actor,
      input: RecipientImportInput,
      options: { rows: number },
    ): Promise<RecipientImportPreview> {
      assertCanImport(actor);
      const r = await read(input);
      let errors = r.mappingErrors;
      let counts: RecipientImportCounts = emptyCounts(r.table.rows.length);
      let view = (line: number): RecipientImportPreviewRow => ({ line, recipient: null, unit: null, link: null });
      if (errors.length === 0) {
        const p = await plan(db, r.table, r.columns);
        errors = p.errors;
        counts = p.counts;
        view = p.view;
      }
      return {
        file: r.file,
        headers: r.table.headers,
        suggestedMapping: r.suggestedMapping,
        mapping: r.mapping,
        rows: r.table.rows.slice(0, options.rows).map((row) => view(row.line)),
        errors: errors.slice(0, MAX_LISTED_ERRORS),
        errorCount: errors.length,
        counts,
      };
    },

    /**
     * Imports the file in one transaction — all of it, or, when any row has an error, nothing (the errors are
     * returned). Recipients and units are matched by their keys (else by name and address, and by property and
     * number); an empty cell leaves the stored value as it is. One audit entry for the whole import.
     */
    async importRecipients(actor: Actor, input: RecipientImportInput): Promise<RecipientImportOutcome> {
      assertCanImport(actor);
      const r = await read(input);
      const rejected = (errors: ImportRowError[]) => ({
        ok: false as const,
        errors: errors.slice(0, MAX_LISTED_ERRORS),
        errorCount: errors.length,
      });
      if (r.mappingErrors.length > 0) return rejected(r.mappingErrors);
      const outcome = await db.transaction().execute(async (tx): Promise<RecipientImportOutcome> => {
        const p = await plan(tx, r.table, r.columns);
        if (p.errors.length > 0) return rejected(p.errors);
        await apply(tx, p);
        await audit.record(tx, actor, {
          action: 'import.recipients',
          entityType: 'import',
          entityId: null,
          details: { file: r.file, mapping: r.mapping, counts: p.counts },
        });
        return { ok: true, file: r.file, counts: p.counts };
      });
      // Documents for these units are imported next, and looked up by unit and recipient: statistics first (D64).
      if (outcome.ok) await repo.analyzeAfterImport(db, r.table.rows.length);
      return outcome;
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
