import { describe, expect, it } from 'vitest';
import { documentType } from './registry.js';
import { RenderDeadline, TEMPLATE_LIMITS, TemplateLimitError } from './template-engine.js';
import {
  checkTemplate,
  cleanTemplate,
  compileTemplate,
  renderCompiled,
  renderTemplate,
  sampleContext,
} from './templates.js';

const def = documentType('fee_notice');
const ctx = sampleContext(def);

const TIME = new RegExp(`limit ${TEMPLATE_LIMITS.renderMs} ms`);
const SIZE = new RegExp(`limit ${TEMPLATE_LIMITS.renderUnits.toLocaleString('pl-PL')} znaków`);

/** Checks an HTML template against the sample, timing it. */
function checked(html: string) {
  const started = performance.now();
  const issues = checkTemplate(def, { subject: 'Opłaty', html, text: '' }, ctx);
  return { issues, ms: performance.now() - started };
}

describe('templates: every render is bounded in time and size', () => {
  it('refuses a loop that runs too long within 2 s, naming the time limit', () => {
    // 810 000 cheap iterations: under the size limit, so only the clock stops it (unbounded, about 5 s).
    const loop =
      '{% for a in (1..900) %}{% for b in (1..900) %}{% if b > a %}{% endif %}{% endfor %}{% endfor %}<p>x</p>';
    const { issues, ms } = checked(loop);
    expect(issues).toEqual([{ path: 'html', message: expect.stringMatching(TIME) }]);
    expect(issues[0]!.message).toMatch(/^Szablon wypełnia się za długo/);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses the 100-byte template that answered 168 MB, naming a limit', () => {
    const huge = '{% for a in (1..3000) %}{% for b in (1..3000) %}xxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}';
    expect(huge.length).toBeLessThan(100);
    const { issues, ms } = checked(huge);
    // Whichever comes first on a busy machine: about 55 000 iterations fill the size budget.
    expect(issues).toEqual([
      { path: 'html', message: expect.stringMatching(new RegExp(`${SIZE.source}|${TIME.source}`)) },
    ]);
    expect(ms).toBeLessThan(2000);
    // Rendering for a message throws the same refusal, as a limit error.
    const compiled = compileTemplate({ subject: 's', html: huge, text: '' });
    expect(() => renderCompiled(compiled, ctx)).toThrow(TemplateLimitError);
  });

  it('refuses output that outgrows the size limit, naming it', () => {
    const doubling = '{% assign s = "ab" %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s }}';
    const { issues } = checked(doubling);
    expect(issues).toEqual([{ path: 'html', message: expect.stringMatching(SIZE) }]);
    expect(issues[0]!.message).toMatch(/^Szablon tworzy za dużo treści/);
  });

  // Every way of growing output or work that LiquidJS offers, each stopped by one of the two limits in time.
  it.each([
    [
      'nested loops over large ranges',
      '{% for a in (1..5000) %}{% for b in (1..5000) %}{{ b }}{% endfor %}{% endfor %}',
    ],
    ['a huge literal range', '{% for i in (1..999999999) %}{% endfor %}'],
    ['a huge range in a filter', '{{ (1..999999999) | join: "," }}'],
    [
      'a range from a number in the data',
      '{% for i in (1..document.total) %}{% for j in (1..100) %}{% endfor %}{% endfor %}',
    ],
    [
      'doubling by append',
      '{% assign s = "ab" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
    ],
    [
      'doubling by capture',
      '{% assign x = "ab" %}{% for i in (1..40) %}{% capture x %}{{ x }}{{ x }}{% endcapture %}{% endfor %}',
    ],
    [
      'join over a long list',
      '{% assign a = "x" | split: "" %}{% for i in (1..30) %}{% assign a = a | concat: a %}{% endfor %}{{ a | join: "yyyy" }}',
    ],
    ['cycle in a long loop', '{% for i in (1..900000) %}{% cycle "aaaa", "bbbb", "cccc" %}{% endfor %}'],
    ['tablerow over a long range', '{% tablerow i in (1..900000) %}{{ i }}{% endtablerow %}'],
    [
      'a long string repeated',
      '{% for i in (1..100000) %}{{ "y" | append: "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy" }}{% endfor %}',
    ],
    ['padded dates', '{% for i in (1..100000) %}{{ "2026-01-01" | date: "%500Y" }}{% endfor %}'],
  ])('stops %s', (_name, html) => {
    const { issues, ms } = checked(html);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(new RegExp(`${TIME.source}|${SIZE.source}`));
    expect(ms).toBeLessThan(2000);
  });

  it('refuses nesting too deep for the parser in Polish, and the process lives on', () => {
    const deep = `${'{% if true %}'.repeat(3000)}x${'{% endif %}'.repeat(3000)}`;
    expect(checked(deep).issues).toEqual([
      { path: 'html', message: expect.stringMatching(/^Szablon jest zbyt głęboko zagnieżdżony/) },
    ]);
  });

  it('leaves a real fee notice far inside the limits', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ name: `Składnik ${i}`, amount: 1234 + i }));
    const big = { ...ctx, document: { ...ctx.document, components: rows } };
    const list =
      '<table>{% for c in document.components %}<tr><td>{{ forloop.index }}</td><td>{{ c.name }}</td>' +
      '<td>{{ c.amount | kwota }}</td></tr>{% endfor %}</table>';
    const out = renderTemplate({ ...def.template, html: `${def.template.html}${list}` }, big);
    expect(out.html).toContain('Składnik 399');
    expect(out.html.length).toBeLessThan(TEMPLATE_LIMITS.renderUnits / 10);
  });

  it('finds Liquid markup in linear time: unclosed braces do not stall a save', () => {
    for (const open of ['{{ ', '{% ']) {
      const html = open.repeat(66_000);
      const started = performance.now();
      const clean = cleanTemplate({ subject: 's', html, text: '' });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(clean.html.length).toBeGreaterThan(0);
    }
  });
});

describe('templates: the time limit counts time spent rendering', () => {
  it('leaves out pauses (a busy machine, GC) but stops any render at the wall-clock cap', () => {
    const deadline = new RenderDeadline(0);
    let now = 0;
    /** Moves the clock on by `ms` in `steps` checks. */
    const work = (ms: number, steps = ms) => {
      for (let i = 0; i < steps; i++) {
        now += ms / steps;
        deadline.check(now);
      }
    };
    // 200 ms of work in 1 ms steps, a 500 ms pause, 40 ms more and a 15 ms pause: 240 ms worked, 755 ms passed.
    work(200);
    work(500, 1);
    work(40);
    expect(() => work(15, 1)).not.toThrow();
    expect(() => work(20)).toThrow('template render limit exceeded');

    const paused = new RenderDeadline(0);
    expect(() => paused.check(TEMPLATE_LIMITS.renderWallMs - 1)).not.toThrow();
    expect(() => paused.check(TEMPLATE_LIMITS.renderWallMs + 1)).toThrow('template render limit exceeded');
  });
});

describe('templates: no markup smuggled past the sanitiser', () => {
  it('prints the inside of {% raw %} as text in the HTML part', () => {
    const template = cleanTemplate({
      subject: 's',
      html: '<p>{% raw %}{{ "<script>alert(1)</script>" }}<b>gruby</b>{% endraw %}</p>',
      text: '',
    });
    const out = renderTemplate(template, ctx);
    expect(out.html).not.toContain('<script');
    // In the HTML part, raw prints what it holds as text.
    expect(out.html).toContain('{{ &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; }}&lt;b&gt;gruby&lt;/b&gt;');
    // The text part is not HTML: there raw prints as written.
    expect(out.text).toContain('{{ "<script>alert(1)</script>" }}');
  });
});
