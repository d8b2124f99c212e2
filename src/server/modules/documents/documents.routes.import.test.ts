import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { PERIOD } from '../../../../test/support/documents.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import { pdfText, qpdfCheck } from '../../../../test/support/pdf.js';
import { expectError, expectFieldError, expectStatus, MISSING_ID } from '../../../../test/support/world.js';
import type { DocumentSummary } from '../../../shared/documents.js';
import { formatNrb, nrbWithCheckDigits } from '../../../shared/nrb.js';

import {
  counts,
  documentsOf,
  expectRejected,
  feeItem,
  flatText,
  getPdf,
  importJson,
  type Row,
  setupDocumentsApp,
  sha256,
  t,
  unit,
  w,
} from './documents.routes.fixture.js';

setupDocumentsApp();

describe('POST /api/documents/import (JSON)', () => {
  // One unit with two co-owners whose names carry Polish letters; an amount big enough to be grouped.
  const SPECIAL = 'SMP-0005';
  const specialData = {
    number: 'ZO/2026/04/SMP-0005',
    issueDate: '20.03.2026',
    place: 'Łódź',
    validFrom: '2026-04-01',
    areaM2: '54,3',
    persons: '3',
    components: [
      { name: 'Eksploatacja', basis: 'm²', rate: '2,20', quantity: '54,30', amount: '119,46' },
      { name: 'Fundusz remontowy', basis: 'm²', rate: '3,90', quantity: '54,30', amount: 211.77 },
      { name: 'Remont dachu (uchwała 7/2026)', basis: 'lokal', amount: '12 014,44 zł' },
    ],
    total: '12 345,67',
    previousTotal: '1234.56',
    justification: 'Uchwała nr 7/2026 o remoncie dachu — jednorazowa zaliczka.',
  };
  let result: { importId: string; created: number; type: string };

  it('stores a fee notice for every demo unit → 201 with the count', async () => {
    const before = await counts();
    const items = w.units.map((u) => (u.key === SPECIAL ? { recipientKey: u.key, data: specialData } : feeItem(u.key)));
    result = expectStatus(await importJson(w.admin, items), 201);
    expect(result).toEqual({
      importId: expect.any(String),
      type: 'fee_notice',
      created: w.units.length,
      unmatchedPages: [],
      skippedFiles: [],
    });
    const after = await counts();
    expect(after.documents - before.documents).toBe(w.units.length);
    expect(after.audit - before.audit).toBe(1);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', result.importId)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('document.import');
    expect(JSON.parse(audit.details)).toMatchObject({ type: 'fee_notice', source: 'data', count: w.units.length });
  });

  it('lists the import in keyset pages (newest first, no gaps or duplicates)', async () => {
    const walked = await pageThrough<DocumentSummary>(t, w.admin, `/api/documents?importId=${result.importId}`, 7);
    const rows = await t.container.db
      .selectFrom('documents')
      .select(['id', 'created_at'])
      .where('import_id', '=', result.importId)
      .execute();
    expect(rows).toHaveLength(w.units.length);
    expectSameSequence(
      walked,
      expectedOrder(
        rows,
        (r) => r.created_at,
        (r) => r.id,
        'desc',
      ),
    );
    expect(walked.map((d) => d.recipientKey).sort()).toEqual(w.units.map((u) => u.key).sort());
    expect(walked.every((d) => d.source === 'data' && d.type === 'fee_notice' && d.period === PERIOD)).toBe(true);
    // Another filter: the period matches too; a period with nothing gives nothing.
    const other = expectStatus(
      await call(t, w.admin, 'GET', `/api/documents?importId=${result.importId}&period=2026-05`),
      200,
    );
    expect(other).toEqual({ items: [], nextCursor: null });
  });

  it('gives the normalised data: grosze, ISO dates, numbers, defaults, the NRB from the unit', async () => {
    const u = await unit(SPECIAL);
    const docs = await documentsOf(result.importId);
    const summary = docs.find((d) => d.recipientKey === SPECIAL)!;
    expect(summary).toMatchObject({ unitId: u.id, propertyId: u.property_id, recipientId: null });
    const doc = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${summary.id}`), 200);
    expect(doc.title).toBe(`Zawiadomienie o wysokości opłat od 01.04.2026 — lokal ${u.number}`);
    expect(doc.filename).toBe('zawiadomienie_oplaty_2026-04_lokal_sloneczna_4-5.pdf');
    expect(doc.data).toEqual({
      number: 'ZO/2026/04/SMP-0005',
      issueDate: '2026-03-20',
      place: 'Łódź',
      validFrom: '2026-04-01',
      legalTitle: null,
      areaM2: 54.3,
      persons: 3,
      components: [
        { name: 'Eksploatacja', basis: 'm²', rate: 2.2, quantity: 54.3, amount: 11946 },
        { name: 'Fundusz remontowy', basis: 'm²', rate: 3.9, quantity: 54.3, amount: 21177 },
        { name: 'Remont dachu (uchwała 7/2026)', basis: 'lokal', rate: null, quantity: null, amount: 1201444 },
      ],
      total: 1234567,
      previousTotal: 123456,
      justification: 'Uchwała nr 7/2026 o remoncie dachu — jednorazowa zaliczka.',
      paymentDeadline: 'do 10. dnia każdego miesiąca',
      nrb: u.bank_account,
      notes: null,
    });
    expect(doc.data.nrb).toMatch(/^\d{26}$/);
  });

  it('serves the PDF as rendered: the recipients with Polish letters, the grouped total, the NRB in fours', async () => {
    const u = await unit(SPECIAL);
    const summary = (await documentsOf(result.importId)).find((d) => d.recipientKey === SPECIAL)!;
    const pdf = await getPdf(w.admin, summary.id);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBe(summary.pdfSize);
    expect(sha256(pdf)).toBe(summary.pdfSha256);
    qpdfCheck(pdf);
    const text = flatText(pdf);
    // The cooperative's member (the title holder) first, then the co-owner; names as stored.
    expect(text).toContain('Łucja Nowak, Danuta Ślusarczyk');
    expect(text).toContain('12 345,67');
    expect(text).toContain('1 234,56'); // the previous total: grouped from 1 000 up, like 12 345,67 above it
    // What copying from the PDF gives (and a bank form gets): the no-break space's glyph reads back as a space.
    expect(pdfText(pdf)).toMatch(/ 1 234,56(?=\s)/);
    expect(pdfText(pdf)).not.toContain('\u00a0');
    expect(text).toContain(formatNrb(u.bank_account!));
    expect(formatNrb(u.bank_account!)).toMatch(/^\d{2}( \d{4}){6}$/);
    expect(text).toContain('dwanaście tysięcy trzysta czterdzieści pięć złotych 67/100');

    // An ordinary demo notice: its own total, formatted.
    const plain = (await documentsOf(result.importId)).find((d) => d.recipientKey === 'WMK-0003')!;
    const plainDoc = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${plain.id}`), 200);
    const plainText = flatText(await getPdf(w.admin, plain.id));
    expect(plainText).toContain('Katarzyna Mazur');
    const total = plainDoc.data.total as number;
    expect(plainText).toContain(`${Math.floor(total / 100)},${String(total % 100).padStart(2, '0')}`);
  });

  it('404 for a missing document and its PDF; 400 for a malformed id', async () => {
    expectError(await call(t, w.admin, 'GET', `/api/documents/${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'GET', `/api/documents/${MISSING_ID}/pdf`), 404, 'not_found');
    expectError(await call(t, w.admin, 'GET', '/api/documents/nie-ma'), 400, 'validation_failed');
  });
});

// ------------------------------------------------------------------------------------------------ 2. rejections

describe('POST /api/documents/import: all or nothing', () => {
  const GOOD = ['SMP-0001', 'SMP-0002', 'SMP-0003', 'WMD-0001', 'WMK-0001'];
  let emptyUnitKey: string;

  beforeAll(async () => {
    const property = (
      expectStatus(await call(t, w.admin, 'GET', '/api/properties'), 200) as { id: string; name: string }[]
    ).find((p) => p.name === 'WM Długa 12')!;
    emptyUnitKey = 'WMD-PUSTY';
    expectStatus(
      await call(t, w.admin, 'POST', '/api/units', {
        propertyId: property.id,
        number: 'Długa 12/99',
        externalKey: emptyUnitKey,
        bankAccount: nrbWithCheckDigits('124010370000000000009999'),
      }),
      201,
    );
  });

  /** Five good items with item `index` (0-based) replaced. */
  const withBad = (index: number, item: { recipientKey: string; data: Record<string, unknown> }) =>
    GOOD.map((k, i) => (i === index ? item : feeItem(k)));

  const cases: { name: string; index: number; item: () => ReturnType<typeof feeItem>; rows: (key: string) => Row[] }[] =
    [
      {
        name: 'an unknown recipient key',
        index: 2,
        item: () => ({ ...feeItem('SMP-0003'), recipientKey: 'XYZ-9999' }),
        rows: () => [
          {
            line: 3,
            key: 'XYZ-9999',
            path: 'recipientKey',
            message: 'Nie znaleziono lokalu ani adresata o kluczu „XYZ-9999”.',
          },
        ],
      },
      {
        name: 'a bad amount of a component',
        index: 1,
        item: () => {
          const item = feeItem('SMP-0002');
          const components = (item.data.components as Record<string, string>[]).map((c) => ({ ...c }));
          components[1]!.amount = '12,345';
          return { ...item, data: { ...item.data, components } };
        },
        rows: (key) => [
          {
            line: 2,
            key,
            path: 'components.1.amount',
            message: 'Nieprawidłowa kwota — wpisz np. 1234,56 (najwyżej 2 miejsca po przecinku).',
          },
        ],
      },
      {
        name: 'a bad date',
        index: 4,
        item: () => feeItem('WMK-0001', { issueDate: '31.02.2026' }),
        rows: (key) => [{ line: 5, key, path: 'issueDate', message: 'Taki dzień nie istnieje: 31 lutego 2026.' }],
      },
      {
        name: 'a change not from the first day of a month',
        index: 0,
        item: () => feeItem('SMP-0001', { validFrom: '15.04.2026' }),
        rows: (key) => [
          {
            line: 1,
            key,
            path: 'validFrom',
            message: 'Opłaty zmieniają się od pierwszego dnia miesiąca — wpisz np. 01.04.2026.',
          },
        ],
      },
      {
        name: 'an NRB of the wrong length',
        index: 3,
        item: () => feeItem('WMD-0001', { nrb: '12 3456 7890' }),
        rows: (key) => [{ line: 4, key, path: 'nrb', message: 'Numer rachunku musi mieć 26 cyfr.' }],
      },
      {
        name: 'an NRB with a wrong check sum',
        index: 3,
        item: () => {
          const good = nrbWithCheckDigits('124010370000000000001234');
          const bad = `${good.slice(0, 25)}${(Number(good[25]) + 1) % 10}`;
          return feeItem('WMD-0001', { nrb: formatNrb(bad) });
        },
        rows: (key) => [
          {
            line: 4,
            key,
            path: 'nrb',
            message: 'Numer rachunku jest nieprawidłowy (błędna suma kontrolna) — sprawdź cyfry.',
          },
        ],
      },
      {
        name: 'a total that is not the sum of the components',
        index: 2,
        item: () => feeItem('SMP-0003', { total: '1,00', previousTotal: '' }),
        rows: (key) => [
          {
            line: 3,
            key,
            path: 'total',
            message: expect.stringMatching(
              /^Suma składników \(\d+,\d\d\u00a0zł\) nie zgadza się z opłatą razem \(1,00\u00a0zł\)\.$/,
            ),
          },
        ],
      },
      {
        name: 'an increase without a justification',
        index: 1,
        item: () => feeItem('SMP-0002', { previousTotal: '1,00', justification: '' }),
        rows: (key) => [
          {
            line: 2,
            key,
            path: 'justification',
            message: 'Zmiana wysokości opłat wymaga pisemnego uzasadnienia — wpisz je w polu „uzasadnienie”.',
          },
        ],
      },
      {
        name: 'a unit nobody is linked to',
        index: 4,
        item: () => ({ ...feeItem('WMK-0001'), recipientKey: emptyUnitKey }),
        rows: (key) => [
          {
            line: 5,
            key,
            path: 'recipientKey',
            message: 'Lokal Długa 12/99 (WM Długa 12) nie ma przypisanego adresata — przypisz właściciela lub najemcę.',
          },
        ],
      },
      {
        name: 'an empty list of components',
        index: 0,
        item: () => feeItem('SMP-0001', { components: [] }),
        rows: (key) => [{ line: 1, key, path: 'components', message: 'Podaj co najmniej jeden składnik opłaty.' }],
      },
    ];

  it.each(cases)('refuses the whole import for $name (one bad item of five)', async ({ index, item, rows }) => {
    const bad = item();
    const got = await expectRejected(
      () => importJson(w.admin, withBad(index, bad)),
      /^Nie zaimportowano niczego: 1 błąd w 1 z 5 pozycji\. Popraw plik/,
    );
    expect(got).toEqual(rows(bad.recipientKey));
  });

  it('reports every error of every item, in item order, with Polish plural forms', async () => {
    const items = GOOD.map((k) => feeItem(k));
    items[1] = { ...feeItem('SMP-0002', { issueDate: '2026-13-01' }), recipientKey: 'NIE-MA' };
    items[3] = feeItem('WMD-0001', { total: 'dużo', nrb: '123' });
    const got = await expectRejected(
      () => importJson(w.admin, items),
      /^Nie zaimportowano niczego: 4 błędy w 2 z 5 pozycji\./,
    );
    expect(got.map((r) => [r.line, r.key, r.path])).toEqual([
      [2, 'NIE-MA', 'recipientKey'],
      [2, 'NIE-MA', 'issueDate'],
      [4, 'WMD-0001', 'total'],
      [4, 'WMD-0001', 'nrb'],
    ]);
    const many = GOOD.map((k) => feeItem(k, { issueDate: 'wczoraj' }));
    await expectRejected(() => importJson(w.admin, many), /: 5 błędów w 5 z 5 pozycji\./);
  });

  it('refuses an empty list of items and an unknown type before anything else (400)', async () => {
    const before = await counts();
    expectFieldError(await importJson(w.admin, []), 'items', 'Brak dokumentów do zaimportowania.');
    expectFieldError(await importJson(w.admin, [feeItem('SMP-0001')], 'faktura'), 'type', 'Nieznany rodzaj dokumentu.');
    expectFieldError(
      await importJson(w.admin, [{ recipientKey: ' ', data: {} }]),
      'items.0.recipientKey',
      /klucz adresata/,
    );
    expect(await counts()).toEqual(before);
  });
});
