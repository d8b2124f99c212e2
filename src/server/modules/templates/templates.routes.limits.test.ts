import { describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { expectFieldError, expectStatus } from '../../../../test/support/world.js';
import { TEMPLATE_LIMITS } from '../../documents/template-engine.js';
import { INSTALLATION, setupTemplatesApp, storedTemplates, t, URL, w } from './templates.routes.fixture.js';

setupTemplatesApp();

/** 810 000 cheap iterations: under the size budget, so only the clock stops them (about 5 s unbounded). */
const SLOW_LOOP =
  '{% for a in (1..900) %}{% for b in (1..900) %}{% if b > a %}{% endif %}{% endfor %}{% endfor %}<p>Opłaty</p>';
const HUGE_OUTPUT = '{% for a in (1..3000) %}{% for b in (1..3000) %}xxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}';
const TIME = new RegExp(`limit ${TEMPLATE_LIMITS.renderMs} ms`);
const SIZE = new RegExp(`limit ${TEMPLATE_LIMITS.renderUnits.toLocaleString('pl-PL')} znaków`);

const preview = (template: Record<string, unknown>) =>
  call(t, w.clerkA, 'POST', '/api/templates/preview', {
    documentType: 'fee_notice',
    template: { ...INSTALLATION, ...template },
  });

describe('templates: a preview or a save over a limit', () => {
  it("answers a clerk's preview of a long loop within 2 s with the time limit named", async () => {
    const started = performance.now();
    const res = await preview({ html: SLOW_LOOP });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(expectStatus(res, 200)).toEqual({
      subject: '',
      html: '',
      text: '',
      problems: [{ path: 'html', message: expect.stringMatching(TIME) }],
    });
  });

  it('answers the 100-byte template that made 168 MB with a short refusal', async () => {
    const started = performance.now();
    const res = await preview({ html: '', text: HUGE_OUTPUT });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.payload.length).toBeLessThan(2000);
    expect(expectStatus(res, 200).problems).toEqual([
      { path: 'text', message: expect.stringMatching(new RegExp(`${SIZE.source}|${TIME.source}`)) },
    ]);
  });

  it('refuses to save a template over a limit, storing nothing', async () => {
    expectFieldError(await call(t, w.admin, 'PUT', URL, { ...INSTALLATION, html: SLOW_LOOP }), 'html', TIME);
    expectFieldError(
      await call(t, w.admin, 'PUT', URL, { ...INSTALLATION, subject: '{% for i in (1..999999999) %}x{% endfor %}' }),
      'subject',
      SIZE,
    );
    expect(await storedTemplates()).toEqual([]);
  });
});

describe('templates: links in a filled-in template', () => {
  it('refuses a javascript: link made by Liquid, and the preview shows it without the link', async () => {
    const html = `<p><a href="{{ 'javascript:alert(1)' }}">Zapłać</a> <a href="{{ ' JaVa\tScript:alert(2)' }}">x</a></p>`;
    const res = expectStatus(await preview({ html }), 200);
    expect(res.problems).toEqual([
      { path: 'html', message: expect.stringMatching(/^Link lub styl z niedozwolonym adresem/) },
    ]);
    expect(res.html).toBe('<p><a>Zapłać</a> <a>x</a></p>');
    expectFieldError(
      await call(t, w.admin, 'PUT', URL, { ...INSTALLATION, html }),
      'html',
      /http, https, mailto i tel/,
    );
    expect(await storedTemplates()).toEqual([]);
  });
});
