import { describe, expect, it } from 'vitest';
import { allowedUrl, dropUnsafeLinks, linkCheckFor } from './html-links.js';

describe('links after a template is filled in', () => {
  it.each([
    // Allowed schemes, any case, and relative links.
    ['https://example.pl/oplaty?lokal=12&amp;rok=2026', true],
    ['HTTP://example.pl', true],
    ['mailto:biuro@example.pl?subject=Op%C5%82aty', true],
    ['tel:+48123456789', true],
    ['/oplaty', true],
    ['#tresc', true],
    ['?a=b:c', true],
    ['oplaty/2026:04', true],
    ['', true],
    // Scripts and data, however written.
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    ['  javascript:alert(1)', false],
    ['\u0001javascript:alert(1)', false],
    ['java\tscript:alert(1)', false],
    ['java\nscript:alert(1)', false],
    ['jav&#x09;ascript:alert(1)', false],
    ['jav&#9;ascript:alert(1)', false],
    ['jav&Tab;ascript:alert(1)', false],
    ['&#106;avascript:alert(1)', false],
    ['&#x6A;avascript:alert(1)', false],
    ['&#X6a;avascript&#58;alert(1)', false],
    ['javascript&colon;alert(1)', false],
    ['\u202Ejavascript:alert(1)', false],
    ['java\u200Bscript:alert(1)', false],
    ['data:text/html;base64,PHNjcmlwdD4=', false],
    ['vbscript:msgbox(1)', false],
    ['file:///etc/passwd', false],
    ['ｊavascript:alert(1)', false],
  ])('href %j allowed: %s', (href, allowed) => {
    expect(allowedUrl('href', href)).toBe(allowed);
  });

  it.each([
    ['https://example.pl/logo.png', true],
    ['cid:logo@listonosz', true],
    ['data:image/png;base64,iVBORw0KGgo=', true],
    ['DATA:image/gif,xyz', true],
    ['http://tracker.example/p.gif', false],
    ['data:text/html,<script>', false],
    ['javascript:alert(1)', false],
  ])('img src %j allowed: %s', (src, allowed) => {
    expect(allowedUrl('src', src)).toBe(allowed);
  });

  it('drops bad URL attributes and styles reaching outside, keeping the rest of each tag', () => {
    const html =
      '<p style="color:red">Dzień dobry</p><a href="javascript:alert(1)" title="x">zapłać</a>' +
      '<a href="https://example.pl" target="_blank">ok</a><img src="data:text/html,x" alt="logo" />' +
      '<p style="color:red;background-image:url(https://tracker.example/p.gif)">a</p>' +
      '<p style="color:&#92;65xpression(alert(1))">b</p>' +
      '<img srcset="javascript:alert(1) 1x" /><form action="https://x"><button formaction="javascript:x">b</button></form>' +
      '<svg><a xlink:href="javascript:alert(1)">s</a></svg><td background="javascript:x">t</td>';
    const { html: out, dropped } = dropUnsafeLinks(html);
    expect(out).toBe(
      '<p style="color:red">Dzień dobry</p><a title="x">zapłać</a>' +
        '<a href="https://example.pl" target="_blank">ok</a><img alt="logo" />' +
        '<p>a</p><p>b</p><img /><form><button>b</button></form><svg><a>s</a></svg><td>t</td>',
    );
    expect(dropped).toHaveLength(9);
  });

  it('leaves text that only looks like an attribute, and returns a clean document untouched', () => {
    const text = '<p>Wpisz href="javascript:alert(1)" w polu &lt;a href="javascript:x"&gt;</p>';
    expect(dropUnsafeLinks(text)).toEqual({ html: text, dropped: [] });
  });
});

describe('the per-message check of one template', () => {
  it('is not needed when no link or style is filled in', () => {
    expect(
      linkCheckFor('<p style="color:red">Dzień dobry {{ recipient.name }}</p><a href="https://example.pl">x</a>'),
    ).toBeNull();
    expect(linkCheckFor('<p>Napisz href="{{ x }}" w tekście</p>')).not.toBeNull();
  });

  it('looks at the attributes the template fills in, as the full check does', () => {
    const check = linkCheckFor(
      '<p style="color:{{ c }}">a</p><a href="{{ link }}" title="t">b</a><img src="{{ logo }}" alt="" /><p style="color:red">c</p>',
    )!;
    const fill = (c: string, link: string, logo: string) =>
      `<p style="color:${c}">a</p><a href="${link}" title="t">b</a><img src="${logo}" alt="" /><p style="color:red">c</p>`;
    for (const [c, link, logo] of [
      ['red', 'https://example.pl', 'cid:logo'],
      ['red;background:url(https://t.example/p.gif)', 'java\tscript:alert(1)', 'data:text/html,x'],
      ['&#92;75rl(x)', 'mailto:biuro@example.pl', 'http://t.example/p.gif'],
    ] as const) {
      const html = fill(c, link, logo);
      expect(check(html)).toBe(dropUnsafeLinks(html).html);
    }
    expect(check(fill('red;background:url(x)', 'javascript:x', 'https://example.pl/l.png'))).toBe(
      '<p>a</p><a title="t">b</a><img src="https://example.pl/l.png" alt="" /><p style="color:red">c</p>',
    );
  });
});
