import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Session } from '../../../../test/support/app.js';
import { PERIOD } from '../../../../test/support/documents.js';
import { pdfPages } from '../../../../test/support/pdf.js';
import {
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  multipartFile,
  upload,
} from '../../../../test/support/world.js';
import { formatNrb } from '../../../shared/nrb.js';
import { renderPdf } from '../../documents/pdf/sheet.js';

import {
  counts,
  documentsOf,
  expectRejected,
  feeItem,
  flatText,
  getPdf,
  importJson,
  pdfFile,
  samplePdf,
  setupDocumentsApp,
  sha256,
  t,
  unit,
  w,
} from './documents.routes.fixture.js';

setupDocumentsApp();

describe('POST /api/documents/pdf', () => {
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await samplePdf('Nota odsetkowa nr NO/5/2026', ['Odsetki za zwłokę: 12,50 zł.']);
  });

  const send = (fields: Record<string, string>, file = pdfFile(pdf, 'nota.pdf')) =>
    upload(t, w.admin, '/api/documents/pdf', file, fields);

  it('stores the PDF byte for byte with its key, period, title and merge fields → 201', async () => {
    const u = await unit('SMP-0003');
    const summary = expectStatus(
      await send({
        type: 'sales_document',
        recipientKey: 'SMP-0003',
        period: '2026-04',
        title: 'Nota odsetkowa nr NO/5/2026',
        fields: JSON.stringify({ kwota: '12,50', numer: 'NO/5/2026', zaplacono: false }),
      }),
      201,
    );
    expect(summary).toMatchObject({
      type: 'sales_document',
      source: 'api',
      recipientKey: 'SMP-0003',
      unitId: u.id,
      propertyId: u.property_id,
      recipientId: null,
      period: '2026-04',
      title: 'Nota odsetkowa nr NO/5/2026',
      filename: expect.stringMatching(/_2026-04_lokal_sloneczna_4-3\.pdf$/),
      pdfSize: pdf.length,
      pdfSha256: sha256(pdf),
    });
    const stored = await getPdf(w.admin, summary.id);
    expect(Buffer.compare(stored, pdf)).toBe(0);
    const detail = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${summary.id}`), 200);
    expect(detail.data).toEqual({ kwota: '12,50', numer: 'NO/5/2026', zaplacono: false });
  });

  it("resolves a unit's NRB given with spaces, and a recipient's own key", async () => {
    const u = await unit('WMK-0002');
    const spaced = formatNrb(u.bank_account!);
    const byNrb = expectStatus(await send({ type: 'general_letter', recipientKey: spaced, period: '2026-04' }), 201);
    expect(byNrb).toMatchObject({ unitId: u.id, recipientKey: spaced, title: expect.stringContaining(u.number) });
    const recipient = await t.container.db
      .selectFrom('recipients')
      .select('id')
      .where('external_key', '=', 'WMK-0003-1')
      .executeTakeFirstOrThrow();
    const byRecipient = expectStatus(
      await send({ type: 'general_letter', recipientKey: 'WMK-0003-1', period: '2026-04' }),
      201,
    );
    expect(byRecipient).toMatchObject({ recipientId: recipient.id, unitId: (await unit('WMK-0003')).id });
  });

  it('refuses a file that is not a PDF (400), an unknown key (422), bad fields JSON and a bad period (400)', async () => {
    const before = await counts();
    const good = { type: 'general_letter', recipientKey: 'SMP-0003', period: '2026-04' };
    expectFieldError(
      await send(good, { filename: 'nota.pdf', contentType: 'application/pdf', data: Buffer.from('To nie PDF') }),
      'file',
      'Plik nie jest prawidłowym PDF-em.',
    );
    const rows = await expectRejected(() => send({ ...good, recipientKey: 'NIE-MA-1' }));
    expect(rows).toEqual([
      {
        line: 1,
        key: 'NIE-MA-1',
        path: 'recipientKey',
        message: 'Nie znaleziono lokalu ani adresata o kluczu „NIE-MA-1”.',
      },
    ]);
    expectFieldError(
      await send({ ...good, fields: '{"kwota": 12,' }),
      'fields',
      'Pole „fields” nie jest poprawnym JSON-em.',
    );
    expectFieldError(await send({ ...good, fields: '{"lista": [1, 2]}' }), 'fields.lista', /.+/);
    expectFieldError(await send({ ...good, period: '2026-13' }), 'period', 'Okres w postaci RRRR-MM, np. 2026-04.');
    expectFieldError(await send({ ...good, period: '04.2026' }), 'period', /RRRR-MM/);
    expectFieldError(await send({ type: 'general_letter', period: '2026-04' }), 'recipientKey', /.+/);
    expectFieldError(await send({ ...good, kolor: 'zielony' }), 'form', /.+/);
    expect(await counts()).toEqual(before);
  });
});

// -------------------------------------------------------------------------------------------------- 5. ZIP

describe('POST /api/documents/zip', () => {
  const zipFile = (entries: Record<string, Uint8Array>) => ({
    filename: 'zawiadomienia.zip',
    contentType: 'application/zip',
    data: zipSync(entries),
  });
  const send = (entries: Record<string, Uint8Array>) =>
    upload(t, w.admin, '/api/documents/zip', zipFile(entries), { type: 'fee_notice', period: '2026-06' });

  it('one document per PDF named by the unit key → 201, created = number of files', async () => {
    const keys = ['SMP-0001', 'SMP-0002', 'WMK-0001', 'WMD-0004'];
    const pdfs = new Map<string, Buffer>();
    for (const k of keys) pdfs.set(k, await samplePdf(`Zawiadomienie ${k}`));
    const entries: Record<string, Uint8Array> = {};
    for (const [k, p] of pdfs) entries[k === 'WMD-0004' ? `czerwiec/${k}.pdf` : `${k}.pdf`] = p;
    const res = expectStatus(await send(entries), 201);
    expect(res).toMatchObject({ type: 'fee_notice', created: keys.length, skippedFiles: [], unmatchedPages: [] });
    const docs = await documentsOf(res.importId);
    expect(docs.map((d) => d.recipientKey).sort()).toEqual([...keys].sort());
    for (const d of docs) {
      expect(d).toMatchObject({ source: 'zip', period: '2026-06', unitId: (await unit(d.recipientKey)).id });
      expect(Buffer.compare(await getPdf(w.admin, d.id), pdfs.get(d.recipientKey)!)).toBe(0);
    }
  });

  it('an unknown key or a file that is not a PDF → 422, nothing stored', async () => {
    const pdf = await samplePdf('Zawiadomienie');
    const unknown = await expectRejected(() => send({ 'SMP-0001.pdf': pdf, 'XX-0001.pdf': pdf }));
    expect(unknown).toEqual([
      {
        line: 2,
        key: 'XX-0001',
        path: 'recipientKey',
        message: 'Nie znaleziono lokalu ani adresata o kluczu „XX-0001”.',
      },
    ]);
    const notPdf = await expectRejected(
      () =>
        send({
          'SMP-0001.pdf': pdf,
          'notatka.txt': Buffer.from('lista lokali'),
          'SMP-0002.pdf': Buffer.from('to tylko tekst'),
        }),
      /^Nie zaimportowano niczego: 2 pliki nie nadają się do wysyłki\./,
    );
    expect(notPdf).toEqual([
      { line: 1, key: 'notatka.txt', path: 'file', message: expect.stringMatching(/^To nie jest plik PDF/) },
      { line: 2, key: 'SMP-0002.pdf', path: 'file', message: 'Plik ma rozszerzenie .pdf, ale nie jest PDF-em.' },
    ]);
    const before = await counts();
    expectFieldError(
      await upload(t, w.admin, '/api/documents/zip', pdfFile(pdf, 'a.zip'), { type: 'fee_notice', period: '2026-06' }),
      'file',
      /.+/,
    );
    expect(await counts()).toEqual(before);
  });
});

// --------------------------------------------------------------------------------------------- 6. printout

describe('POST /api/documents/printout', () => {
  // 12 pages: 7 runs of unit keys (three of them two pages long) and 2 pages with no key.
  const PAGES: (string | null)[] = [
    'SMP-0001',
    'SMP-0001',
    'SMP-0002',
    'SMP-0003',
    'SMP-0003',
    null,
    'SMP-0004',
    'WMD-0001',
    'WMD-0001',
    null,
    'WMD-0002',
    'WMK-0001',
  ];

  function printout(pages: (string | null)[]): Promise<Buffer> {
    return renderPdf(
      { title: 'Wydruk', author: 'System czynszowy', createdAt: new Date('2026-03-01T00:00:00Z') },
      (s) => {
        pages.forEach((key, i) => {
          if (i > 0) s.doc.addPage();
          if (key) {
            s.title(`Zawiadomienie o wysokości opłat — lokal ${key}`);
            s.paragraph(`Klucz lokalu: ${key}. Zażółć gęślą jaźń. Opłata miesięczna 1 234,56 zł.`);
          } else {
            s.title('Strona informacyjna');
            s.paragraph('Zestawienie wydruku: operator Małgorzata Ślęzak, bez klucza lokalu.');
          }
        });
      },
    );
  }

  it('splits by the key on each page → 201, one document per run, unmatched pages listed', async () => {
    const pdf = await printout(PAGES);
    expect(pdfPages(pdf)).toBe(12);
    const res = expectStatus(
      await upload(t, w.admin, '/api/documents/printout', pdfFile(pdf, 'wydruk.pdf'), {
        type: 'fee_notice',
        period: '2026-07',
      }),
      201,
    );
    expect(res.created).toBe(7);
    expect(res.unmatchedPages).toEqual([
      { page: 6, reason: 'brak klucza adresata', text: expect.stringContaining('Strona informacyjna') },
      { page: 10, reason: 'brak klucza adresata', text: expect.stringContaining('Strona informacyjna') },
    ]);
    const docs = await documentsOf(res.importId);
    const expectedPagesOf: Record<string, number> = {
      'SMP-0001': 2,
      'SMP-0002': 1,
      'SMP-0003': 2,
      'SMP-0004': 1,
      'WMD-0001': 2,
      'WMD-0002': 1,
      'WMK-0001': 1,
    };
    expect(docs.map((d) => d.recipientKey).sort()).toEqual(Object.keys(expectedPagesOf).sort());
    for (const d of docs) {
      expect(d).toMatchObject({ source: 'printout', period: '2026-07', unitId: (await unit(d.recipientKey)).id });
      const part = await getPdf(w.admin, d.id);
      expect(pdfPages(part), d.recipientKey).toBe(expectedPagesOf[d.recipientKey]);
      const text = flatText(part);
      expect(text).toContain(`lokal ${d.recipientKey}`);
      expect(text).not.toContain('Strona informacyjna');
    }
  });

  it('a printout with no key at all, or that is not a PDF, stores nothing', async () => {
    const before = await counts();
    const rows = await expectRejected(async () =>
      upload(t, w.admin, '/api/documents/printout', pdfFile(await printout([null, null]), 'wydruk.pdf'), {
        type: 'fee_notice',
        period: '2026-07',
      }),
    );
    expect(rows).toEqual([
      { line: 1, path: 'page', message: 'brak klucza adresata' },
      { line: 2, path: 'page', message: 'brak klucza adresata' },
    ]);
    expectFieldError(
      await upload(
        t,
        w.admin,
        '/api/documents/printout',
        { filename: 'wydruk.pdf', contentType: 'application/pdf', data: Buffer.from('nie PDF') },
        { type: 'fee_notice', period: '2026-07' },
      ),
      'file',
      'Plik nie jest prawidłowym PDF-em.',
    );
    expect(await counts()).toEqual(before);
  });
});

// ------------------------------------------------------------------------------------------- 7. authorisation

describe('documents: access', () => {
  /** A multipart POST as `session`, optionally without the CSRF header. */
  async function post(session: Session | null, url: string, csrf: boolean) {
    const body = await multipartFile('plik.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n'), {
      type: 'fee_notice',
      period: PERIOD,
    });
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        ...body.headers,
        ...(session ? { cookie: session.cookie, ...(csrf ? { 'x-csrf-token': session.csrf } : {}) } : {}),
      },
      payload: body.payload,
    });
  }
  const MULTIPART = [
    '/api/documents/import-file',
    '/api/documents/pdf',
    '/api/documents/zip',
    '/api/documents/printout',
  ];

  it('anonymous → 401 on every documents route, nothing stored', async () => {
    const before = await counts();
    for (const url of [
      '/api/document-types',
      '/api/documents',
      `/api/documents/${MISSING_ID}`,
      `/api/documents/${MISSING_ID}/pdf`,
    ]) {
      expectError(await call(t, null, 'GET', url), 401, 'unauthenticated');
    }
    expectError(await importJson(null, [feeItem('SMP-0001')]), 401, 'unauthenticated');
    for (const url of MULTIPART) expectError(await post(null, url, false), 401, 'unauthenticated');
    expect(await counts()).toEqual(before);
  });

  it('without the CSRF token → 403 on every POST, nothing stored', async () => {
    const before = await counts();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/documents/import',
      headers: { cookie: w.admin.cookie },
      payload: { type: 'fee_notice', items: [feeItem('SMP-0001')] },
    });
    expectError(res, 403, 'forbidden', /Sesja wygasła lub żądanie nie pochodzi z aplikacji/);
    for (const url of MULTIPART) {
      expectError(await post(w.clerkA, url, false), 403, 'forbidden', /Sesja wygasła/);
    }
    expect(await counts()).toEqual(before);
  });

  it('documents are not bound to positions: a clerk imports, any clerk reads', async () => {
    const res = expectStatus(await importJson(w.clerkA, [feeItem('SMP-0010'), feeItem('WMD-0005')]), 201);
    expect(res.created).toBe(2);
    const rows = await t.container.db
      .selectFrom('documents')
      .select(['id', 'created_by'])
      .where('import_id', '=', res.importId)
      .execute();
    expect(rows.map((r) => r.created_by)).toEqual([w.clerkAId, w.clerkAId]);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity_id', '=', res.importId)
      .execute();
    expect(audit).toEqual([{ action: 'document.import', actor_id: w.clerkAId }]);
    for (const clerk of [w.clerkA, w.clerkB]) {
      const page = expectStatus(await call(t, clerk, 'GET', `/api/documents?importId=${res.importId}`), 200);
      expect(page.items).toHaveLength(2);
      for (const { id } of rows) {
        expectStatus(await call(t, clerk, 'GET', `/api/documents/${id}`), 200);
        expect((await getPdf(clerk, id)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    }
    // Clerk B (another position) may also import, e.g. a ready PDF.
    const pdf = await samplePdf('Pismo');
    expectStatus(
      await upload(t, w.clerkB, '/api/documents/pdf', pdfFile(pdf), {
        type: 'general_letter',
        recipientKey: 'SMP-0010',
        period: PERIOD,
      }),
      201,
    );
    expectStatus(await call(t, w.clerkB, 'GET', '/api/document-types'), 200);
  });
});
