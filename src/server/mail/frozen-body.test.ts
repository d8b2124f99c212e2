import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { frozenBody } from './frozen-body.js';
import { type FreezeInput, freezeMime } from './mime.js';

const base: FreezeInput = {
  messageId: '01900000-0000-7000-8000-000000000002',
  messageIdHeader: '<01900000-0000-7000-8000-000000000002@example.pl>',
  from: { name: 'Spółdzielnia „Przyszłość”', address: 'czynsze@example.pl' },
  replyTo: 'zwroty@example.pl',
  to: { name: 'Jan Kowalski', address: 'jan@example.pl' },
  subject: 'Zawiadomienie o wysokości opłat',
  html: '<p>Szanowni Państwo, w załączeniu zawiadomienie.</p><p>Administratorem danych jest Spółdzielnia.</p>',
  text: 'Szanowni Państwo, w załączeniu zawiadomienie.\n\nAdministratorem danych jest Spółdzielnia.',
  date: new Date('2026-04-01T08:00:00Z'),
  attachments: [],
  dkim: null,
};

describe('the body of a frozen message', () => {
  it('is its HTML and text parts, Polish letters decoded, attachments left out', async () => {
    const raw = await freezeMime({
      ...base,
      attachments: [
        { filename: 'zawiadomienie.pdf', contentType: 'application/pdf', content: randomBytes(300_000) },
        { filename: 'regulamin.pdf', contentType: 'application/pdf', content: randomBytes(1000) },
      ],
    });
    expect(await frozenBody(raw)).toEqual({ html: base.html, text: base.text });
  });

  it('of a text-only message has no HTML', async () => {
    const raw = await freezeMime({ ...base, html: '' });
    expect(await frozenBody(raw)).toEqual({ html: '', text: base.text });
  });
});
