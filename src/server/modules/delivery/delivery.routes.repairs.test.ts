import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import {
  auditOf,
  createDeliveryWorld,
  type DeliveryWorld,
  messageDetail,
  reject550,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import { assignProperties, expectError, expectFieldError, expectStatus } from '../../../../test/support/world.js';

/**
 * Issue 11, points 3–5, end to end through the API with a worker sending to a real SMTP sink: a refused address
 * corrected on the recipient card and the message sent to it as a new message; a message held for a blocked
 * address, explained and released by unblocking; a resend and a test send each with their own Message-ID.
 */
let dw: DeliveryWorld;
let unitId: string;

const received = (address: string) => dw.h.sink.received.filter((r) => r.rcpt === address);
const detail = (id: string) => messageDetail(dw, dw.w.clerkA, id);

async function newRecipient(name: string, emails: string[]) {
  const res = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/recipients', {
    name,
    street: 'ul. Długa 12/1',
    postalCode: '00-238',
    city: 'Warszawa',
    channel: 'email',
    consent: { date: '2026-01-02', source: 'formularz' },
    emails,
    units: [{ unitId, role: 'owner' }],
  });
  return expectStatus(res, 201).id as string;
}

async function sendTo(recipientId: string | null, toAddress: string, subject = 'Zawiadomienie o opłatach') {
  const draft = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages', {
    accountId: dw.w.accountA,
    recipientId,
    toName: 'Żaneta Łęcka',
    toAddress,
    subject,
    text: 'Szanowna Pani, w załączeniu zawiadomienie.',
  });
  const id = expectStatus(draft, 201).id as string;
  expectStatus(await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/queue`), 200);
  return id;
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
  const { h, w } = dw;
  const propertyId = expectStatus(
    await call(h.t, w.admin, 'POST', '/api/properties', {
      name: 'Wspólnota Źródlana 3',
      kind: 'community',
      street: 'ul. Źródlana 3',
      postalCode: '00-238',
      city: 'Warszawa',
    }),
    201,
  ).id;
  unitId = expectStatus(await call(h.t, w.admin, 'POST', '/api/units', { propertyId, number: '7' }), 201).id;
  await assignProperties(h.t, w, w.positionA, [propertyId]);
});
afterAll(() => dw?.h.close());

describe('point 3: a 550 address corrected on the recipient card, the message sent to it', () => {
  const oldAddress = 'zaneta.stary@example.pl';
  const newAddress = 'zaneta.nowy@example.pl';
  let recipientId: string;
  let failedId: string;
  let oldHeader: string;

  beforeAll(async () => {
    dw.behaviours.set(oldAddress, () => reject550(oldAddress));
    recipientId = await newRecipient('Żaneta Łęcka', [oldAddress]);
    failedId = await sendTo(recipientId, oldAddress);
    oldHeader = (await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, failedId, 'failed'))).messageIdHeader;
  });

  it('the failed message shows the block and offers no other address until the card has one', async () => {
    const m = await detail(failedId);
    expect(m.blocked).toMatchObject({
      address: oldAddress,
      messageId: failedId,
      summary: expect.stringMatching(/^Adres zablokowany po odrzuceniu 550 5\.1\.1 z dnia \d\d\.\d\d\.\d{4}\.$/),
    });
    expect(m.correctAddresses).toEqual([]);
    expectError(
      await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${failedId}/send-to-corrected`, { address: oldAddress }),
      409,
      'conflict',
      /ten sam adres/,
    );
  });

  it('after the card is corrected, "Wyślij na poprawiony adres" makes a new message that arrives there', async () => {
    expectStatus(
      await call(dw.h.t, dw.w.clerkA, 'PATCH', `/api/recipients/${recipientId}`, { emails: [newAddress] }),
      200,
    );
    expect((await detail(failedId)).correctAddresses).toEqual([newAddress]);
    expectFieldError(
      await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${failedId}/send-to-corrected`, {
        address: 'ktos.inny@example.pl',
      }),
      'address',
      /adresów adresata/,
    );
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${failedId}/send-to-corrected`, {
      address: newAddress,
    });
    const made = expectStatus(res, 201);
    expect(made).toEqual({ id: expect.any(String), status: 'queued' });
    const sent = await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, made.id, 'sent'));

    const copies = received(newAddress);
    expect(copies).toHaveLength(1);
    const parsed = await simpleParser(copies[0]?.raw as Buffer);
    expect(parsed.messageId).toBe(sent.messageIdHeader);
    expect(sent.messageIdHeader).not.toBe(oldHeader);
    expect(parsed.references).toBe(oldHeader);
    expect(parsed.to).toMatchObject({ value: [{ address: newAddress }] });
    expect(received(oldAddress)).toHaveLength(0);

    // Both linked, both proofs kept: the old one stays failed with its attempt.
    const old = await detail(failedId);
    expect(old).toMatchObject({ status: 'failed', mailbox: 'failed', messageIdHeader: oldHeader });
    expect(old.attempts.map((a: { smtpCode: number }) => a.smtpCode)).toEqual([550]);
    expect(old.children).toEqual([expect.objectContaining({ id: made.id, kind: 'corrected', toAddress: newAddress })]);
    expect(sent.parent).toMatchObject({ id: failedId, kind: 'corrected', toAddress: oldAddress });
    expect(sent.recipientId).toBe(recipientId);
    expect((await auditOf(dw, failedId)).map((a) => a.action)).toContain('message.send_corrected');
    expect((await auditOf(dw, made.id)).map((a) => a.action)).toEqual(['message.create']);
  });

  it('another position is refused before the body is read; a message without a recipient cannot be corrected', async () => {
    const res = await dw.h.t.app.inject({
      method: 'POST',
      url: `/api/messages/${failedId}/send-to-corrected`,
      headers: { cookie: dw.w.clerkB.cookie, 'x-csrf-token': dw.w.clerkB.csrf, 'content-type': 'application/json' },
      payload: '{"address": ',
    });
    expectError(res, 403, 'forbidden');
    const loose = await sendTo(null, 'luzny.adres@example.pl');
    dw.behaviours.set('luzny.adres@example.pl', () => reject550('luzny.adres@example.pl'));
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, loose, 'failed'));
    expect((await detail(loose)).correctAddresses).toBeNull();
    expectError(
      await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${loose}/send-to-corrected`, { address: newAddress }),
      409,
      'conflict',
    );
  });
});

describe('point 3/4: a message held for a blocked address says why; unblocking releases it', () => {
  const address = 'zablokowany.lokator@example.pl';
  let recipientId: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    dw.behaviours.set(address, (n) => (n === 1 ? reject550(address) : { kind: 'accept' }));
    recipientId = await newRecipient('Lokator Zablokowany', [address]);
    first = await sendTo(recipientId, address, 'Pierwsze zawiadomienie');
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, first, 'failed'));
    second = await sendTo(recipientId, address, 'Drugie zawiadomienie');
  });

  it('the second notice waits as held with the block as its explanation', async () => {
    const m = await detail(second);
    expect(m).toMatchObject({ status: 'held', heldReason: 'suppressed' });
    expect(m.errorHint).toMatch(/^Adres zablokowany po odrzuceniu 550 5\.1\.1 z dnia /);
    expect(m.blocked).toMatchObject({ address, messageId: first });
    expect(m.correctAddresses).toEqual([]);
  });

  it('the recipient card shows the address as blocked and the recipient’s messages with their states', async () => {
    const card = expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', `/api/recipients/${recipientId}/delivery`), 200);
    expect(card.addresses).toEqual([
      {
        address,
        state: 'blocked',
        blocked: expect.objectContaining({ messageId: first, summary: expect.stringMatching(/550 5\.1\.1/) }),
        suspectSince: null,
      },
    ]);
    expect(card.messages.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      [second, 'held'],
      [first, 'failed'],
    ]);
    expectError(await call(dw.h.t, dw.w.clerkB, 'GET', `/api/recipients/${recipientId}/delivery`), 403, 'forbidden');
  });

  it('Ustawienia lists blocked addresses (admin, searchable, paged)', async () => {
    const page = expectStatus(await call(dw.h.t, dw.w.admin, 'GET', '/api/suppressions?q=zablokowany&limit=1'), 200);
    expect(page.items).toEqual([expect.objectContaining({ address, messageId: first })]);
    const all = expectStatus(await call(dw.h.t, dw.w.admin, 'GET', '/api/suppressions?limit=1'), 200);
    expect(all.items).toHaveLength(1);
    expect(all.nextCursor).toEqual(expect.any(String));
    const next = expectStatus(
      await call(dw.h.t, dw.w.admin, 'GET', `/api/suppressions?limit=1&cursor=${all.nextCursor}`),
      200,
    );
    expect(next.items[0].address).not.toBe(all.items[0].address);
    expectError(await call(dw.h.t, dw.w.clerkA, 'GET', '/api/suppressions'), 403, 'forbidden');
    expectError(
      await call(dw.h.t, dw.w.clerkA, 'DELETE', `/api/suppressions/${encodeURIComponent(address)}`),
      403,
      'forbidden',
    );
  });

  it('the recipient card unblocks only the recipient’s own addresses, and only for those who reach it', async () => {
    expectFieldError(
      await call(dw.h.t, dw.w.clerkA, 'POST', `/api/recipients/${recipientId}/unblock`, { address: 'obcy@example.pl' }),
      'address',
      /adresów adresata/,
    );
    expectError(
      await call(dw.h.t, dw.w.clerkB, 'POST', `/api/recipients/${recipientId}/unblock`, { address }),
      403,
      'forbidden',
    );
  });

  it('"Odblokuj adres" on the held message: audited, the message is released and sent', async () => {
    expectError(await call(dw.h.t, dw.w.clerkB, 'POST', `/api/messages/${second}/unblock`), 403, 'forbidden');
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${second}/unblock`);
    expect(expectStatus(res, 200)).toEqual({ address, released: 1 });
    const audit = await auditOf(dw, address);
    expect(audit).toEqual([
      {
        action: 'suppression.remove',
        actorId: dw.w.clerkAId,
        details: expect.objectContaining({ address, messageId: first, released: 1, via: 'message' }),
      },
    ]);
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, second, 'sent'));
    expect(received(address)).toHaveLength(1);
    expect((await detail(first)).status).toBe('failed');
    expectError(
      await call(dw.h.t, dw.w.admin, 'DELETE', `/api/suppressions/${encodeURIComponent(address)}`),
      404,
      'not_found',
    );
  });
});

describe('point 5: a resend of a sent message is a new message; Wysłane never goes down', () => {
  it('new Message-ID, References to the original, the original stays sent, counts only grow', async () => {
    const to = 'ponownie@example.pl';
    const original = await sendTo(null, to);
    const sent = await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, original, 'sent'));
    const counts = async () => expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', '/api/mailboxes/counts'), 200);
    const daySent = async () => {
      const body = expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', '/api/stats/daily?days=1'), 200);
      return body.accounts.find((a: { accountId: string }) => a.accountId === dw.w.accountA).sent[0] as number;
    };
    const before = { counts: await counts(), day: await daySent() };

    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${original}/resend`);
    const result = expectStatus(res, 200);
    expect(result).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0, created: [expect.any(String)] });
    const copyId = result.created[0] as string;
    expect(await detail(original)).toMatchObject({ status: 'sent', mailbox: 'sent', sentAt: sent.sentAt });
    expect((await counts()).sent).toBe(before.counts.sent);
    expect(await daySent()).toBe(before.day);

    const copy = await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, copyId, 'sent'));
    expect((await counts()).sent).toBe(before.counts.sent + 1);
    expect(await daySent()).toBe(before.day + 1);
    const copies = received(to);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((c) => c.messageId)).size).toBe(2);
    const parsed = await simpleParser(copies[1]?.raw as Buffer);
    expect(parsed.messageId).toBe(copy.messageIdHeader);
    expect(parsed.references).toBe(sent.messageIdHeader);
    expect(copy.parent).toMatchObject({ id: original, kind: 'resend' });
    expect((await detail(original)).children).toEqual([expect.objectContaining({ id: copyId, kind: 'resend' })]);
    expect((await auditOf(dw, original)).find((a) => a.action === 'message.resend')?.details).toMatchObject({
      previousStatus: 'sent',
      newMessageId: copyId,
    });
  });
});
