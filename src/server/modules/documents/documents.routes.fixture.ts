/** Shared set-up and helpers of the documents route tests (documents.routes.*.test.ts). */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, PERIOD } from '../../../../test/support/documents.js';
import { pdfText } from '../../../../test/support/pdf.js';
import { expectError, expectStatus, upload } from '../../../../test/support/world.js';
import type { DocumentSummary } from '../../../shared/documents.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';
import { renderPdf } from '../../documents/pdf/sheet.js';

/** The app with the demo world, shared by this file's importer; set by setupDocumentsApp() in each test file. */
export let t: TestApp;
export let w: DocumentWorld;

export function setupDocumentsApp() {
  beforeAll(async () => {
    t = await createTestApp();
    w = await createDocumentWorld(t);
  }, 60_000);
  afterAll(() => t?.close());
}

// ------------------------------------------------------------------------------------------------------- helpers

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
/** pdftotext's text with every run of whitespace (incl. U+00A0 / U+202F) as one space. */
export const flatText = (pdf: Buffer) => pdfText(pdf).replace(/[\s\u00a0\u202f]+/g, ' ');

export interface Row {
  line: number;
  key?: string | null;
  path: string;
  message: string;
}

/** The unit as stored (by its external key). */
export async function unit(key: string) {
  return t.container.db
    .selectFrom('units')
    .select(['id', 'number', 'bank_account', 'property_id'])
    .where('external_key', '=', key)
    .executeTakeFirstOrThrow();
}

/** Rows of documents and blobs and entries of the audit log. */
export async function counts() {
  const db = t.container.db;
  const n = async (table: 'documents' | 'blobs' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(table as 'documents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { documents: await n('documents'), blobs: await n('blobs'), audit: await n('audit_log') };
}

export function feeItem(key: string, patch: Record<string, unknown> = {}) {
  const u = w.units.find((x) => x.key === key);
  if (!u) throw new Error(`no demo unit ${key}`);
  return { recipientKey: key, data: { ...demoFeeNotice(u, PERIOD), ...patch } };
}

export function importJson(session: Session | null, items: unknown[], type = 'fee_notice') {
  return call(t, session, 'POST', '/api/documents/import', { type, items });
}

/** A 422 that stored nothing: returns the body's rows. */
export async function expectRejected(request: () => Promise<Awaited<ReturnType<typeof call>>>, message?: RegExp) {
  const before = await counts();
  const res = await request();
  const error = expectError(res, 422, 'rows_rejected', message) as unknown as { rows: Row[] };
  expect(await counts()).toEqual(before);
  return error.rows;
}

export async function documentsOf(importId: string): Promise<DocumentSummary[]> {
  const page = expectStatus(
    await call(t, w.admin, 'GET', `/api/documents?importId=${encodeURIComponent(importId)}&limit=200`),
    200,
  );
  return page.items;
}

export async function getPdf(session: Session, id: string) {
  const res = await call(t, session, 'GET', `/api/documents/${id}/pdf`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.rawPayload;
}

/** A small PDF made by the app's own kit; `lines` are printed on page 1. */
export function samplePdf(title: string, lines: string[] = []): Promise<Buffer> {
  return renderPdf({ title, author: 'System czynszowy', createdAt: new Date('2026-03-01T00:00:00Z') }, (s) => {
    s.title(title);
    for (const l of lines) s.paragraph(l);
  });
}

export const pdfFile = (data: Uint8Array, filename = 'dokument.pdf') => ({
  filename,
  contentType: 'application/pdf',
  data,
});

// ----------------------------------------------------------------------------------------------- 1. JSON import

// -------------------------------------------------------------------------------------------- 3. data files

export const CSV_HEADER = [
  'recipientKey',
  'number',
  'issueDate',
  'place',
  'validFrom',
  'areaM2',
  'total',
  'previousTotal',
  'justification',
  'components.name',
  'components.basis',
  'components.rate',
  'components.quantity',
  'components.amount',
];
export type Component = [name: string, basis: string, rate: string, quantity: string, amount: string];
export const CSV_DOCS: {
  key: string;
  area: string;
  total: string;
  previous: string;
  why: string;
  comps: Component[];
}[] = [
  {
    key: 'SMP-0001',
    area: '54,30',
    total: '657,03',
    previous: '600,00',
    why: 'Wzrost stawki; uchwała nr 12/2025, Łódź',
    comps: [
      ['Eksploatacja', 'm2', '2,20', '54,30', '119,46'],
      ['Fundusz remontowy', 'm2', '3,90', '54,30', '211,77'],
      ['Zaliczka c.o.', 'm2', '6,00', '54,30', '325,80'],
    ],
  },
  {
    key: 'SMP-0002',
    area: '40',
    total: '245,50',
    previous: '245,50',
    why: '',
    comps: [
      ['Eksploatacja', 'm2', '2,20', '40', '88,00'],
      ['Fundusz remontowy', 'm2', '3,90', '40', '156,00'],
      ['Domofon', 'lokal', '1,50', '1', '1,50'],
    ],
  },
  {
    key: 'WMD-0003',
    area: '61,2',
    total: '327,42',
    previous: '',
    why: '',
    comps: [
      ['Zaliczka na koszty zarządu', 'm2', '2,85', '61,2', '174,42'],
      ['Fundusz remontowy', 'm2', '2,50', '61,2', '153,00'],
    ],
  },
];

/** One row per component, the document's own fields repeated: header on line 1, then lines 2–9. */
export function csvRows(patch: (row: string[], line: number) => string[] = (r) => r): string[][] {
  const rows: string[][] = [];
  for (const d of CSV_DOCS) {
    for (const c of d.comps) {
      const row = [
        d.key,
        `ZO/2026/04/${d.key}`,
        '20.03.2026',
        'Łódź',
        '01.04.2026',
        d.area,
        d.total,
        d.previous,
        d.why,
        ...c,
      ];
      rows.push(patch(row, rows.length + 2));
    }
  }
  return rows;
}

export function csvText(header: string[], rows: string[][]): string {
  const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

export const csvFile = (text: string, filename = 'oplaty.csv') => ({
  filename,
  contentType: 'text/csv',
  data: Buffer.from(text, 'utf-8'),
});

export function importFile(file: { filename: string; contentType: string; data: Uint8Array }, type = 'fee_notice') {
  return upload(t, w.admin, '/api/documents/import-file', file, { type });
}
