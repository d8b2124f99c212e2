import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, TEST_PASSWORD } from '../../../../test/support/app.js';
import {
  auditOf,
  createDeliveryWorld,
  type DeliveryWorld,
  messageDetail,
  reject550,
} from '../../../../test/support/delivery.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';
import { systemActor } from '../auth/auth.js';

/**
 * "Send a test to me": the message, marked [TEST], goes at once to the user's own address over a fresh SMTP
 * connection to the account's server; the message itself is not touched.
 */
let dw: DeliveryWorld;

const SUBJECT = 'Zawiadomienie o wysokości opłat — Źródlana';

async function newDraft() {
  const res = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages', {
    accountId: dw.w.accountA,
    toName: 'Bożena Kęsicka',
    toAddress: 'bozena.kesicka@example.pl',
    subject: SUBJECT,
    text: 'Szanowna Pani, w załączeniu zawiadomienie.',
  });
  return expectStatus(res, 201).id as string;
}

const received = (address: string) => dw.h.sink.received.filter((r) => r.rcpt === address);

async function clerkWithEmail(loginName: string, email: string | null) {
  await dw.h.t.container.services.users.create(systemActor('test'), {
    login: loginName,
    displayName: loginName,
    email,
    role: 'clerk',
    password: TEST_PASSWORD,
    positionIds: [dw.w.positionA],
  });
  return login(dw.h.t, loginName);
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
});
afterAll(() => dw?.h.close());

describe('test send', () => {
  it('sends the draft, marked [TEST], to my own address; the draft stays a draft', async () => {
    const id = await newDraft();
    const before = await messageDetail(dw, dw.w.clerkA, id);
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/test-send`);
    expect(expectStatus(res, 200)).toEqual({
      ok: true,
      to: 'anna@example.pl',
      message: 'Wysłano wiadomość testową na adres anna@example.pl.',
      response: expect.stringMatching(/^250 /),
      messageIdHeader: expect.stringMatching(/^<[0-9a-f-]+@zarzadca\.example\.pl>$/),
    });
    const testHeader = res.json().messageIdHeader as string;
    const copies = received('anna@example.pl');
    expect(copies).toHaveLength(1);
    expect(copies[0]?.mailFrom).toBe('zwrotne.czynsze@zarzadca.example.pl');
    const parsed = await simpleParser(copies[0]?.raw as Buffer);
    expect(parsed.subject).toBe(`[TEST] ${SUBJECT}`);
    expect(parsed.subject?.startsWith('[TEST] ')).toBe(true);
    expect(copies[0]?.raw.toString()).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
    expect(parsed.to).toMatchObject({ value: [{ address: 'anna@example.pl' }] });
    expect(parsed.text).toContain('Szanowna Pani');
    expect(received('bozena.kesicka@example.pl')).toHaveLength(0);
    // Its own Message-ID (a provider drops a repeated one), naming the message it was made from.
    expect(testHeader).not.toBe(before.messageIdHeader);
    expect(parsed.messageId).toBe(testHeader);
    expect(copies[0]?.messageId).toBe(testHeader);
    expect(parsed.references).toBe(before.messageIdHeader);

    expect(await messageDetail(dw, dw.w.clerkA, id)).toEqual(before);
    expect((await auditOf(dw, id)).filter((a) => a.action === 'message.test_send')).toEqual([
      {
        action: 'message.test_send',
        actorId: dw.w.clerkAId,
        details: {
          to: 'anna@example.pl',
          ok: true,
          response: expect.stringMatching(/^250 /),
          messageIdHeader: testHeader,
        },
      },
    ]);
  });

  it('a queued message keeps its status and its frozen .eml', async () => {
    const id = await newDraft();
    expectStatus(await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/queue`), 200);
    const before = await messageDetail(dw, dw.w.clerkA, id);
    const eml = (await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${id}/eml`)).rawPayload;
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/test-send`);
    expect(expectStatus(res, 200)).toMatchObject({ ok: true, to: 'anna@example.pl' });
    const after = await messageDetail(dw, dw.w.clerkA, id);
    expect(after).toMatchObject({ status: 'queued', eml: before.eml, attempts: [], attemptsMade: 0 });
    expect((await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${id}/eml`)).rawPayload.equals(eml)).toBe(true);
    const copy = received('anna@example.pl').at(-1);
    expect(copy?.raw.equals(eml)).toBe(false);
    expect((await simpleParser(copy?.raw as Buffer)).subject).toBe(`[TEST] ${SUBJECT}`);
    expectStatus(await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/cancel', { selection: { ids: [id] } }), 200);
  });

  it('a user without an e-mail address gets a 400 with a Polish message', async () => {
    const session = await clerkWithEmail('bez-adresu', null);
    const id = await newDraft();
    const count = dw.h.sink.received.length;
    const error = expectError(
      await call(dw.h.t, session, 'POST', `/api/messages/${id}/test-send`),
      400,
      'validation_failed',
      'Nie masz zapisanego adresu e-mail — poproś administratora o jego uzupełnienie.',
    );
    expect(error.fields).toEqual([{ path: 'email', message: 'Brak adresu e-mail użytkownika.' }]);
    expect(dw.h.sink.received.length).toBe(count);
    expect((await auditOf(dw, id)).map((a) => a.action)).not.toContain('message.test_send');
  });

  it('a server that rejects my address: ok false, a Polish explanation, no suppression', async () => {
    const address = 'odrzucona@example.pl';
    dw.behaviours.set(address, () => reject550(address));
    const session = await clerkWithEmail('odrzucona', address);
    const id = await newDraft();
    const res = await call(dw.h.t, session, 'POST', `/api/messages/${id}/test-send`);
    const body = expectStatus(res, 200);
    expect(body).toEqual({
      ok: false,
      to: address,
      messageIdHeader: expect.any(String),
      message: expect.stringMatching(/Adres odbiorcy nie istnieje/),
      response: expect.stringContaining('550'),
    });
    expect(received(address)).toHaveLength(0);
    expect((await messageDetail(dw, session, id)).status).toBe('draft');
    const suppressions = await dw.h.t.container.db.selectFrom('suppressions').select('address').execute();
    expect(suppressions.map((s) => s.address)).not.toContain(address);
    expect((await auditOf(dw, id)).find((a) => a.action === 'message.test_send')?.details).toMatchObject({
      to: address,
      ok: false,
    });
  });

  it('a server that cannot be reached: ok false, naming the host and port', async () => {
    const { w, h } = dw;
    expectStatus(await call(h.t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, { port: 1 }), 200);
    try {
      const id = await newDraft();
      const body = expectStatus(await call(h.t, w.clerkA, 'POST', `/api/messages/${id}/test-send`), 200);
      expect(body).toMatchObject({
        ok: false,
        to: 'anna@example.pl',
        message: 'Nie można połączyć się z serwerem 127.0.0.1:1. Sprawdź adres i port.',
      });
    } finally {
      expectStatus(await call(h.t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, { port: h.sink.port }), 200);
    }
  });
});
