import { domainToASCII, domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EMAIL_MESSAGES as M,
  mailboxKey,
  mixesScripts,
  needsSmtpUtf8,
  parseEmailAddress,
  wireAddress,
} from './email-address.js';
import { decodePunycode } from './punycode.js';
import { EmailAddress } from './zod.js';

/** 44 Polish letters: the longest such label whose Punycode form still fits in 63 octets. */
const POLISH_LABEL = 'ąćęłńóśźż'.repeat(5).slice(0, 44);

const ok = (input: string) => {
  const r = parseEmailAddress(input);
  if (!r.ok) throw new Error(`${input}: ${r.message}`);
  return r.value;
};
const refusal = (input: string) => {
  const r = parseEmailAddress(input);
  return r.ok ? `accepted as ${r.value.address}` : r.message;
};

describe('e-mail addresses: accepted, and the form they are stored in', () => {
  it.each([
    // input, stored form, ASCII domain, needs SMTPUTF8
    ['jan@żółw.pl', 'jan@żółw.pl', 'xn--w-uga1v8h.pl', false],
    ['jan@xn--w-uga1v8h.pl', 'jan@żółw.pl', 'xn--w-uga1v8h.pl', false],
    ['jan@XN--W-UGA1V8H.PL', 'jan@żółw.pl', 'xn--w-uga1v8h.pl', false],
    ['Jan@ŻÓŁW.pl', 'Jan@żółw.pl', 'xn--w-uga1v8h.pl', false], // local part case kept, domain case dropped
    ['józef@przykład.pl', 'józef@przykład.pl', 'xn--przykad-rjb.pl', true],
    ['Józef@Przykład.PL', 'Józef@przykład.pl', 'xn--przykad-rjb.pl', true],
    ['jo\u0301zef@x.pl', 'józef@x.pl', 'x.pl', true], // decomposed ó is stored composed (NFC)
    ['Lukasz.Zolkiewski@Example.PL', 'Lukasz.Zolkiewski@example.pl', 'example.pl', false],
    ["o'brien+czynsze@x-y.example.pl", "o'brien+czynsze@x-y.example.pl", 'x-y.example.pl', false],
    ['a!#$%&*/=?^_`{|}~-@x.pl', 'a!#$%&*/=?^_`{|}~-@x.pl', 'x.pl', false], // every RFC 5322 atext sign
    ['jan@пример.рф', 'jan@пример.рф', 'xn--e1afmkfd.xn--p1ai', false],
    ['jan@xn--e1afmkfd.xn--p1ai', 'jan@пример.рф', 'xn--e1afmkfd.xn--p1ai', false],
    ['x@ＥＸＡＭＰＬＥ.pl', 'x@example.pl', 'example.pl', false], // full-width letters map to ASCII (UTS #46)
    ['用户@例子.广告', '用户@例子.广告', 'xn--fsqu00a.xn--4rr70v', true],
    ['  jan@żółw.pl\t', 'jan@żółw.pl', 'xn--w-uga1v8h.pl', false],
    ['\ufeffjan@x.pl', 'jan@x.pl', 'x.pl', false], // the BOM of a CSV file's first cell
    [`${'a'.repeat(64)}@x.pl`, `${'a'.repeat(64)}@x.pl`, 'x.pl', false],
    [`${'ż'.repeat(32)}@x.pl`, `${'ż'.repeat(32)}@x.pl`, 'x.pl', true], // 64 octets
  ])('%s → %s (%s, SMTPUTF8 %s)', (input, stored, ascii, utf8) => {
    const value = ok(input);
    expect(value.address).toBe(stored);
    expect(value.asciiDomain).toBe(ascii);
    expect(value.utf8Local).toBe(utf8);
    expect(needsSmtpUtf8(value.address)).toBe(utf8);
  });
});

describe('e-mail addresses: refused, with the reason in Polish', () => {
  it.each([
    ['bez-domeny', M.invalid],
    ['zły@', M.invalid],
    ['@x.pl', M.invalid],
    ['a..b@x.pl', M.invalid],
    ['.a@x.pl', M.invalid],
    ['a.@x.pl', M.invalid],
    ['jan kowalski@x.pl', M.space],
    ['jan@x.pl ,ewa@x.pl', M.space],
    ['a\tb@x.pl', M.space],
    ['a\u00a0b@x.pl', M.space], // no-break space
    ['a\u3000b@x.pl', M.space], // ideographic space
    ['jan\u202e@x.pl', M.invisible], // right-to-left override
    ['jan\u2066@x.pl', M.invisible], // left-to-right isolate
    ['jan@x\u200f.pl', M.invisible], // right-to-left mark in the domain
    ['ja\u200bn@x.pl', M.invisible], // zero-width space
    ['ja\ufeffn@x.pl', M.invisible], // a BOM inside (one in front is trimmed like a space)
    ['ja\u00adn@x.pl', M.invisible], // soft hyphen
    ['jan\u0000@x.pl', M.invisible],
    ['jan\u0085@x.pl', M.invisible], // C1 control
    ['jan\ue000@x.pl', M.invisible], // private use
    ['J\ufffdzef@x.pl', M.replacement], // a Windows-1250 file read as UTF-8
    ['a,b@x.pl', M.character(',')],
    ['a"b@x.pl', M.character('"')],
    ['"jan"@x.pl', M.character('"')],
    ['a@b@x.pl', M.invalid],
    ['cena€@x.pl', M.character('€')],
    ['jan\u2024kowalski@x.pl', M.character('\u2024')], // one-dot leader, looks like "."
    ['jan@x', M.domain],
    ['jan@x.pl.', M.domain],
    ['jan@x..pl', M.domain],
    ['jan@-x.pl', M.domain],
    ['jan@x-.pl', M.domain],
    ['jan@ab--c.pl', M.domain], // "--" in 3rd–4th place is reserved for A-labels
    ['jan@xn--zzzz.pl', M.domain], // not valid Punycode
    ['jan@xn--abc.pl', M.domain],
    ['jan@x_y.pl', M.domain],
    ['jan@x.p1', M.domain],
    ['jan@1.2.3.4', M.domain],
    ['jan@[127.0.0.1]', M.domain],
    ['jan@0x7f.1', M.domain],
    ['jan@x.pl/ścieżka', M.domain],
    ['jan@x.pl:25', M.domain],
    [`jan@${'a'.repeat(64)}.pl`, M.domain], // a DNS label is at most 63 octets
    [`${'a'.repeat(65)}@x.pl`, M.localTooLong],
    [`${'ż'.repeat(33)}@x.pl`, M.localTooLong], // 33 letters, 66 octets
    [`a@${Array(5).fill('b'.repeat(60)).join('.')}.pl`, M.tooLong],
    [`a@${Array(4).fill(POLISH_LABEL).join('.')}.pl`, M.tooLong], // 184 characters, 260 as Punycode
    ['jan@p\u0430ypal.pl', M.mixedScripts], // Cyrillic "а" among Latin letters
    ['p\u0430ypal@x.pl', M.mixedScripts],
    ['jan@\u03bfnet.pl', M.mixedScripts], // Greek omicron
    ['jan@x.\u0440l', M.mixedScripts], // Cyrillic "р" in the top-level domain
  ])('%j → refused', (input, message) => {
    expect(refusal(input)).toBe(message);
  });
});

describe('e-mail addresses: scripts that may share a label', () => {
  it.each([
    ['żółw', false],
    ['пример', false],
    ['例子', false],
    ['東京tokyo', false], // Han with Latin (Japanese use)
    ['ひらがなカタカナ漢字', false],
    ['서울seoul', false],
    ['p\u0430ypal', true],
    ['αβγabc', true],
    ['пример\u03b1', true],
    ['שלוםabc', true],
  ])('%s → mixes scripts: %s', (part, mixed) => {
    expect(mixesScripts(part)).toBe(mixed);
  });
});

describe('e-mail addresses: one mailbox, every spelling', () => {
  it.each([
    ['jan@żółw.pl', 'jan@xn--w-uga1v8h.pl'],
    ['jan@żółw.pl', 'JAN@ŻÓŁW.PL'],
    ['Józef@przykład.pl', 'józef@xn--przykad-rjb.pl'],
    ['jo\u0301zef@x.pl', 'józef@x.pl'],
    ['Anna.Nowak@Example.PL', 'anna.nowak@example.pl'],
  ])('%s is the same mailbox as %s', (a, b) => {
    expect(mailboxKey(a)).toBe(mailboxKey(b));
  });

  it('different local parts stay different mailboxes', () => {
    expect(mailboxKey('jan@żółw.pl')).not.toBe(mailboxKey('jan@zolw.pl'));
    expect(mailboxKey('józef@x.pl')).not.toBe(mailboxKey('jozef@x.pl'));
  });
});

describe('e-mail addresses: the SMTP envelope form', () => {
  it.each([
    ['jan@żółw.pl', 'jan@xn--w-uga1v8h.pl'], // ASCII local part: Punycode domain, any server takes it
    ['Jan@przykład.pl', 'Jan@xn--przykad-rjb.pl'],
    ['jan@example.pl', 'jan@example.pl'],
    ['józef@przykład.pl', 'józef@przykład.pl'], // UTF-8 local part: sent as is, with SMTPUTF8
  ])('%s → %s', (address, wire) => {
    expect(wireAddress(address)).toBe(wire);
  });
});

describe('Punycode decoding (RFC 3492) agrees with Node', () => {
  it.each([
    'xn--w-uga1v8h.pl',
    'xn--przykad-rjb.pl',
    'xn--e1afmkfd.xn--p1ai',
    'xn--fsqu00a.xn--4rr70v',
    'xn--fa-hia.de',
    'xn--mnchen-3ya.de',
    'xn--bcher-kva.example',
    'xn--ls8h.la', // an emoji domain
  ])('%s', (ascii) => {
    const decoded = ascii
      .split('.')
      .map((label) => (label.startsWith('xn--') ? decodePunycode(label.slice(4)) : label))
      .join('.');
    expect(decoded).toBe(domainToUnicode(ascii));
    expect(domainToASCII(decoded)).toBe(ascii);
  });

  it.each(['zzzz!', '99999999999999999999', 'abc-é', '-'])('%j is not Punycode', (body) => {
    expect(decodePunycode(body)).toBeNull();
  });
});

describe('EmailAddress (the API field)', () => {
  it.each([
    [' Jan@ŻÓŁW.pl ', 'Jan@żółw.pl'],
    ['jan@xn--w-uga1v8h.pl', 'jan@żółw.pl'],
    ['józef@przykład.pl', 'józef@przykład.pl'],
  ])('%j is stored as %s', (input, stored) => {
    expect(EmailAddress.parse(input)).toBe(stored);
  });

  it.each([
    ['jan\u202e@x.pl', M.invisible],
    ['p\u0430ypal@x.pl', M.mixedScripts],
    ['zły@', M.invalid],
    [`${'a'.repeat(300)}@x.pl`, 'Tekst jest za długi (najwyżej 254 znaków).'],
  ])('%j is refused once, with its reason', (input, message) => {
    const issues = EmailAddress.safeParse(input).error?.issues ?? [];
    expect(issues.map((i) => i.message)).toEqual([message]);
  });
});
