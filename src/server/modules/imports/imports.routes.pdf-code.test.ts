import { describe, expect, it } from 'vitest';
import { expectStatus } from '../../../../test/support/world.js';
import { csv, findRecipient, HEADER, IMPORT, rejected, send, setupImportsApp, w } from './imports.routes.fixture.js';

setupImportsApp();

// The recipient's PDF code (D71) comes in from the data file like the other fields; never a PESEL's shape.
describe('recipients import: the PDF code column', () => {
  it('stores the code of a "Kod do PDF" column and refuses an 11-digit one', async () => {
    const good = csv([
      `${HEADER};Kod do PDF`,
      'Kodowa Ewa;ul. Długa 12/9;00-238;Warszawa;ewa@example.pl;e-mail;15.01.2026;umowa;K-101;Wspólnota Długa 12;9;mieszkanie;;właściciel;EWA-2026',
    ]);
    const done = expectStatus(await send(w.admin, IMPORT, { filename: 'kody.csv', data: good }), 200);
    expect(done.counts.recipients.create).toBe(1);
    expect((await findRecipient('Kodowa')).pdfCode).toBe('EWA-2026');

    const pesel = csv([
      `${HEADER};Kod do PDF`,
      'Kodowa Ewa;ul. Długa 12/9;00-238;Warszawa;ewa@example.pl;e-mail;15.01.2026;umowa;K-101;Wspólnota Długa 12;9;mieszkanie;;właściciel;44051401359',
    ]);
    const error = rejected(await send(w.admin, IMPORT, { filename: 'pesel.csv', data: pesel }));
    expect(error.errors.map((e) => e.message).join(' ')).toMatch(/PESEL/);
    expect((await findRecipient('Kodowa')).pdfCode).toBe('EWA-2026');
  });
});
