import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, PERIOD } from '../../../../test/support/documents.js';
import {
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type RouteCase,
  upload,
} from '../../../../test/support/world.js';
import { formatMoney } from '../../../shared/format.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';
import { renderPdf } from '../../documents/pdf/sheet.js';
import { documentType } from '../../documents/registry.js';
import { READY_PDF_TEMPLATE } from './templates.service.js';

let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
}, 60_000);
afterAll(() => t?.close());

const URL = '/api/templates/fee_notice';
const BUILT_IN = documentType('fee_notice').template;

const INSTALLATION = {
  subject: 'Opłaty od {{ document.validFrom | data }} — {{ unit.number }}',
  html: '<p>Szanowni Państwo,</p><p>opłata: <strong>{{ document.total | kwota }}</strong>.</p>',
  text: '',
};
const ACCOUNT_A = {
  subject: 'Czynsze: opłaty od {{ document.validFrom | data: "długa" }}',
  html: '<p>Lokal {{ unit.number }}: {{ document.total | kwota }} ({{ document.total | slownie }}).</p>',
  text: 'Lokal {{ unit.number }}: {{ document.total | kwota }}. Rachunek: {{ document.nrb | nrb }}',
};

const accountUrl = (accountId: string) => `${URL}/accounts/${accountId}`;

async function effective(session: Session, accountId?: string) {
  return expectStatus(await call(t, session, 'GET', accountId ? `${URL}?accountId=${accountId}` : URL), 200);
}

/** The template.* entries of the audit log, oldest first, with their details. */
async function templateAudit() {
  const rows = await t.container.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'entity_id', 'details'])
    .where('action', 'like', 'template.%')
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ action: r.action, actor: r.actor_id, entityId: r.entity_id, ...JSON.parse(r.details) }));
}

async function storedTemplates() {
  return t.container.db.selectFrom('templates').selectAll().orderBy('id').execute();
}

describe('templates: which one is in force', () => {
  it('without any saved template: the built-in one, for the installation and for every account', async () => {
    expect(await effective(w.admin)).toEqual({
      documentType: 'fee_notice',
      accountId: null,
      source: 'built_in',
      template: BUILT_IN,
      updatedAt: null,
    });
    expect(await effective(w.admin, w.accountA)).toMatchObject({ accountId: w.accountA, source: 'built_in' });
  });

  it('installation → account → back: each level falls back to the next, and every change is audited', async () => {
    const saved = expectStatus(await call(t, w.admin, 'PUT', URL, INSTALLATION), 200);
    expect(saved).toEqual({
      documentType: 'fee_notice',
      accountId: null,
      source: 'installation',
      template: INSTALLATION,
      updatedAt: t.clock.now().toISOString(),
    });
    expect(await effective(w.admin, w.accountA)).toMatchObject({ source: 'installation', template: INSTALLATION });

    t.clock.advance(60_000);
    const own = expectStatus(await call(t, w.admin, 'PUT', accountUrl(w.accountA), ACCOUNT_A), 200);
    expect(own).toEqual({
      documentType: 'fee_notice',
      accountId: w.accountA,
      source: 'account',
      template: ACCOUNT_A,
      updatedAt: t.clock.now().toISOString(),
    });
    expect(await effective(w.admin, w.accountA)).toMatchObject({ source: 'account', template: ACCOUNT_A });
    expect(await effective(w.admin, w.accountB)).toMatchObject({ source: 'installation', template: INSTALLATION });
    expect(await effective(w.admin)).toMatchObject({ source: 'installation', template: INSTALLATION });
    // The clerk of position A sees the account's own template for their account.
    expect(await effective(w.clerkA, w.accountA)).toMatchObject({ source: 'account', template: ACCOUNT_A });

    // Saving again updates (one row per level), not adds.
    const edited = { ...ACCOUNT_A, subject: 'Czynsze: nowe opłaty — lokal {{ unit.number }}' };
    expectStatus(await call(t, w.admin, 'PUT', accountUrl(w.accountA), edited), 200);
    expect(await storedTemplates()).toHaveLength(2);

    // The installation's template goes: account A keeps its own, account B falls to the built-in one.
    expect(expectStatus(await call(t, w.admin, 'DELETE', URL), 200)).toMatchObject({
      accountId: null,
      source: 'built_in',
      template: BUILT_IN,
    });
    expect(await effective(w.admin, w.accountA)).toMatchObject({ source: 'account', template: edited });
    expect(await effective(w.admin, w.accountB)).toMatchObject({ source: 'built_in', template: BUILT_IN });

    // With the installation's back, dropping account A's own falls back to it, then to the built-in one.
    expectStatus(await call(t, w.admin, 'PUT', URL, INSTALLATION), 200);
    expect(expectStatus(await call(t, w.admin, 'DELETE', accountUrl(w.accountA)), 200)).toMatchObject({
      accountId: w.accountA,
      source: 'installation',
      template: INSTALLATION,
    });
    expectStatus(await call(t, w.admin, 'DELETE', URL), 200);
    expect(await effective(w.admin, w.accountA)).toMatchObject({ source: 'built_in', updatedAt: null });
    expect(await storedTemplates()).toEqual([]);
    // Deleting what is not there changes nothing and records nothing.
    expectStatus(await call(t, w.admin, 'DELETE', URL), 200);

    const audit = await templateAudit();
    expect(audit.map((a) => [a.action, a.accountId])).toEqual([
      ['template.save', null],
      ['template.save', w.accountA],
      ['template.save', w.accountA],
      ['template.reset', null],
      ['template.save', null],
      ['template.reset', w.accountA],
      ['template.reset', null],
    ]);
    expect(audit.every((a) => a.actor === w.adminId && a.documentType === 'fee_notice')).toBe(true);
    expect(audit[1]).toMatchObject({ subject: ACCOUNT_A.subject });
  });

  it('an unknown account → 404; an unknown document type → 400', async () => {
    expectError(await call(t, w.admin, 'GET', `${URL}?accountId=${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'PUT', accountUrl(MISSING_ID), INSTALLATION), 404, 'not_found');
    expectError(await call(t, w.admin, 'GET', '/api/templates/faktura'), 400, 'validation_failed');
    expect(await storedTemplates()).toEqual([]);
  });
});

describe('templates: checked on save', () => {
  const put = (body: Record<string, unknown>) => call(t, w.admin, 'PUT', URL, { ...INSTALLATION, ...body });

  it('refuses unknown variables, unknown filters, syntax errors and an empty subject, storing nothing', async () => {
    const auditBefore = (await templateAudit()).length;
    expectFieldError(
      await put({ subject: 'Opłaty {{ document.totl | kwota }}' }),
      'subject',
      'Nieznana zmienna „document.totl” — wybierz ją z listy zmiennych.',
    );
    expectFieldError(await put({ html: '<p>{{ document.totl }}</p>' }), 'html', /Nieznana zmienna „document\.totl”/);
    expectFieldError(await put({ text: 'Dla {{ recipient.nazwisko }}' }), 'text', /„recipient\.nazwisko”/);
    expectFieldError(
      await put({ html: '<p>{{ document.total | zlotych }}</p>' }),
      'html',
      /^Nieznany filtr „zlotych”\. Dostępne: kwota, slownie, data, nrb, okres/,
    );
    expectFieldError(
      await put({ html: '<p>{% if document.total %}bez końca</p>' }),
      'html',
      /^Błąd składni szablonu.*Sprawdź nawiasy/,
    );
    expectFieldError(await put({ subject: 'Opłaty {{ document.total' }), 'subject', /^Błąd składni szablonu/);
    expectFieldError(await put({ subject: '   ' }), 'subject', 'Temat jest wymagany.');
    expectFieldError(await put({ html: '', text: '' }), 'html', /Szablon nie ma treści/);
    // The account-level route checks the same way.
    expectFieldError(
      await call(t, w.admin, 'PUT', accountUrl(w.accountA), { ...ACCOUNT_A, html: '<p>{{ document.totl }}</p>' }),
      'html',
      /document\.totl/,
    );
    expect(await storedTemplates()).toEqual([]);
    expect(await templateAudit()).toHaveLength(auditBefore);
  });

  it('reads no files: include/render are refused on save and print nothing in a preview', async () => {
    for (const tag of ["{% include 'package.json' %}", "{% render 'package.json' %}"]) {
      expectFieldError(await put({ text: `Dane: ${tag}` }), 'text', /^Szablon nie może dołączać plików/);
      const preview = expectStatus(
        await call(t, w.admin, 'POST', '/api/templates/preview', {
          documentType: 'fee_notice',
          template: { ...INSTALLATION, text: `Dane: ${tag}` },
        }),
        200,
      );
      expect(preview.problems).toEqual([
        {
          path: 'text',
          message: 'Szablon nie może dołączać plików ({% include %}, {% render %}) — wpisz treść wprost.',
        },
      ]);
      expect(JSON.stringify(preview)).not.toContain('listonosz');
    }
    expect(await storedTemplates()).toEqual([]);
  });

  it('removes scripts and event handlers from the HTML, keeping every Liquid tag intact', async () => {
    const html =
      '<p onclick="steal()">Dzień dobry {{ recipient.name }},</p><script>alert("x")</script>' +
      '{% if document.previousTotal and document.total > document.previousTotal %}' +
      '<p>Opłata rośnie do {{ document.total | kwota }} od {{ document.validFrom | data: "długa" }}.</p>' +
      '{% elsif document.total < 100 %}<p>Niska opłata & bez zmian.</p>{% endif %}' +
      '<p><a href="https://example.pl/lokale/{{ unit.number | url_encode }}">Szczegóły</a></p>';
    const saved = expectStatus(await put({ html }), 200);
    const clean = saved.template.html as string;
    expect(clean).not.toMatch(/<script|alert|onclick|steal/);
    expect(clean).toContain('<p>Dzień dobry {{ recipient.name }},</p>');
    expect(clean).toContain('{% if document.previousTotal and document.total > document.previousTotal %}');
    expect(clean).toContain('{{ document.validFrom | data: "długa" }}');
    expect(clean).toContain('{% elsif document.total < 100 %}');
    expect(clean).toContain('Niska opłata &amp; bez zmian.');
    expect(clean).toContain('href="https://example.pl/lokale/{{ unit.number | url_encode }}"');
    expect((await storedTemplates())[0]!.html).toBe(clean);

    // What was stored renders: the sample notice rises from 801,12 zł to 843,45 zł.
    const preview = expectStatus(
      await call(t, w.admin, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: saved.template,
      }),
      200,
    );
    expect(preview.problems).toEqual([]);
    expect(preview.html).toContain('Opłata rośnie do 843,45\u00a0zł od 1 kwietnia 2026 r.');
    expect(preview.html).not.toContain('Niska opłata');
    expectStatus(await call(t, w.admin, 'DELETE', URL), 200);
  });
});

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
      .select(['documents.id', 'documents.data', 'units.number', 'units.bank_account'])
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
    expect(preview.html).toContain('Biuro — Czynsze SMTP');
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
    const number = (
      await t.container.db
        .selectFrom('units')
        .select('number')
        .where('external_key', '=', 'WMD-0003')
        .executeTakeFirstOrThrow()
    ).number;
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
    expect(ready.html).toContain(`dotyczący lokalu ${number}`);

    const data = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: BUILT_IN,
        documentId: summary.id,
      }),
      200,
    );
    expect(data.problems).toContainEqual({ path: 'subject', message: 'Nieznana zmienna „document.validFrom”.' });
    expect(data.problems.map((p: { path: string }) => p.path)).toEqual(['subject', 'html']);
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
