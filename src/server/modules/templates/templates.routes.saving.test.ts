import { describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { expectError, expectFieldError, expectStatus, MISSING_ID } from '../../../../test/support/world.js';
import {
  ACCOUNT_A,
  accountUrl,
  BUILT_IN,
  effective,
  INSTALLATION,
  setupTemplatesApp,
  storedTemplates,
  t,
  templateAudit,
  URL,
  w,
} from './templates.routes.fixture.js';

setupTemplatesApp();

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
