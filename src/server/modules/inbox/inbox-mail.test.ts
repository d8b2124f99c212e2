import { describe, expect, it } from 'vitest';
import { answerSubject, quoted, threadHeaders, validMessageId } from './inbox-mail.js';

describe('threading headers of an answer (D49)', () => {
  it('keeps only well-formed Message-IDs: nothing from the tenant can add a header line', () => {
    expect(validMessageId(' <a.b@poczta.example.pl> ')).toBe('<a.b@poczta.example.pl>');
    for (const bad of ['<a@b>\r\nBcc: x@y.pl', '<a b@c>', 'a@b', '<a<b@c>', `<${'x'.repeat(260)}@c>`, '<ą@b.pl>']) {
      expect(validMessageId(bad), bad).toBeNull();
    }
  });

  it('In-Reply-To is the tenant’s Message-ID; References their last earlier ones, then theirs', () => {
    const earlier = Array.from({ length: 14 }, (_, i) => `<r${i}@x.pl>`);
    const h = threadHeaders({ messageId: '<t@x.pl>', references: [...earlier, 'zły\r\nBcc: a@b.pl'] }, '<o@x.pl>');
    expect(h.inReplyTo).toBe('<t@x.pl>');
    expect(h.references).toEqual([...earlier.slice(-10), '<t@x.pl>']);
    expect(threadHeaders({ messageId: '<t@x.pl>', references: undefined }, '<o@x.pl>').references).toEqual([
      '<o@x.pl>',
      '<t@x.pl>',
    ]);
    expect(threadHeaders(null, '<o@x.pl>')).toEqual({ inReplyTo: null, references: ['<o@x.pl>'] });
  });

  it('"Re:" and "Fwd:" are not doubled; a subject is one line', () => {
    expect(answerSubject('reply', 'Zawiadomienie', '')).toBe('Re: Zawiadomienie');
    expect(answerSubject('reply', 'RE: Zawiadomienie', '')).toBe('RE: Zawiadomienie');
    expect(answerSubject('reply', 'Odp: Zawiadomienie', '')).toBe('Odp: Zawiadomienie');
    expect(answerSubject('forward', 'Re: Zawiadomienie', '')).toBe('Fwd: Re: Zawiadomienie');
    expect(answerSubject('forward', 'PD: Zawiadomienie', '')).toBe('PD: Zawiadomienie');
    expect(answerSubject('reply', '', 'Opłaty')).toBe('Re: Opłaty');
    expect(answerSubject('reply', 'A\r\nBcc: x@y.pl', '')).not.toMatch(/[\r\n]/);
  });

  it('quotes each line', () => {
    expect(quoted('Jan pisze:', 'a\r\n\r\nb\n')).toBe('Jan pisze:\n> a\n>\n> b');
  });
});
