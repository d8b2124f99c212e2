import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Session, TEST_PASSWORD } from '../../../../test/support/app.js';
import {
  createDeliveryWorld,
  type DeliveryWorld,
  messageDetail,
  reject550,
  untilStatus,
  waitFor,
  withWorker,
} from '../../../../test/support/delivery.js';
import { type Sink, startSink } from '../../../../test/support/smtp-sink.js';
import { accountInput, expectError, expectStatus } from '../../../../test/support/world.js';
import { systemActor } from '../auth/auth.js';

/**
 * Internationalised addresses end to end, against two real SMTP servers on 127.0.0.1: one offering SMTPUTF8
 * (account A, "Czynsze"), one without it (account B, "Księgowość"). A Punycode-able domain goes out as ASCII to
 * either; a UTF-8 local part goes out with SMTPUTF8, or is refused when the draft is queued.
 */
let dw: DeliveryWorld;
let plain: Sink;

const ASCII_ONLY = /^[\x00-\x7f]*$/;

async function newDraft(session: Session, accountId: string, toAddress: string) {
  const res = await call(dw.h.t, session, 'POST', '/api/messages', {
    accountId,
    toName: 'Józef Żółtowski',
    toAddress,
    subject: 'Zawiadomienie o wysokości opłat',
    text: 'Szanowny Panie, w załączeniu zawiadomienie.',
  });
  return expectStatus(res, 201) as { id: string; toAddress: string; messageIdHeader: string };
}

const queue = (session: Session, ids: string[], dryRun = false) =>
  call(dw.h.t, session, 'POST', '/api/messages/queue', { selection: { ids }, dryRun });

const account = async (id: string) => expectStatus(await call(dw.h.t, dw.w.admin, 'GET', `/api/accounts/${id}`), 200);

async function testConnection(id: string) {
  return expectStatus(await call(dw.h.t, dw.w.admin, 'POST', `/api/accounts/${id}/test`), 200);
}

async function newAccount(name: string, local: string, port: number) {
  const res = await call(dw.h.t, dw.w.admin, 'POST', '/api/accounts', accountInput(name, local, { port }));
  return expectStatus(res, 201).id as string;
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
  plain = await startSink({ smtputf8: false });
  // Account B sends through the server without SMTPUTF8, from addresses on an internationalised domain.
  expectStatus(
    await call(dw.h.t, dw.w.admin, 'PATCH', `/api/accounts/${dw.w.accountB}`, {
      port: plain.port,
      fromAddress: 'Biuro@Spółdzielnia.pl',
      feedbackAddress: 'zwroty@xn--spdzielnia-hbb26g.pl',
    }),
    200,
  );
});
afterAll(async () => {
  await plain?.close();
  await dw?.h.close();
});

describe('SMTPUTF8 support is recorded on the account', () => {
  it('"Sprawdź połączenie" reads it from the server’s EHLO', async () => {
    expect((await account(dw.w.accountA)).smtpUtf8).toBeNull();
    expect((await account(dw.w.accountB)).smtpUtf8).toBeNull();
    expect((await testConnection(dw.w.accountA)).ok).toBe(true);
    expect((await testConnection(dw.w.accountB)).ok).toBe(true);
    expect((await account(dw.w.accountA)).smtpUtf8).toBe('offered');
    expect((await account(dw.w.accountB)).smtpUtf8).toBe('not_offered');
  });

  it('the account’s addresses are stored with the domain in Unicode, lower-case, the local part as typed', async () => {
    const b = await account(dw.w.accountB);
    expect(b.fromAddress).toBe('Biuro@spółdzielnia.pl');
    expect(b.feedbackAddress).toBe('zwroty@spółdzielnia.pl');
  });

  it('the worker records it from each accepted message’s EHLO; another server makes it unknown again', async () => {
    const id = await newAccount('Nowe SMTP', 'nowe', dw.h.sink.port);
    const draft = await newDraft(dw.w.admin, id, 'anna@example.pl');
    expectStatus(await queue(dw.w.admin, [draft.id]), 200);
    await withWorker(dw.h, () => untilStatus(dw, dw.w.admin, draft.id, 'sent'));
    expect((await account(id)).smtpUtf8).toBe('offered');

    expectStatus(await call(dw.h.t, dw.w.admin, 'PATCH', `/api/accounts/${id}`, { port: plain.port }), 200);
    expect((await account(id)).smtpUtf8).toBeNull();
    const next = await newDraft(dw.w.admin, id, 'ewa@example.pl');
    expectStatus(await queue(dw.w.admin, [next.id]), 200);
    await withWorker(dw.h, () => untilStatus(dw, dw.w.admin, next.id, 'sent'));
    expect((await account(id)).smtpUtf8).toBe('not_offered');
  });
});

describe('an internationalised domain goes out as ASCII (Punycode), even without SMTPUTF8', () => {
  let draft: { id: string; toAddress: string; messageIdHeader: string };

  beforeAll(async () => {
    draft = await newDraft(dw.w.clerkB, dw.w.accountB, 'Jan@XN--W-UGA1V8H.PL');
    expect(await expectStatus(await queue(dw.w.clerkB, [draft.id]), 200)).toMatchObject({ changed: 1 });
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkB, draft.id, 'sent'));
  });

  it('the draft shows the address in Unicode, the local part as typed', () => {
    expect(draft.toAddress).toBe('Jan@żółw.pl');
    expect(draft.messageIdHeader).toMatch(/^<[0-9a-f-]+@xn--spdzielnia-hbb26g\.pl>$/);
  });

  it('MAIL FROM and RCPT TO carry the Punycode domains, without SMTPUTF8', () => {
    const received = plain.received.filter((r) => r.rcpt === 'jan@żółw.pl'); // smtp-server decodes the domain
    expect(received).toHaveLength(1);
    expect(received[0]?.smtpUtf8).toBe(false);
    expect(plain.commands).toContainEqual(expect.stringMatching(/^MAIL FROM:<zwroty@xn--spdzielnia-hbb26g\.pl>/));
    expect(plain.commands).toContainEqual(
      expect.stringMatching(/^RCPT TO:<Jan@xn--w-uga1v8h\.pl> .*ORCPT=rfc822;Jan@xn--w-uga1v8h\.pl/),
    );
    for (const line of plain.commands) expect(line).toMatch(ASCII_ONLY);
  });

  it('the .eml is all ASCII: From, Reply-To, To and Message-ID with Punycode domains', async () => {
    const raw = plain.received.find((r) => r.rcpt === 'jan@żółw.pl')?.raw as Buffer;
    expect(raw.toString('latin1')).toMatch(ASCII_ONLY);
    // Checked in the raw text: mailparser would decode the Punycode back for display.
    const text = raw.toString('latin1').replace(/\r?\n[ \t]+/g, ' '); // unfolded
    expect(text).toMatch(/^To: .*<Jan@xn--w-uga1v8h\.pl>$/m);
    expect(text).toMatch(/^From: .*<Biuro@xn--spdzielnia-hbb26g\.pl>$/m);
    expect(text).toMatch(/^Reply-To: zwroty@xn--spdzielnia-hbb26g\.pl$/m);
    expect(text).toContain(`Message-ID: ${draft.messageIdHeader}`);
  });
});

describe('a UTF-8 local part needs the server’s SMTPUTF8', () => {
  it('is refused when queued for a server without it, naming the address; nothing is queued (dry run too)', async () => {
    const utf8 = await newDraft(dw.w.clerkB, dw.w.accountB, 'józef@przykład.pl');
    const ascii = await newDraft(dw.w.clerkB, dw.w.accountB, 'jozef@przyklad.pl');
    for (const dryRun of [true, false]) {
      const error = expectError(await queue(dw.w.clerkB, [ascii.id, utf8.id], dryRun), 409, 'conflict');
      expect(error.message).toContain('Serwer konta „Księgowość SMTP” nie przyjmuje adresów');
      expect(error.message).toContain('józef@przykład.pl');
      expect(error.message).not.toContain('jozef@przyklad.pl');
      expect(error.message).toMatch(/Nic nie zostało zakolejkowane\.$/);
    }
    for (const id of [utf8.id, ascii.id]) expect((await messageDetail(dw, dw.w.clerkB, id)).status).toBe('draft');
    // Without the refused draft the rest goes.
    expect(await expectStatus(await queue(dw.w.clerkB, [ascii.id]), 200)).toMatchObject({ changed: 1 });
  });

  it('is refused while the server’s support is unknown, telling the clerk to have the connection checked', async () => {
    const id = await newAccount('Nieznane SMTP', 'nieznane', plain.port);
    const draft = await newDraft(dw.w.admin, id, 'józef@przykład.pl');
    const unknown = expectError(await queue(dw.w.admin, [draft.id]), 409, 'conflict');
    expect(unknown.message).toContain('Nie wiadomo jeszcze, czy serwer konta „Nieznane SMTP”');
    expect(unknown.message).toContain('„Sprawdź połączenie”');
    expect(unknown.message).toContain('józef@przykład.pl');
    await testConnection(id);
    const known = expectError(await queue(dw.w.admin, [draft.id]), 409, 'conflict');
    expect(known.message).toContain('Serwer konta „Nieznane SMTP” nie przyjmuje adresów');
  });

  it('goes out with SMTPUTF8 to a server that offers it, in the envelope and in the To header', async () => {
    const draft = await newDraft(dw.w.clerkA, dw.w.accountA, 'Józef@Przykład.PL');
    expect(draft.toAddress).toBe('Józef@przykład.pl');
    expect(await expectStatus(await queue(dw.w.clerkA, [draft.id]), 200)).toMatchObject({ changed: 1 });
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, draft.id, 'sent'));
    const received = dw.h.sink.received.filter((r) => r.rcpt === 'józef@przykład.pl');
    expect(received).toHaveLength(1);
    expect(received[0]?.smtpUtf8).toBe(true);
    expect(dw.h.sink.commands).toContainEqual(expect.stringMatching(/^MAIL FROM:<[^>]+>.* SMTPUTF8/));
    const rcpt = dw.h.sink.commands.find((line) => line.startsWith('RCPT TO:<Józef@przykład.pl>'));
    // DSN still asked for; no ORCPT, whose "rfc822" type cannot carry a UTF-8 address.
    expect(rcpt).toMatch(/NOTIFY=FAILURE,DELAY/);
    expect(rcpt).not.toMatch(/ORCPT/);
    const raw = received[0]?.raw as Buffer;
    expect(raw.toString('utf8').replace(/\r?\n[ \t]+/g, ' ')).toMatch(/^To: =\?UTF-8\?.*<Józef@przykład\.pl>$/m);
    const parsed = await simpleParser(raw);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : null).toBe('Józef@przykład.pl');
  });

  it('a test send to my own UTF-8 address is refused on a server without SMTPUTF8, and nothing is sent', async () => {
    await dw.h.t.container.services.users.create(systemActor('test'), {
      login: 'jozef',
      displayName: 'Józef',
      email: 'józef@przykład.pl',
      role: 'clerk',
      password: TEST_PASSWORD,
      positionIds: [dw.w.positionB],
    });
    const session = await login(dw.h.t, 'jozef');
    const draft = await newDraft(session, dw.w.accountB, 'anna@example.pl');
    const before = plain.received.length;
    const error = expectError(
      await call(dw.h.t, session, 'POST', `/api/messages/${draft.id}/test-send`),
      409,
      'conflict',
    );
    expect(error.message).toContain('józef@przykład.pl');
    expect(error.message).toMatch(/Wiadomości testowej nie wysłano\.$/);
    expect(plain.received.length).toBe(before);
  });
});

describe('suppressions compare mailboxes, not spellings', () => {
  it('a hard bounce for Ola.Bounce@żółw.pl holds a later message to ola.bounce@xn--w-uga1v8h.pl', async () => {
    dw.behaviours.set('ola.bounce@żółw.pl', () => reject550('ola.bounce@żółw.pl'));
    const first = await newDraft(dw.w.clerkA, dw.w.accountA, 'Ola.Bounce@żółw.pl');
    expectStatus(await queue(dw.w.clerkA, [first.id]), 200);
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, first.id, 'failed'));
    await waitFor(async () => {
      const rows = await dw.h.t.container.db.selectFrom('suppressions').select('address').execute();
      return rows.some((r) => r.address === 'ola.bounce@żółw.pl');
    });
    const second = await newDraft(dw.w.clerkA, dw.w.accountA, 'ola.bounce@xn--w-uga1v8h.pl');
    expect(await expectStatus(await queue(dw.w.clerkA, [second.id]), 200)).toMatchObject({ changed: 1, held: 1 });
    expect(await messageDetail(dw, dw.w.clerkA, second.id)).toMatchObject({ status: 'held', heldReason: 'suppressed' });
  });
});
