import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callWithKey, createApiKey } from '../../../../test/support/api-keys.js';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import {
  type Receiver,
  signatureParts,
  startReceiver,
  verifyDelivery,
} from '../../../../test/support/webhook-receiver.js';
import {
  auditEntries,
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  type World,
} from '../../../../test/support/world.js';
import { createWebhookJob } from './webhook-job.js';

/**
 * Rotating a webhook's signing secret with an overlap (D98): the new secret is shown once and never again; while
 * the overlap lasts every delivery carries two `v1` signatures (the new secret's first), afterwards only the new
 * one; an overlap of 0 ends the old secret at once, and a rotation during an overlap ends the oldest. Who may
 * rotate is who may change the webhook. The service and the job share the test clock, so the overlap ends when
 * the test says.
 */
let t: TestApp;
let w: World;
let receiver: Receiver;
const HOUR = 3_600_000;

beforeAll(async () => {
  // Sessions outlive the days the clock is moved on.
  t = await createTestApp({ env: { WEBHOOK_ALLOW_LOOPBACK: 'on', SESSION_TTL_HOURS: '720' } });
  w = await createWorld(t);
  receiver = await startReceiver();
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

const job = () =>
  createWebhookJob({
    db: t.container.db,
    repo: t.container.repos.webhooks,
    secrets: t.container.secrets,
    clock: t.clock,
    policy: { allowLoopback: true, allowPrivate: false },
    workerId: 'w1',
    timeoutMs: 5000,
  });

async function createHook(session: Session = w.admin) {
  const input = { name: `Czynsze ${Math.random()}`, url: receiver.url, positionId: null, eventTypes: ['queued'] };
  return expectStatus(await call(t, session, 'POST', '/api/webhooks', input), 201) as { id: string; secret: string };
}

const rotate = (id: string, body: unknown, session: Session = w.admin) =>
  call(t, session, 'POST', `/api/webhooks/${id}/secret`, body);

/** Queues one message (a `queued` event) and runs the job once; returns what the receiver got for `hookId`. */
async function deliverOne(hookId: string) {
  const id = expectStatus(
    await call(t, w.clerkA, 'POST', '/api/messages', {
      accountId: w.accountA,
      toName: 'Jan Kowalski',
      toAddress: 'jan@example.pl',
      subject: 'Zawiadomienie',
      text: 'W załączeniu zawiadomienie.',
    }),
    201,
  ).id as string;
  expectStatus(await call(t, w.clerkA, 'POST', '/api/messages/queue', { selection: { ids: [id] } }), 200);
  await job().tick();
  const got = receiver.received.filter((r) => JSON.parse(r.body).messageId === id);
  const deliveries = expectStatus(await call(t, w.admin, 'GET', `/api/webhooks/${hookId}/deliveries`), 200);
  const mine = got.filter((r) => deliveries.some((d: { id: string }) => d.id === JSON.parse(r.body).deliveryId));
  expect(mine).toHaveLength(1);
  const [r] = mine;
  return { body: r?.body as string, header: r?.headers['listonosz-signature'] as string };
}

const hmac = (secret: string, header: string, body: string) =>
  createHmac('sha256', secret)
    .update(`${signatureParts(header).t}.${body}`)
    .digest('hex');
const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

async function row(id: string) {
  return t.container.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditOf(id: string) {
  return (await auditEntries(t, id)).map(({ action, details }) => ({ action, details }));
}

describe('rotating a webhook’s signing secret', () => {
  it('gives a new whsec_ secret once; list and get show when the old one stops, never a secret', async () => {
    const hook = await createHook();
    const rotated = expectStatus(await rotate(hook.id, { overlapHours: 24 }), 200);
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(rotated.secret).not.toBe(hook.secret);
    const until = new Date(t.clock.now().getTime() + 24 * HOUR).toISOString();
    expect(rotated).toMatchObject({ id: hook.id, previousSecretUntil: until });

    const listed = await call(t, w.admin, 'GET', '/api/webhooks');
    const one = await call(t, w.admin, 'GET', `/api/webhooks/${hook.id}`);
    for (const res of [listed, one]) {
      expect(res.body).not.toContain(rotated.secret);
      expect(res.body).not.toContain(hook.secret);
      expect(res.body).not.toMatch(/whsec_|secret"/i);
    }
    const found = expectStatus(listed, 200).find((x: { id: string }) => x.id === hook.id);
    expect(found).toMatchObject({ previousSecretUntil: until });
    expect(found).not.toHaveProperty('secret');
    expect(expectStatus(one, 200)).toMatchObject({ previousSecretUntil: until });
  });

  it('signs with both secrets during the overlap (the new first), and with the new one only after it', async () => {
    const hook = await createHook();
    const rotated = expectStatus(await rotate(hook.id, { overlapHours: 24 }), 200);

    const during = await deliverOne(hook.id);
    const { v1 } = signatureParts(during.header);
    expect(v1).toEqual([
      hmac(rotated.secret, during.header, during.body),
      hmac(hook.secret, during.header, during.body),
    ]);
    expect(verifyDelivery(rotated.secret, during.header, during.body, nowSeconds())).toBe('ok');
    expect(verifyDelivery(hook.secret, during.header, during.body, nowSeconds())).toBe('ok');
    expect(verifyDelivery('whsec_other', during.header, during.body, nowSeconds())).toBe('bad-signature');

    t.clock.advance(24 * HOUR); // the overlap's very end: the old secret no longer signs
    const after = await deliverOne(hook.id);
    expect(signatureParts(after.header).v1).toEqual([hmac(rotated.secret, after.header, after.body)]);
    expect(verifyDelivery(rotated.secret, after.header, after.body, nowSeconds())).toBe('ok');
    expect(verifyDelivery(hook.secret, after.header, after.body, nowSeconds())).toBe('bad-signature');
    const one = expectStatus(await call(t, w.admin, 'GET', `/api/webhooks/${hook.id}`), 200);
    expect(one.previousSecretUntil).toBeNull();
  });

  it('with an overlap of 0 the old secret stops at once', async () => {
    const hook = await createHook();
    const rotated = expectStatus(await rotate(hook.id, { overlapHours: 0 }), 200);
    expect(rotated.previousSecretUntil).toBeNull();
    expect(await row(hook.id)).toMatchObject({ previous_secret_enc: null, previous_secret_until: null });
    const sent = await deliverOne(hook.id);
    expect(signatureParts(sent.header).v1).toHaveLength(1);
    expect(verifyDelivery(rotated.secret, sent.header, sent.body, nowSeconds())).toBe('ok');
    expect(verifyDelivery(hook.secret, sent.header, sent.body, nowSeconds())).toBe('bad-signature');
  });

  it('a rotation during an overlap keeps the secret it replaces and drops the oldest', async () => {
    const hook = await createHook();
    const second = expectStatus(await rotate(hook.id, { overlapHours: 72 }), 200);
    t.clock.advance(HOUR);
    const third = expectStatus(await rotate(hook.id, { overlapHours: 24 }), 200);
    expect(third.previousSecretUntil).toBe(new Date(t.clock.now().getTime() + 24 * HOUR).toISOString());
    const sent = await deliverOne(hook.id);
    expect(signatureParts(sent.header).v1).toEqual([
      hmac(third.secret, sent.header, sent.body),
      hmac(second.secret, sent.header, sent.body),
    ]);
    expect(verifyDelivery(hook.secret, sent.header, sent.body, nowSeconds())).toBe('bad-signature');

    // And an overlap of 0 during an overlap: only the newest secret signs.
    const fourth = expectStatus(await rotate(hook.id, { overlapHours: 0 }), 200);
    const last = await deliverOne(hook.id);
    expect(signatureParts(last.header).v1).toEqual([hmac(fourth.secret, last.header, last.body)]);
  });

  it('the audit entry says how long the old secret works, never a secret', async () => {
    const hook = await createHook();
    const rotated = expectStatus(await rotate(hook.id, { overlapHours: 72 }), 200);
    const entries = await auditOf(hook.id);
    expect(entries.at(-1)).toEqual({
      action: 'webhook.rotate_secret',
      details: { overlapHours: 72, previousSecretUntil: rotated.previousSecretUntil },
    });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(rotated.secret);
    expect(text).not.toContain(hook.secret);
    expect(text).not.toContain('whsec_');
  });

  it('without overlapHours the old secret works for 24 hours', async () => {
    const hook = await createHook();
    const rotated = expectStatus(await rotate(hook.id, {}), 200);
    expect(rotated.previousSecretUntil).toBe(new Date(t.clock.now().getTime() + 24 * HOUR).toISOString());
  });

  it.each([
    [{ overlapHours: 500 }, /od 0 do 168/],
    [{ overlapHours: -1 }, /od 0 do 168/],
    [{ overlapHours: 'abc' }, /od 0 do 168/],
    [{ overlapHours: 1.5 }, /pełną liczbę godzin/],
  ])('refuses %j in Polish and changes nothing', async (body, message) => {
    const hook = await createHook();
    const before = await row(hook.id);
    const audited = (await auditOf(hook.id)).length;
    expectFieldError(await rotate(hook.id, body), 'overlapHours', message);
    expect(await row(hook.id)).toEqual(before);
    expect(await auditOf(hook.id)).toHaveLength(audited);
  });

  it('a clerk may not rotate; an API key rotates only the webhooks it made', async () => {
    const hook = await createHook();
    expectError(await rotate(hook.id, { overlapHours: 24 }, w.clerkA), 403, 'forbidden');
    const key = await createApiKey(t, w.admin, {
      name: 'Czynsze FK',
      positionId: w.positionA,
      scopes: ['webhooks:write'],
    });
    const other = await createApiKey(t, w.admin, { name: 'Inny', positionId: w.positionA, scopes: ['webhooks:write'] });
    const url = (id: string) => `/api/webhooks/${id}/secret`;
    const own = expectStatus(
      await callWithKey(t, key.secret, 'POST', '/api/webhooks', {
        name: 'Klucza',
        url: receiver.url,
        positionId: w.positionA,
        eventTypes: ['sent'],
      }),
      201,
    );
    expectError(await callWithKey(t, key.secret, 'POST', url(hook.id), { overlapHours: 24 }), 404, 'not_found');
    expectError(await callWithKey(t, other.secret, 'POST', url(own.id), { overlapHours: 24 }), 404, 'not_found');
    const rotated = expectStatus(await callWithKey(t, key.secret, 'POST', url(own.id), { overlapHours: 24 }), 200);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(own.secret);
    // Nothing changed on the webhooks the others could not reach.
    expect((await row(hook.id)).previous_secret_enc).toBeNull();
    expect((await auditOf(hook.id)).map((e) => e.action)).toEqual(['webhook.create']);
  });

  it('a rotation that another one overtook changes nothing (compare and set)', async () => {
    const hook = await createHook();
    const before = await row(hook.id);
    const { webhooks } = t.container.repos;
    const next = {
      secret_enc: 'v1.a.b.c',
      previous_secret_enc: null,
      previous_secret_until: null,
      updated_at: before.updated_at,
    };
    expect(await webhooks.replaceSecret(t.container.db, hook.id, 'v1.stale', next)).toBe(false);
    expect(await row(hook.id)).toEqual(before);
  });
});
