import { describe, expect, it } from 'vitest';
import { PdfCode, PdfPasswordRule, pdfPasswordHint } from '../../../shared/pdf-password.js';
import { effectiveRule, passwordFor, revealsPassword, withPasswordHint } from './pdf-password.js';

const NRB = '61 1090 1014 0000 0712 1981 2874';
const nrb6 = { kind: 'nrb_digits', digits: 6 } as const;
const code = { kind: 'recipient_code' } as const;

describe('PDF password rules (D71)', () => {
  it.each([
    ['the batch over the type and the account', nrb6, code, { kind: 'off' }, nrb6],
    ['the type over the account', null, code, nrb6, code],
    ['the account when neither says', null, undefined, nrb6, nrb6],
    ['a batch’s off over the rest', { kind: 'off' }, code, nrb6, { kind: 'off' }],
    ['none anywhere: no password', null, null, null, { kind: 'off' }],
  ] as const)('%s', (_, batch, type, account, expected) => {
    expect(effectiveRule(batch, type, account)).toEqual(expected);
  });

  it.each([
    [nrb6, { nrb: NRB, code: null }, '812874'],
    [{ kind: 'nrb_digits', digits: 4 } as const, { nrb: NRB, code: null }, '2874'],
    [nrb6, { nrb: null, code: 'X' }, null],
    [nrb6, { nrb: '1234', code: null }, null],
    [code, { nrb: NRB, code: ' AB-12 ' }, 'AB-12'],
    [code, { nrb: NRB, code: null }, null],
    [code, { nrb: NRB, code: '-abc' }, null],
    [{ kind: 'off' } as const, { nrb: NRB, code: 'ABCD' }, null],
  ])('password of %j from %j is %s', (rule, data, expected) => {
    expect(passwordFor(rule, data)).toBe(expected);
  });

  it('refuses any rule naming a PESEL, and an 11-digit code', () => {
    for (const kind of ['pesel', 'pesel_digits', 'PESEL']) {
      const r = PdfPasswordRule.safeParse({ kind });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/PESEL/);
    }
    expect(PdfPasswordRule.safeParse({ kind: 'nrb_digits' }).success).toBe(false);
    expect(PdfPasswordRule.safeParse({ kind: 'recipient_code', digits: 6 }).success).toBe(false);
    expect(PdfCode.safeParse('44051401359').error?.issues[0]?.message).toMatch(/PESEL/);
    expect(PdfCode.safeParse('ABC').success).toBe(false);
    expect(PdfCode.safeParse('EWA-2026').success).toBe(true);
  });

  it('says how to open the file in both parts, in Polish grammar, never the password', () => {
    expect(pdfPasswordHint(nrb6)).toContain('to ostatnie 6 cyfr numeru rachunku do wpłat Twojego lokalu');
    expect(pdfPasswordHint({ kind: 'nrb_digits', digits: 4 })).toContain('ostatnie 4 cyfry');
    const body = withPasswordHint({ html: '<html><body><p>Treść</p></body></html>', text: 'Treść' }, nrb6);
    expect(body.text).toMatch(/^Treść\n\nPlik PDF jest zabezpieczony hasłem/);
    expect(body.html).toMatch(/zabezpieczony hasłem: to ostatnie 6 cyfr.*<\/p><\/body><\/html>$/);
  });

  it('finds a password the text gives away, spaces or not', () => {
    expect(revealsPassword('812874', ['Rachunek: 61 1090 1014 0000 0712 1981 2874'])).toBe(true);
    expect(revealsPassword('812874', ['<b>19&nbsp;81&nbsp;2874</b>'])).toBe(true);
    expect(revealsPassword('ewa-2026', ['Kod EWA-2026'])).toBe(true);
    expect(revealsPassword('812874', ['Dzień dobry', null])).toBe(false);
  });
});
