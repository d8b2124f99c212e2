import { describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { PERIOD } from '../../../../test/support/documents.js';
import { expectError, expectStatus, MISSING_ID, type RouteCase, upload } from '../../../../test/support/world.js';
import { formatMoney } from '../../../shared/format.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';
import { renderPdf } from '../../documents/pdf/sheet.js';
import {
  accountUrl,
  BUILT_IN,
  effective,
  INSTALLATION,
  setupTemplatesApp,
  storedTemplates,
  t,
  URL,
  w,
} from './templates.routes.fixture.js';
import { READY_PDF_TEMPLATE } from './templates.service.js';

setupTemplatesApp();

describe('templates: who may do what', () => {
  it('a clerk may read but not change templates; not for another position’s account', async () => {
    expect(await effective(w.clerkA)).toMatchObject({ source: 'built_in' });
    expect(await effective(w.clerkA, w.accountA)).toMatchObject({ accountId: w.accountA });
    for (const [method, url, body] of [
      ['PUT', URL, INSTALLATION],
      ['DELETE', URL, undefined],
      ['PUT', accountUrl(w.accountA), INSTALLATION],
      ['DELETE', accountUrl(w.accountA), undefined],
    ] as const) {
      expectError(await call(t, w.clerkA, method, url, body), 403, 'forbidden', /administrator/);
    }
    expectError(await call(t, w.clerkA, 'GET', `${URL}?accountId=${w.accountB}`), 403, 'forbidden', /stanowiska/);
    expectError(await call(t, w.clerkB, 'GET', `${URL}?accountId=${w.accountA}`), 403, 'forbidden');
    expectError(
      await call(t, w.clerkA, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: BUILT_IN,
        accountId: w.accountB,
      }),
      403,
      'forbidden',
    );
    expect(await storedTemplates()).toEqual([]);
  });

  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/templates/filters' },
    { method: 'GET', url: URL },
    { method: 'PUT', url: URL, body: INSTALLATION },
    { method: 'DELETE', url: URL },
    { method: 'PUT', url: `${URL}/accounts/${MISSING_ID}`, body: INSTALLATION },
    { method: 'DELETE', url: `${URL}/accounts/${MISSING_ID}` },
    { method: 'POST', url: '/api/templates/preview', body: { documentType: 'fee_notice', template: BUILT_IN } },
    { method: 'GET', url: '/api/document-types' },
  ];

  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated');
  });

  it('without the CSRF token an administrator cannot change a template', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: URL,
      headers: { cookie: w.admin.cookie },
      payload: INSTALLATION,
    });
    expectError(res, 403, 'forbidden', /Sesja wygasła/);
    expect(await storedTemplates()).toEqual([]);
  });
});

describe('templates: preview and help', () => {
  it('renders the sample with Polish amounts, dates and the NRB, without problems', async () => {
    const preview = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/templates/preview', { documentType: 'fee_notice', template: BUILT_IN }),
      200,
    );
    expect(preview.problems).toEqual([]);
    expect(preview.subject).toBe('Zawiadomienie o wysokości opłat od 01.04.2026 — lokal 12');
    expect(preview.html).toContain('<strong>843,45\u00a0zł</strong>');
    expect(preview.html).toContain('osiemset czterdzieści trzy złote 45/100');
    expect(preview.html).toContain('34 1020 1026 0000 0000 0000 0001');
    expect(preview.text).toContain('843,45\u00a0zł');
    expect(preview.text).not.toContain('<');
  });

  it('an unknown variable is a problem, not an error (200)', async () => {
    const res = await call(t, w.clerkA, 'POST', '/api/templates/preview', {
      documentType: 'fee_notice',
      template: { subject: 'Opłata {{ document.totl }}', html: '<p>{{ document.total | kwota }}</p>', text: '' },
    });
    const preview = expectStatus(res, 200);
    expect(preview.problems).toContainEqual({
      path: 'subject',
      message: 'Nieznana zmienna „document.totl” — wybierz ją z listy zmiennych.',
    });
    expect(preview.problems.every((p: { path: string }) => p.path === 'subject')).toBe(true);
  });

  it("renders an imported fee notice's own unit, total and account", async () => {
    const unit = w.units.find((u) => u.key === 'WMK-0003')!;
    const data = demoFeeNotice(unit, PERIOD);
    const imported = expectStatus(
      await call(t, w.admin, 'POST', '/api/documents/import', {
        type: 'fee_notice',
        items: [{ recipientKey: unit.key, data }],
      }),
      201,
    );
    const doc = await t.container.db
      .selectFrom('documents')
      .innerJoin('units', 'units.id', 'documents.unit_id')
      .select([
        'documents.id',
        'documents.data',
        'documents.parties',
        'units.number',
        'units.address',
        'units.bank_account',
      ])
      .where('documents.import_id', '=', imported.importId)
      .executeTakeFirstOrThrow();
    const total = JSON.parse(doc.data).total as number;
    expect(total).toBeGreaterThan(0);
    const preview = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: BUILT_IN,
        documentId: doc.id,
        accountId: w.accountA,
      }),
      200,
    );
    expect(preview.problems).toEqual([]);
    expect(preview.subject).toBe(`Zawiadomienie o wysokości opłat od 01.04.2026 — lokal ${doc.number}`);
    expect(preview.html).toContain(`<strong>${formatMoney(total)}</strong>`);
    expect(preview.html).not.toContain('843,45');
    expect(preview.html).toContain(`${doc.bank_account!.slice(0, 2)} ${doc.bank_account!.slice(2, 6)}`);
    // The unit named once (its number is part of its address); signed by the document's own property.
    expect(preview.html).toContain(`za lokal <strong>${doc.address}</strong>,`);
    expect(preview.html).not.toContain(`(${doc.address})`);
    expect(preview.html).toContain(`Z poważaniem<br />${JSON.parse(doc.parties).issuer.name}</p>`);
    expect(preview.html).not.toContain('Biuro — Czynsze SMTP');
    expectError(
      await call(t, w.clerkA, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: BUILT_IN,
        documentId: MISSING_ID,
      }),
      404,
      'not_found',
    );
  });

  it('a ready PDF (no data): the ready-PDF template renders; a data template names what the document lacks', async () => {
    const pdf = await renderPdf(
      { title: 'Zawiadomienie', author: 'System czynszowy', createdAt: new Date('2026-03-01T00:00:00Z') },
      (s) => s.title('Zawiadomienie o opłatach'),
    );
    const summary = expectStatus(
      await upload(
        t,
        w.admin,
        '/api/documents/pdf',
        { filename: 'z.pdf', contentType: 'application/pdf', data: pdf },
        {
          type: 'fee_notice',
          recipientKey: 'WMD-0003',
          period: PERIOD,
          title: 'Zawiadomienie z systemu czynszowego',
        },
      ),
      201,
    );
    const address = (
      await t.container.db
        .selectFrom('units')
        .select('address')
        .where('external_key', '=', 'WMD-0003')
        .executeTakeFirstOrThrow()
    ).address;
    const ready = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: READY_PDF_TEMPLATE,
        documentId: summary.id,
      }),
      200,
    );
    expect(ready.problems).toEqual([]);
    expect(ready.subject).toBe('Zawiadomienie z systemu czynszowego');
    expect(ready.html).toContain(`dotyczący lokalu ${address}.`);

    const data = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: BUILT_IN,
        documentId: summary.id,
      }),
      200,
    );
    expect(data.problems).toContainEqual({
      path: 'subject',
      message: expect.stringMatching(
        /^Zmienna „document\.validFrom” nie jest dostępna dla dokumentów z gotowych PDF-ów/,
      ),
    });
    expect([...new Set(data.problems.map((p: { path: string }) => p.path))]).toEqual(['subject', 'html']);
    expect(JSON.stringify(data.problems)).not.toMatch(/undefined variable|line:/);
  });

  it('lists the Polish filters', async () => {
    const filters = expectStatus(await call(t, w.clerkA, 'GET', '/api/templates/filters'), 200);
    expect(filters.map((f: { name: string }) => f.name)).toEqual(['kwota', 'slownie', 'data', 'nrb', 'okres']);
    expect(filters.every((f: { description: string; example: string }) => f.description && f.example)).toBe(true);
  });

  it('describes the six document types: variables with formats and data-file columns', async () => {
    const types = expectStatus(await call(t, w.clerkA, 'GET', '/api/document-types'), 200);
    expect(types.map((x: { type: string }) => x.type).sort()).toEqual([
      'annual_settlement',
      'fee_notice',
      'general_letter',
      'ledger_card',
      'sales_document',
      'water_settlement',
    ]);
    const fee = types.find((x: { type: string }) => x.type === 'fee_notice');
    expect(fee).toMatchObject({
      label: 'Zawiadomienie o wysokości opłat',
      legalStrength: 'notice',
      rowsField: 'components',
    });
    expect(fee.variables).toContainEqual({
      path: 'document.total',
      description: 'Opłata miesięczna razem',
      format: 'money',
    });
    expect(fee.variables).toContainEqual(expect.objectContaining({ path: 'document.validFrom', format: 'date' }));
    expect(fee.variables).toContainEqual(expect.objectContaining({ path: 'document.nrb', format: 'nrb' }));
    expect(fee.variables).toContainEqual(expect.objectContaining({ path: 'recipient.name' }));
    expect(fee.columns[0]).toBe('recipientKey');
    expect(fee.columns).toEqual(expect.arrayContaining(['components.name', 'components.amount', 'total', 'validFrom']));
    for (const x of types) {
      expect(x.variables.length, x.type).toBeGreaterThan(5);
      expect(x.columns[0], x.type).toBe('recipientKey');
    }
  });
});
