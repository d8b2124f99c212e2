import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { freezeInput } from '../../../test/support/mime.js';
import { cleanLine } from '../../shared/plain-text.js';
import { attachmentPart, freezeMime } from './mime.js';

const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('freezing a message', () => {
  it('puts no bidi override, control character or line break from stored text into its headers', async () => {
    const eml = await freezeMime(
      freezeInput({
        from: { name: 'Administracja\u202E Czynsze', address: 'czynsze@example.pl' },
        to: { name: 'Jan\u2066 Kowalski\u0007', address: 'jan@example.pl' },
        subject: 'Opłaty\r\nBcc: ofiara@example.com\u200F',
        html: '',
        text: 'Treść.',
        attachments: [
          { filename: 'faktura\u202Efdp.exe', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n') },
        ],
      }),
    );
    const parsed = await simpleParser(eml);
    expect(parsed.subject).toBe('Opłaty Bcc: ofiara@example.com');
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Administracja Czynsze', address: 'czynsze@example.pl' });
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0] : null).toMatchObject({
      name: 'Jan Kowalski',
    });
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['fakturafdp.exe']);
    for (const header of [parsed.subject, parsed.from?.text, JSON.stringify(parsed.to)]) {
      expect(header).not.toMatch(HIDDEN);
    }
  });
});

describe('an attachment part built in one go (D100)', () => {
  /** A one-attachment message by nodemailer's composer, with a fixed boundary: the attachment as content or as raw. */
  async function message(attachment: Record<string, unknown>): Promise<string> {
    const composer = new MailComposer({
      from: 'czynsze@example.pl',
      to: 'jan@example.pl',
      text: 'Treść.',
      date: new Date('2026-04-01T08:00:00Z'),
      messageId: '<a@example.pl>',
      baseBoundary: 'staly',
      attachments: [attachment],
    } as ConstructorParameters<typeof MailComposer>[0]);
    const raw = await new Promise<Buffer>((resolve, reject) =>
      composer.compile().build((err, built) => (err ? reject(err) : resolve(built))),
    );
    return raw.toString('latin1');
  }

  const cases: [string, { filename: string; contentType: string; content: Buffer }][] = [
    [
      'a PDF with a Polish name',
      { filename: 'zawiadomienie_łódź 2.pdf', contentType: 'application/pdf', content: randomBytes(72_000) },
    ],
    [
      'a length that fills its last line',
      { filename: 'a.pdf', contentType: 'application/pdf', content: randomBytes(57 * 10) },
    ],
    ['one byte', { filename: 'a.bin', contentType: 'application/octet-stream', content: Buffer.from([0]) }],
    ['nothing', { filename: 'pusty.pdf', contentType: 'application/pdf', content: Buffer.alloc(0) }],
    ['text', { filename: 'regulamin.txt', contentType: 'text/plain', content: Buffer.from('Regulamin.\n') }],
    ['no type (from the name)', { filename: 'faktura.pdf', contentType: '', content: Buffer.from('%PDF-1.4\n') }],
    [
      'a long name with quotes and a semicolon',
      {
        filename: `Rozliczenie "wody"; lokal 12 — ${'Źdźbło '.repeat(12)}.pdf`,
        contentType: 'application/pdf',
        content: randomBytes(300),
      },
    ],
  ];

  it.each(cases)('is what the composer streams: %s', async (_, a) => {
    const streamed = await message({ filename: cleanLine(a.filename), contentType: a.contentType, content: a.content });
    expect(await message({ raw: attachmentPart(a) })).toBe(streamed);
  });
});
