import { describe, expect, it } from 'vitest';
import { AccountCreate } from './accounts.js';
import { DraftCreate, DraftUpdate } from './messages.js';
import { cleanLine, hiddenCharIn, oneLine } from './plain-text.js';
import { RecipientInput, RecipientUpdate } from './recipients.js';
import { TemplateBody } from './templates.js';
import { z } from './zod.js';

describe('hidden characters in one-line texts', () => {
  it.each([
    ['faktura\u202Efdp.exe', 'U+202E', 'fakturafdp.exe'],
    ['\u202Aa\u202Bb\u202Cc\u202Dd', 'U+202A', 'abcd'],
    ['a\u2066b\u2067c\u2068d\u2069', 'U+2066', 'abcd'],
    ['Jan\u200EKowalski\u200F', 'U+200E', 'JanKowalski'],
    ['\u061Cنص', 'U+061C', 'نص'],
    ['Opłaty\r\nBcc: x@example.com', 'U+000D', 'Opłaty Bcc: x@example.com'],
    ['Opłaty\tkwiecień', 'U+0009', 'Opłaty kwiecień'],
    ['dzwonek\u0007', 'U+0007', 'dzwonek'],
    ['nul\u0000', 'U+0000', 'nul'],
    ['del\u007F', 'U+007F', 'del'],
    ['c1\u0085next\u009B', 'U+0085', 'c1 next'],
    ['linia\u2028akapit\u2029', 'U+2028', 'linia akapit'],
    ['\uFEFFbom', 'U+FEFF', 'bom'],
  ])('%j: refused as %s when typed, cleaned to %j from data', (input, code, clean) => {
    expect(hiddenCharIn(input)).toBe(code);
    expect(cleanLine(input)).toBe(clean);
    expect(hiddenCharIn(cleanLine(input))).toBeNull();
  });

  it.each([
    'Zażółć gęślą jaźń',
    'Wspólnota „Pod Lipami” — lokal 12/3',
    'Zawiadomienie (kwiecień 2026) – 843,45 zł',
    'שלום עולם',
    'رسالة',
    'emoji 👩‍👩‍👧 ok',
    'nbsp\u00a0ok',
  ])('%j: legitimate text stays as it is', (input) => {
    expect(hiddenCharIn(input)).toBeNull();
    expect(cleanLine(input)).toBe(input);
  });

  it('refuses a typed field in Polish, naming the character', () => {
    const Subject = oneLine(z.string().trim().min(1).max(50));
    expect(Subject.parse('  Opłaty  ')).toBe('Opłaty');
    const r = Subject.safeParse('faktura\u202Efdp.exe');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(
      'Tekst zawiera niewidoczny znak sterujący (U+202E), np. zmieniający kierunek pisma — usuń go albo wpisz tekst ręcznie zamiast wklejać.',
    );
    // An empty field still says it is required, once.
    expect(Subject.safeParse('').error?.issues.map((i) => i.message)).toEqual(['To pole jest wymagane.']);
  });
});

describe('typed names and subjects refuse hidden characters at the edge', () => {
  const draft = {
    accountId: '01900000-0000-7000-8000-000000000001',
    toAddress: 'a@example.pl',
    subject: 'Opłaty',
    text: 'x',
  };
  const recipient = { name: 'Jan Kowalski', street: 'ul. Lipowa 7', postalCode: '31-042', city: 'Kraków' };
  const account = {
    name: 'Czynsze',
    fromName: 'Administracja',
    fromAddress: 'czynsze@example.pl',
    feedbackAddress: 'biuro@example.pl',
    host: 'smtp.example.pl',
    port: 587,
    maxConnections: 5,
  };
  it.each([
    ['draft subject', DraftCreate, draft, 'subject'],
    ['draft recipient name', DraftCreate, { ...draft, toName: 'Anna' }, 'toName'],
    ['draft edit subject', DraftUpdate, {}, 'subject'],
    ['draft edit recipient name', DraftUpdate, {}, 'toName'],
    ['template subject', TemplateBody, { subject: 'Opłaty', html: '<p>x</p>' }, 'subject'],
    ['recipient name', RecipientInput, recipient, 'name'],
    ['recipient edit name', RecipientUpdate, {}, 'name'],
    ['sender name', AccountCreate, account, 'fromName'],
  ] as const)('%s', (_label, schema, valid, field) => {
    expect(schema.safeParse({ ...valid, [field]: 'Jan Kowalski' }).success).toBe(true);
    const r = schema.safeParse({ ...valid, [field]: 'Jan\u202E Kowalski' });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: [field], message: expect.stringContaining('(U+202E)') }),
    ]);
  });
});
