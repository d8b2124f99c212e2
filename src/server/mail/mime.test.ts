import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { freezeInput } from '../../../test/support/mime.js';
import { freezeMime } from './mime.js';

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
