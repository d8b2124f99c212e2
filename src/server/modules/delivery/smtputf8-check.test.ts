import { describe, expect, it } from 'vitest';
import { capabilitiesFromEhlo } from '../../mail/smtp-probe.js';
import { type AccountForCheck, smtpUtf8Problems, smtpUtf8Refusal } from './smtputf8-check.js';

const account = (over: Partial<AccountForCheck>): AccountForCheck => ({
  id: 'a',
  name: 'Czynsze',
  from_address: 'biuro@żółw.pl',
  feedback_address: 'zwroty@żółw.pl',
  smtputf8: null,
  ...over,
});

describe('queue-time SMTPUTF8 rule', () => {
  it.each([
    // server support, account's own addresses, recipients → addresses that block queueing
    ['offered', {}, ['józef@przykład.pl'], []],
    ['not_offered', {}, ['jan@żółw.pl', 'jan@example.pl'], []], // Punycode domains need nothing
    ['not_offered', {}, ['józef@przykład.pl', 'jan@x.pl'], ['józef@przykład.pl']],
    [null, {}, ['józef@przykład.pl', 'józef@przykład.pl'], ['józef@przykład.pl']],
    ['not_offered', { from_address: 'sekretariat.spółdzielni@x.pl' }, ['jan@x.pl'], ['sekretariat.spółdzielni@x.pl']],
    [null, { feedback_address: 'zwroty.błędy@x.pl' }, ['ewa@x.pl'], ['zwroty.błędy@x.pl']],
    ['offered', { from_address: 'sekretariat.spółdzielni@x.pl' }, ['józef@x.pl'], []],
  ] as const)('server %s, account %j, to %j → %j', (support, own, recipients, blocked) => {
    const accounts = new Map([['a', account({ smtputf8: support, ...own })]]);
    const problems = smtpUtf8Problems(
      accounts,
      recipients.map((to) => ({ account_id: 'a', to_address: to })),
    );
    expect(problems.flatMap((p) => p.addresses)).toEqual(blocked);
  });

  it('names the account and at most five addresses, and says what to do', () => {
    const recipients = Array.from({ length: 7 }, (_, i) => ({ account_id: 'a', to_address: `józef${i}@x.pl` }));
    const refused = smtpUtf8Refusal(
      smtpUtf8Problems(new Map([['a', account({ smtputf8: 'not_offered' })]]), recipients),
    );
    expect(refused).toBe(
      'Serwer konta „Czynsze” nie przyjmuje adresów, które przed znakiem @ mają litery inne niż a–z ' +
        '(np. ą, ó, ł; serwer nie obsługuje SMTPUTF8): józef0@x.pl, józef1@x.pl, józef2@x.pl, józef3@x.pl, ' +
        'józef4@x.pl i jeszcze 2. Poproś adresata o adres bez takich liter przed @ albo wyślij z konta, którego ' +
        'serwer je przyjmuje.',
    );
    const unknown = smtpUtf8Refusal(smtpUtf8Problems(new Map([['a', account({})]]), recipients.slice(0, 1)));
    expect(unknown).toContain('„Sprawdź połączenie”');
  });
});

describe('SMTPUTF8 in an EHLO reply', () => {
  it.each([
    ['250-mx.example.pl\r\n250-PIPELINING\r\n250-SMTPUTF8\r\n250 8BITMIME', true],
    ['250-mx.example.pl\n250 SMTPUTF8', true],
    ['250-mx.example.pl\r\n250-PIPELINING\r\n250 8BITMIME', false],
    ['250-mx.example.pl\r\n250-X-NOT-SMTPUTF8\r\n250 DSN', false],
    ['250 mx.example.pl SMTPUTF8 greets you', false], // the greeting line is not an extension
  ])('%j → %s', (ehlo, offered) => {
    expect(capabilitiesFromEhlo(ehlo).smtpUtf8).toBe(offered);
  });

  it('reads nodemailer’s extension lines too', () => {
    expect(capabilitiesFromEhlo(['PIPELINING', 'SMTPUTF8'])).toEqual({ smtpUtf8: true });
    expect(capabilitiesFromEhlo(['PIPELINING', 'DSN'])).toEqual({ smtpUtf8: false });
  });
});
