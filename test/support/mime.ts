import type { FreezeInput } from '../../src/server/mail/mime.js';

/** A message to freeze (mail/mime.ts): a Polish fee notice without attachments or DKIM, with `over` on top. */
export function freezeInput(over: Partial<FreezeInput> = {}): FreezeInput {
  return {
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
    ...over,
  };
}
