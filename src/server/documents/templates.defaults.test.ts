import { describe, expect, it } from 'vitest';
import { READY_PDF_TEMPLATE } from '../modules/templates/templates.service.js';
import { DOCUMENT_REGISTRY } from './registry.js';
import { renderTemplate, sampleContext, type TemplateContext, unitContext } from './templates.js';

/** The default e-mail templates as a new user sees them, with a unit named the way offices name them. */
const KWIATOWA = unitContext({ number: 'Kwiatowa 5/33', address: 'ul. Kwiatowa 5/33', nrb: null });

const count = (text: string, part: string) => text.split(part).length - 1;
const withUnit = (ctx: TemplateContext, unit = KWIATOWA): TemplateContext => ({ ...ctx, unit });
const withProperty = (ctx: TemplateContext, name: string): TemplateContext => ({
  ...ctx,
  property: { name, street: 'ul. Kwiatowa 5', postalCode: '00-001', city: 'Warszawa' },
  account: { ...ctx.account, fromName: 'Wspólnota Mieszkaniowa Kwiatowa 5' },
});
const defaults = () => [
  ...Object.values(DOCUMENT_REGISTRY).map((def) => ({
    name: def.type,
    template: def.template,
    ctx: sampleContext(def),
  })),
  { name: 'ready_pdf', template: READY_PDF_TEMPLATE, ctx: sampleContext(DOCUMENT_REGISTRY.fee_notice) },
];

describe('default e-mail templates', () => {
  it('a unit whose number is its address: the body names it once, not "lokal X (ul. X)"', () => {
    for (const { name, template, ctx } of defaults()) {
      const out = renderTemplate(template, withUnit(ctx));
      if (!out.html.includes('Kwiatowa 5/33')) continue; // this type's body does not speak of the unit
      expect(count(out.html, 'Kwiatowa 5/33'), `${name}: ${out.html}`).toBe(1);
      expect(out.html, name).not.toContain('(ul. Kwiatowa 5/33)');
    }
  });

  it('a short unit number still comes with its address', () => {
    const label = unitContext({ number: '12', address: 'ul. Lipowa 7, 31-042 Kraków', nrb: null }).label;
    expect(label).toBe('nr 12, ul. Lipowa 7, 31-042 Kraków');
    expect(unitContext({ number: '12', address: 'ul. Lipowa 7/12, 31-042 Kraków', nrb: null }).label).toBe(
      'ul. Lipowa 7/12, 31-042 Kraków',
    );
    // "04" is not in "31-042": the number must stand on its own in the address.
    expect(unitContext({ number: '04', address: 'ul. Polna 1, 31-042 Kraków', nrb: null }).label).toBe(
      'nr 04, ul. Polna 1, 31-042 Kraków',
    );
  });

  it('each e-mail is signed with its own property, whatever the sending account is called', () => {
    for (const { name, template, ctx } of defaults()) {
      for (const property of ['Wspólnota Mieszkaniowa Lipowa 7', 'Wspólnota Mieszkaniowa Różana 3']) {
        const out = renderTemplate(template, withProperty(ctx, property));
        expect(out.html, name).toContain(property);
        expect(out.html, name).not.toContain('Kwiatowa 5</p>');
      }
    }
  });
});
