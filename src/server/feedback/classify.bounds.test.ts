import { describe, expect, it } from 'vitest';
import { classifyFeedback } from './classify.js';

/** Crafted bodies that make careless patterns quadratic: each must be classified in bounded time. */
const BOUNCE = 'From: MAILER-DAEMON@x.pl\nSubject: Undelivered\n\n';
const CASES: [string, string][] = [
  ['a long run of letters without an @', `${BOUNCE}permanent error ${'a'.repeat(60_000)}`],
  ['a long dotted domain that never ends in a name', `${BOUNCE}permanent error x@${'a.'.repeat(30_000)}`],
  ['thousands of failed-address lines', `${BOUNCE}${'<a@b.pl>: x\n'.repeat(5000)}`],
  [
    'Exim blocks of long indented lines',
    `${BOUNCE}the following address(es) failed:\n${`  a@b.pl\n${'    '.repeat(1000)}\n`.repeat(50)}`,
  ],
  ['a long plus-tagged delivery header', `Delivered-To: ${'a+'.repeat(30_000)}@x.pl\n${BOUNCE}x`],
  ['an unterminated quoted parameter', `Content-Type: text/plain; charset="${'a'.repeat(60_000)}\n\nx`],
  [
    'a reply of many attribution-like lines',
    `From: a@b.pl\nIn-Reply-To: <x@y>\n\n${`W dniu ${'x'.repeat(190)}\n`.repeat(300)}`,
  ],
];

describe('bounded work on crafted messages', () => {
  it.each(CASES)('%s', (_name, text) => {
    const started = performance.now();
    const report = classifyFeedback(Buffer.from(text));
    expect(report.kind).not.toBe('hard_bounce');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
