import { describe, expect, it } from 'vitest';
import { DocumentTypeName } from '../../shared/documents.js';
import { documentType } from './registry.js';
import { checkTemplate, renderTemplate, sampleContext, templateVariables } from './templates.js';

const def = documentType('fee_notice');
const ctx = sampleContext(def);

describe('templates', () => {
  it('accepts the default template and renders it with Polish formatting', () => {
    expect(checkTemplate(def, def.template, ctx)).toEqual([]);
    const out = renderTemplate(def.template, ctx);
    expect(out.subject).toBe('Zawiadomienie o wysokości opłat od 01.04.2026 — lokal 12');
    expect(out.html).toContain('843,45\u00a0zł');
    expect(out.html).toContain('osiemset czterdzieści trzy złote 45/100');
    expect(out.html).toContain('34 1020 1026 0000 0000 0000 0001');
    expect(out.text).toContain('843,45');
    expect(out.text).not.toContain('<');
  });

  it('names an unknown variable, an unknown filter and a syntax error in Polish', () => {
    const bad = (patch: Partial<typeof def.template>) => checkTemplate(def, { ...def.template, ...patch }, ctx);
    expect(bad({ subject: 'Opłaty {{ document.totl | kwota }}' })).toEqual([
      { path: 'subject', message: 'Nieznana zmienna „document.totl” — wybierz ją z listy zmiennych.' },
    ]);
    expect(bad({ html: '<p>{{ recipient.nazwisko }}</p>' })[0]?.message).toContain('recipient.nazwisko');
    expect(bad({ html: '<p>{{ document.total | zlotych }}</p>' })[0]?.message).toContain('Nieznany filtr „zlotych”');
    expect(bad({ html: '<p>{% if document.total %}bez końca</p>' })[0]?.message).toMatch(/^Błąd składni szablonu/);
    expect(bad({ subject: ' ' })).toContainEqual({ path: 'subject', message: 'Temat jest wymagany.' });
  });

  it('knows list items, loops and optional fields', () => {
    const loop = {
      subject: 'Pozycji: {{ document.components.size }}, pierwsza {{ document.components.first.name }}',
      html: '<ul>{% for c in document.components %}<li>{{ c.name }}: {{ c.amount | kwota }}</li>{% endfor %}</ul>{% if unit %}{{ unit.number }}{% endif %}',
      text: '',
    };
    expect(checkTemplate(def, loop, ctx)).toEqual([]);
    expect(renderTemplate(loop, ctx).html).toContain('<li>Eksploatacja: 119,46\u00a0zł</li>');
    expect(templateVariables(def).find((v) => v.path === 'document.total')).toEqual({
      path: 'document.total',
      description: 'Opłata miesięczna razem',
      format: 'money',
    });
  });

  it('escapes data in HTML and strips line breaks from the subject', () => {
    const evil = {
      ...ctx,
      recipient: { ...ctx.recipient, name: '<script>alert(1)</script>Zażółć\r\nBcc: x@example.com' },
    };
    const out = renderTemplate(
      { subject: 'Dla {{ recipient.name }}', html: '<p>{{ recipient.name }}</p>', text: '' },
      evil,
    );
    expect(out.subject).toBe('Dla <script>alert(1)</script>Zażółć Bcc: x@example.com');
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('&lt;script&gt;');
    // Liquid's `raw` would bypass the escaping; here it does not.
    const raw = renderTemplate({ subject: 's', html: '<p>{{ recipient.name | raw }}</p>', text: '' }, evil);
    expect(raw.html).not.toContain('<script>');
  });

  it('fails at render time on a variable missing from the data (strict variables)', () => {
    const { document, ...rest } = ctx;
    const { total: _t, ...withoutTotal } = document;
    expect(() =>
      renderTemplate(def.template, { ...rest, document: { ...withoutTotal, title: '', period: '' } }),
    ).toThrow(/total/);
  });

  it.each(DocumentTypeName.options)('gives every field of %s a Polish description for the template editor', (type) => {
    const missing = templateVariables(documentType(type)).filter((v) => !v.description.trim());
    expect(missing.map((v) => v.path)).toEqual([]);
  });
});
