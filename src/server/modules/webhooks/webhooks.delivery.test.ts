import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { createTestClock } from '../../../../test/support/clock.js';
import { createDeliveryWorld, type DeliveryWorld, untilStatus, withWorker } from '../../../../test/support/delivery.js';
import { type Receiver, startReceiver, verifyDelivery } from '../../../../test/support/webhook-receiver.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';
import { createWebhookJob } from './webhook-job.js';

/**
 * Webhooks end to end (D60): a message sent by the real worker to the SMTP sink reaches a receiver on 127.0.0.1 as
 * signed `queued` and `sent` deliveries, checked as a receiver would (a captured delivery sent again later fails the
 * timestamp check); a 500 is retried on the backoff schedule (fake clock); two workers never deliver one delivery
 * twice; a replay is a new delivery of the same event.
 */
let dw: DeliveryWorld;
let receiver: Receiver;
const clock = createTestClock(new Date().toISOString());
const MINUTE = 60_000;

function job(workerId = 'w1') {
  const c = dw.h.t.container;
  return createWebhookJob({
    db: c.db,
    repo: c.repos.webhooks,
    secrets: c.secrets,
    clock,
    policy: { allowLoopback: true, allowPrivate: false },
    workerId,
    timeoutMs: 5000,
  });
}

async function sendOne(toAddress: string) {
  const { w } = dw;
  const id = expectStatus(
    await call(dw.h.t, w.clerkA, 'POST', '/api/messages', {
      accountId: w.accountA,
      toName: 'Jan Kowalski',
      toAddress,
      subject: 'Zawiadomienie',
      text: 'W załączeniu zawiadomienie.',
    }),
    201,
  ).id as string;
  expectStatus(await call(dw.h.t, w.clerkA, 'POST', '/api/messages/queue', { selection: { ids: [id] } }), 200);
  return id;
}

const bodies = () => receiver.received.map((r) => JSON.parse(r.body));

beforeAll(async () => {
  dw = await createDeliveryWorld({ WEBHOOK_ALLOW_LOOPBACK: 'on' });
  receiver = await startReceiver();
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await dw?.h.close();
});

describe('webhooks', () => {
  let hookId: string;
  let secret: string;

  it('only an administrator sets webhooks; the address must be HTTPS (or loopback when allowed), not private', async () => {
    const { w } = dw;
    const input = { name: 'Czynsze', url: receiver.url, positionId: w.positionA, eventTypes: ['queued', 'sent'] };
    expectError(await call(dw.h.t, w.clerkA, 'POST', '/api/webhooks', input), 403, 'forbidden');
    const plain = await call(dw.h.t, w.admin, 'POST', '/api/webhooks', { ...input, url: 'http://czynsze.example.pl/' });
    expect(expectError(plain, 400, 'validation_failed').fields?.[0]?.message).toMatch(/https/);
    const lan = await call(dw.h.t, w.admin, 'POST', '/api/webhooks', { ...input, url: 'https://10.1.2.3/hook' });
    expectError(lan, 400, 'validation_failed');
    const created = expectStatus(await call(dw.h.t, w.admin, 'POST', '/api/webhooks', input), 201);
    expect(created.secret).toMatch(/^whsec_/);
    hookId = created.id;
    secret = created.secret;
    const listed = expectStatus(await call(dw.h.t, w.admin, 'GET', '/api/webhooks'), 200);
    expect(listed[0]).not.toHaveProperty('secret');
  });

  it('delivers queued and sent, signed; a receiver refuses the same delivery replayed later', async () => {
    const id = await sendOne('jan@example.pl');
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, id, 'sent'));
    const { made, tried } = await job().tick();
    expect([made, tried]).toEqual([2, 2]);
    // One round POSTs its deliveries side by side: they arrive in either order; the events' ids keep theirs.
    const inOrder = bodies().sort((a, b) => Number(a.id) - Number(b.id));
    expect(inOrder.map((b) => [b.type, b.messageId])).toEqual([
      ['queued', id],
      ['sent', id],
    ]);
    const now = Math.floor(clock.now().getTime() / 1000);
    for (const r of receiver.received) {
      const header = r.headers['listonosz-signature'] as string;
      expect(verifyDelivery(secret, header, r.body, now)).toBe('ok');
      expect(r.headers['listonosz-event-id']).toBe(String(JSON.parse(r.body).id));
      expect(verifyDelivery('whsec_other', header, r.body, now)).toBe('bad-signature');
      expect(verifyDelivery(secret, header, r.body.replace('jan@', 'ewa@'), now)).toBe('bad-signature');
      // An attacker who captured it sends it again ten minutes later: the timestamp check refuses it.
      expect(verifyDelivery(secret, header, r.body, now + 600)).toBe('too-old');
    }
  });

  it('retries after a 500 with backoff, then delivers', async () => {
    receiver.received.length = 0;
    receiver.answer(500);
    await sendOne('anna@example.pl'); // queued only: no worker runs
    expect(await job().tick()).toEqual({ made: 1, tried: 1 });
    const [first] = expectStatus(await call(dw.h.t, dw.w.admin, 'GET', `/api/webhooks/${hookId}/deliveries`), 200);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(Date.parse(first.nextAttemptAt) - clock.now().getTime()).toBe(MINUTE);
    receiver.answer(200);
    expect((await job().tick()).tried).toBe(0); // not due yet
    clock.advance(MINUTE);
    receiver.answer(500);
    expect((await job().tick()).tried).toBe(1);
    const [second] = expectStatus(await call(dw.h.t, dw.w.admin, 'GET', `/api/webhooks/${hookId}/deliveries`), 200);
    expect(Date.parse(second.nextAttemptAt) - clock.now().getTime()).toBe(5 * MINUTE);
    receiver.answer(200);
    clock.advance(5 * MINUTE);
    expect((await job().tick()).tried).toBe(1);
    const [done] = expectStatus(await call(dw.h.t, dw.w.admin, 'GET', `/api/webhooks/${hookId}/deliveries`), 200);
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(receiver.received).toHaveLength(3);
  });

  it('two workers never deliver the same delivery twice', async () => {
    receiver.received.length = 0;
    for (let i = 0; i < 12; i++) await sendOne(`lokator${i}@example.pl`);
    const [a, b] = [job('w1'), job('w2')];
    await Promise.all([a.dispatch(), b.dispatch()]);
    await Promise.all([a.deliverDue(), b.deliverDue(), a.deliverDue(), b.deliverDue()]);
    while ((await a.deliverDue()) + (await b.deliverDue()) > 0) {}
    const ids = bodies().map((x) => x.deliveryId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(new Set(bodies().map((x) => x.id)).size).toBe(12);
  });

  it('a replay is a new delivery of the same event, with a new timestamp', async () => {
    receiver.received.length = 0;
    const [latest] = expectStatus(await call(dw.h.t, dw.w.admin, 'GET', `/api/webhooks/${hookId}/deliveries`), 200);
    expectError(
      await call(dw.h.t, dw.w.clerkA, 'POST', `/api/webhooks/${hookId}/deliveries/${latest.id}/replay`),
      403,
      'forbidden',
    );
    const replay = expectStatus(
      await call(dw.h.t, dw.w.admin, 'POST', `/api/webhooks/${hookId}/deliveries/${latest.id}/replay`),
      201,
    );
    expect(replay.id).not.toBe(latest.id);
    clock.advance(10 * MINUTE);
    expect((await job().tick()).tried).toBe(1);
    const [again] = receiver.received;
    const body = JSON.parse(again?.body ?? '{}');
    expect(body).toMatchObject({ id: latest.eventId, deliveryId: replay.id });
    const t = Number(/t=(\d+)/.exec(again?.headers['listonosz-signature'] as string)?.[1]);
    expect(t).toBe(Math.floor(clock.now().getTime() / 1000));
    const log = expectStatus(await call(dw.h.t, dw.w.admin, 'GET', `/api/webhooks/${hookId}/deliveries`), 200);
    expect(log.find((d: { id: string }) => d.id === replay.id)).toMatchObject({
      replayOf: latest.id,
      status: 'delivered',
    });
  });
});
