import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithKey, createApiKey } from '../../../../test/support/api-keys.js';
import { call } from '../../../../test/support/app.js';
import { createDeliveryWorld, type DeliveryWorld, waitFor, withWorker } from '../../../../test/support/delivery.js';
import { type Receiver, startReceiver, verifyDelivery } from '../../../../test/support/webhook-receiver.js';
import { expectError, expectStatus, multipartFile } from '../../../../test/support/world.js';
import type { CreatedApiKey } from '../../../shared/api-keys.js';
import { loadDemoData } from '../../demo/demo.js';
import { renderPdf } from '../../documents/pdf/sheet.js';
import { systemClock } from '../../lib/clock.js';
import { createWebhookJob } from '../webhooks/webhook-job.js';

/**
 * Issue 13's scenario: a rent system with an API key and no person — no cookie, no CSRF — sends a printout in one
 * call; the position's rule queues it at once; the worker sends each notice to the SMTP sink; the webhook the key
 * registered for itself hears `queued` and `sent` for every message, signed, and a delivery captured and sent again
 * later fails the receiver's timestamp check. A key sees and changes only its own webhooks; a revoked key's webhook
 * hears nothing more.
 */
let dw: DeliveryWorld;
let receiver: Receiver;
let key: CreatedApiKey;
let otherKey: CreatedApiKey;
let hook: { id: string; secret: string; apiKeyId: string | null; positionId: string | null };
const UNITS = ['SMP-0001', 'SMP-0002', 'SMP-0003'];
const PERIOD = '2027-01';

/** A printout of the rent application: one notice per unit, each page naming its unit's key. */
function printout(): Promise<Buffer> {
  return renderPdf({ title: 'Wydruk', author: 'Czynsze', createdAt: new Date('2026-12-01T00:00:00Z') }, (s) => {
    UNITS.forEach((unit, i) => {
      if (i > 0) s.doc.addPage();
      s.title(`Zawiadomienie o wysokości opłat — lokal ${unit}`);
      s.paragraph(`Klucz lokalu: ${unit}. Obowiązuje od 1 stycznia 2027 r.`);
    });
  });
}

const job = () =>
  createWebhookJob({
    db: dw.h.t.container.db,
    repo: dw.h.t.container.repos.webhooks,
    secrets: dw.h.t.container.secrets,
    clock: systemClock,
    policy: { allowLoopback: true, allowPrivate: false },
    workerId: 'rent-system-test',
    timeoutMs: 5000,
  });

beforeAll(async () => {
  dw = await createDeliveryWorld({ WEBHOOK_ALLOW_LOOPBACK: 'on' });
  await loadDemoData(dw.h.t.container.services, { units: 30 });
  receiver = await startReceiver();
  const { w } = dw;
  expectStatus(await call(dw.h.t, w.admin, 'PUT', `/api/positions/${w.positionA}/intake`, { mode: 'now' }), 200);
  key = await createApiKey(dw.h.t, w.admin, {
    name: 'Czynsze SM',
    positionId: w.positionA,
    scopes: ['batches:write', 'batches:read', 'webhooks:write', 'events:read'],
  });
  otherKey = await createApiKey(dw.h.t, w.admin, {
    name: 'Księgowość',
    positionId: w.positionB,
    scopes: ['webhooks:write'],
  });
}, 90_000);
afterAll(async () => {
  await receiver?.close();
  await dw?.h.close();
});

describe('a rent system with an API key, from printout to signed status', () => {
  it('registers its own webhook with the key; other keys and clerks do not see or make it', async () => {
    const { t } = dw.h;
    const input = { name: 'Czynsze SM', url: receiver.url, positionId: null, eventTypes: ['queued', 'sent'] };
    hook = expectStatus(await callWithKey(t, key.secret, 'POST', '/api/webhooks', input), 201);
    // Bound to the key and to its position, whatever the body said.
    expect(hook).toMatchObject({ apiKeyId: key.apiKey.id, positionId: dw.w.positionA });
    expect(hook.secret).toMatch(/^whsec_/);
    expectError(await callWithKey(t, otherKey.secret, 'GET', `/api/webhooks/${hook.id}`), 404, 'not_found');
    expect(expectStatus(await callWithKey(t, otherKey.secret, 'GET', '/api/webhooks'), 200)).toEqual([]);
    // A key of another position may not register a webhook for this one.
    const foreign = { ...input, positionId: dw.w.positionA };
    expectError(await callWithKey(t, otherKey.secret, 'POST', '/api/webhooks', foreign), 403, 'forbidden');
    expectError(await call(t, dw.w.clerkA, 'POST', '/api/webhooks', input), 403, 'forbidden');
    // The administrator sees every webhook.
    const all = expectStatus(await call(t, dw.w.admin, 'GET', '/api/webhooks'), 200);
    expect(all.map((h: { id: string }) => h.id)).toEqual([hook.id]);
  });

  it('sends a printout in one call; the notices arrive; the webhook hears queued and sent, signed', async () => {
    const { t } = dw.h;
    const body = await multipartFile('wydruk-2027-01.pdf', 'application/pdf', await printout(), {
      type: 'fee_notice',
      positionId: dw.w.positionA,
      period: PERIOD,
    });
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/intake',
      headers: { ...body.headers, authorization: `Bearer ${key.secret}`, 'idempotency-key': 'wydruk-2027-01' },
      payload: body.payload,
    });
    const { batchId, statusUrl } = expectStatus(accepted, 202);
    await t.container.services.intake.idle();
    const status = expectStatus(await callWithKey(t, key.secret, 'GET', statusUrl), 200);
    // Another position's key, even with batches:read, does not see this intake.
    const foreign = await createApiKey(t, dw.w.admin, {
      name: 'Księgowość — odczyt',
      positionId: dw.w.positionB,
      scopes: ['batches:read'],
    });
    expectError(await callWithKey(t, foreign.secret, 'GET', statusUrl), 403, 'forbidden');
    expect(status.batchId ?? batchId).toBe(batchId);
    // The demo's units: some tenants get e-mail, some asked for paper — the batch says how many of each.
    expect(status).toMatchObject({ status: 'queued', documents: UNITS.length, batch: { total: UNITS.length } });

    const messages = await t.container.db
      .selectFrom('messages')
      .select(['id', 'to_address', 'status'])
      .where('batch_id', '=', batchId)
      .execute();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.length).toBe(status.batch.emailCount);
    expect(status.batch.emailCount + status.batch.paperCount).toBe(UNITS.length);
    expect(new Set(messages.map((m) => m.status))).toEqual(new Set(['queued']));

    // The same call again (the rent system retried): the first answer, no second batch.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/intake',
      headers: { ...body.headers, authorization: `Bearer ${key.secret}`, 'idempotency-key': 'wydruk-2027-01' },
      payload: body.payload,
    });
    expect(expectStatus(again, 202).batchId).toBe(batchId);

    await withWorker(dw.h, () =>
      waitFor(async () => dw.h.sink.received.length >= messages.length, 30_000, 'every notice at the sink'),
    );
    expect(dw.h.sink.received).toHaveLength(messages.length);
    for (const mail of dw.h.sink.received) expect(mail.raw.toString('latin1')).toContain('application/pdf');

    const runner = job();
    await waitFor(
      async () => {
        await runner.tick();
        return receiver.received.length >= 2 * messages.length;
      },
      20_000,
      'queued and sent of every message at the receiver',
    );
    // Deliveries of one round are POSTed concurrently, so they may arrive in any order; the event ids give the order.
    const events = receiver.received
      .map((r) => JSON.parse(r.body) as { id: number; type: string; messageId: string })
      .sort((a, b) => a.id - b.id);
    for (const m of messages) {
      expect(events.filter((e) => e.messageId === m.id).map((e) => e.type)).toEqual(['queued', 'sent']);
    }
    const now = Math.floor(Date.now() / 1000);
    for (const r of receiver.received) {
      const signature = r.headers['listonosz-signature'] as string;
      expect(verifyDelivery(hook.secret, signature, r.body, now)).toBe('ok');
      // Captured and sent again ten minutes later: the receiver's timestamp check refuses it.
      expect(verifyDelivery(hook.secret, signature, r.body, now + 600)).toBe('too-old');
      expect(verifyDelivery(hook.secret, signature, `${r.body} `, now)).toBe('bad-signature');
    }
  });

  it('a revoked key is refused, and its webhook hears nothing more', async () => {
    const { t } = dw.h;
    expectStatus(await call(t, dw.w.admin, 'DELETE', `/api/api-keys/${key.apiKey.id}`), 204);
    expectError(await callWithKey(t, key.secret, 'GET', '/api/webhooks'), 401, 'unauthenticated');
    const before = receiver.received.length;
    const draft = expectStatus(
      await call(t, dw.w.clerkA, 'POST', '/api/messages', {
        accountId: dw.w.accountA,
        toName: 'Jan Kowalski',
        toAddress: 'jan.kowalski@example.pl',
        subject: 'Pismo',
        text: 'W załączeniu pismo.',
      }),
      201,
    );
    expectStatus(await call(t, dw.w.clerkA, 'POST', '/api/messages/queue', { selection: { ids: [draft.id] } }), 200);
    expect((await job().tick()).made).toBe(0);
    expect(receiver.received).toHaveLength(before);
  });
});
