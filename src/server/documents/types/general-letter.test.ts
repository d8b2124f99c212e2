import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText, qpdfCheck } from '../../../../test/support/pdf.js';
import { documentType } from '../registry.js';
import { renderDocumentPdf } from '../render.js';
import { checkTemplate, renderTemplate, sampleContext } from '../templates.js';
import type { DocumentParties } from './document-type.js';
import { generalLetter } from './general-letter.js';

const parties: DocumentParties = {
  issuer: {
    name: 'Wspólnota Mieszkaniowa „Pod Lipami”',
    street: 'ul. Lipowa 7',
    postalCode: '31-042',
    city: 'Kraków',
    nip: null,
  },
  recipient: {
    name: 'Zażółć Gęślą-Jaźń',
    street: 'ul. Lipowa 7/12',
    postalCode: '31-042',
    city: 'Kraków',
    country: 'PL',
  },
  unit: { number: '12', address: 'ul. Lipowa 7/12, 31-042 Kraków', nrb: null },
};

type Raw = ReturnType<typeof generalLetter.sample> & Record<string, unknown>;
const sample = () => generalLetter.sample() as Raw;
const parsed = (raw: unknown = sample()) => generalLetter.schema.parse(raw);
const messageAt = (raw: unknown, path: string) => {
  const r = generalLetter.schema.safeParse(raw);
  expect(r.success).toBe(false);
  return r.error?.issues.find((i) => i.path.join('.') === path)?.message;
};
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');
const render = (raw: unknown, p: DocumentParties = parties) =>
  renderDocumentPdf({ type: 'general_letter', data: parsed(raw), parties: p, createdAt: '2026-03-02T08:00:00Z' });

describe('general letter: schema', () => {
  it('is registered and its sample is a complete meeting notice', () => {
    expect(documentType('general_letter')).toBe(generalLetter);
    const d = parsed();
    for (const [key, value] of Object.entries(d)) expect(value, key).not.toBeNull();
    expect(d.signatories.every((x) => x.role !== null)).toBe(true);
    expect(d.attachments.length).toBeGreaterThan(0);
    expect(d.copies.length).toBeGreaterThan(0);
    expect(d.body).toContain('Porządek obrad:');
    expect(generalLetter.check!(d, parties)).toEqual([]);
    expect(generalLetter.legalStrength).toBe('notice');
    expect(generalLetter.period(d)).toBe('2026-03');
    expect(generalLetter.title(d, parties)).toBe('Zawiadomienie o corocznym zebraniu ogólnym właścicieli lokali');
    expect(generalLetter.filename(d, parties)).toBe('pismo_2026-03-02_zawiadomienie_o_corocznym_zebraniu_ogolnym.pdf');
  });

  it('requires the date, the subject and the body; fills the salutation and the closing', () => {
    const { date: _d, subject: _s, body: _b, salutation: _sa, closing: _c, ...rest } = sample();
    const r = generalLetter.schema.safeParse(rest);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['date', 'Data jest wymagana.'],
      ['subject', 'To pole jest wymagane.'],
      ['body', 'To pole jest wymagane.'],
    ]);
    expect(messageAt({ ...sample(), body: '  \n ' }, 'body')).toBe('Treść pisma jest wymagana.');
    expect(messageAt({ ...sample(), date: '2026-02-30' }, 'date')).toBe('Taki dzień nie istnieje: 30 lutego 2026.');
    expect(messageAt({ ...sample(), date: '2026-13-01' }, 'date')).toMatch(/^Taki miesiąc nie istnieje: 13/);
    expect(generalLetter.schema.safeParse({ ...sample(), date: '29.02.2028' }).success).toBe(true); // a leap year
    const d = parsed({ date: '02.03.2026', subject: 'Przerwa w dostawie wody', body: 'Treść.' });
    expect(d).toMatchObject({
      date: '2026-03-02',
      salutation: 'Szanowni Państwo,',
      closing: 'Z poważaniem',
      reference: null,
      place: null,
      signatories: [],
      attachments: [],
      copies: [],
    });
  });

  it('refuses template tags typed into the letter', () => {
    const d = parsed({ ...sample(), body: 'Szanowny {{ recipient.name }}, informujemy…' });
    expect(generalLetter.check!(d, parties)).toEqual([
      {
        path: 'body',
        message:
          'Pismo zawiera znaczniki szablonu ({{ … }} albo {% … %}) — pismo nie jest szablonem, wpisz gotowy tekst.',
      },
    ]);
  });
});

describe('general letter: PDF', () => {
  it('renders the meeting notice like a Polish letter', async () => {
    const pdf = await render(sample());
    expect(pdf.length).toBeLessThan(30_000);
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    expect(pdfPages(pdf)).toBe(1);
    const raw = pdfText(pdf);
    const text = flat(raw);
    expect(text).toContain('Kraków, 2 marca 2026 r.');
    expect(text).toContain('Znak: WM/LIP/12/2026');
    expect(text).toContain('Zażółć Gęślą-Jaźń');
    expect(text).toContain('Dotyczy: Zawiadomienie o corocznym zebraniu ogólnym właścicieli lokali');
    expect(text).toContain('Szanowni Państwo,');
    expect(text).toContain('24 marca 2026 r. (wtorek) o godz. 18:00');
    // The agenda keeps one item a line.
    expect(raw).toMatch(/^\s*2\. Przyjęcie porządku obrad\.\s*$/m);
    expect(raw).toMatch(/^\s*9\. Zamknięcie zebrania\.\s*$/m);
    expect(text).toContain('Z poważaniem');
    expect(text).toContain('Jan Nowak Przewodniczący Zarządu Wspólnoty');
    expect(text).toContain('Maria Zielińska Członek Zarządu Wspólnoty');
    expect(text).toContain('Załączniki: 1. Projekt uchwały nr 1/2026');
    expect(text).toContain('3. Wzór pełnomocnictwa');
    expect(text).toContain('Otrzymują: 1. Właściciele lokali w budynku przy ul. Lipowej 7 2. a/a');
    expect(text).not.toContain('Strona');
  });

  it('signs with the issuer when no one is named and leaves out empty lists', async () => {
    const { reference: _r, signatories: _s, attachments: _a, copies: _c, ...plain } = sample();
    const text = flat(pdfText(await render(plain, { ...parties, unit: null })));
    expect(text).toContain('Z poważaniem Wspólnota Mieszkaniowa „Pod Lipami”');
    expect(text).not.toContain('Znak:');
    expect(text).not.toContain('Załączniki');
    expect(text).not.toContain('Otrzymują');
  });

  it('continues a long letter on the next page, clear of the page numbers', async () => {
    const long = Array.from(
      { length: 70 },
      (_, i) => `Zdanie ${i + 1} długiego akapitu o pracach remontowych w budynku.`,
    );
    const pdf = await render({ ...sample(), body: `${long.join(' ')}\n\n${sample().body}` });
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(pdf);
    expect(flat(text)).toContain(`Strona 1 z ${pages}`);
    // The page number stands on its own line, not inside the running text.
    const first = text.split('\f')[0]!;
    expect(first.trimEnd().split('\n').at(-1)!.trim()).toBe(`Strona 1 z ${pages}`);
    expect(first).toMatch(/Zdanie \d+/);
  });
});

describe('general letter: e-mail template', () => {
  it('passes the template check and names the subject, the reference and the attachments', () => {
    const ctx = sampleContext(generalLetter as never);
    expect(checkTemplate(generalLetter as never, generalLetter.template, ctx)).toEqual([]);
    const out = renderTemplate(generalLetter.template, ctx);
    expect(out.subject).toBe('Zawiadomienie o corocznym zebraniu ogólnym właścicieli lokali');
    expect(out.html).toContain('<p>Szanowni Państwo,</p>');
    expect(out.html).toContain('z dnia 02.03.2026 (znak: WM/LIP/12/2026)');
    expect(out.html).toContain('Wzór pełnomocnictwa');
    const bare = renderTemplate(generalLetter.template, {
      ...ctx,
      unit: null,
      document: { ...ctx.document, reference: null, attachments: [] },
    });
    expect(bare.html).not.toContain('znak:');
    expect(bare.html).not.toContain('Do pisma dołączono');
    expect(bare.html).not.toContain('lokalu');
  });
});
