import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/support/app.js';
import { createWorld, expectError, expectStatus, type World } from '../../../test/support/world.js';

/** A POST with no body at all (http/empty-body.ts), on the real routes. */
let t: TestApp;
let w: World;
let hookId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { WEBHOOK_ALLOW_LOOPBACK: 'on' } });
  w = await createWorld(t);
  const input = { name: 'System czynszowy', url: 'http://127.0.0.1:9/hook', positionId: null, eventTypes: ['sent'] };
  hookId = expectStatus(await call(t, w.admin, 'POST', '/api/webhooks', input), 201).id;
}, 60_000);
afterAll(() => t?.close());

const count = async () => (await t.container.db.selectFrom('webhooks').select('id').execute()).length;
const row = () => t.container.db.selectFrom('webhooks').selectAll().where('id', '=', hookId).executeTakeFirst();

describe('a POST with no body', () => {
  it('asks for the defaults where every field has one', async () => {
    const rotated = expectStatus(await call(t, w.admin, 'POST', `/api/webhooks/${hookId}/secret`), 200);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.previousSecretUntil).toBe(new Date(t.clock.now().getTime() + 24 * 3_600_000).toISOString());
  });

  it('is refused where a field is needed, naming each missing field, and creates nothing', async () => {
    const before = await count();
    const error = expectError(await call(t, w.admin, 'POST', '/api/webhooks'), 400, 'validation_failed');
    expect(error.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['name', 'url']));
    expect(await count()).toBe(before);
  });

  it('is refused by a PATCH whose fields are all optional (an empty change)', async () => {
    const before = await row();
    expectError(await call(t, w.admin, 'PATCH', `/api/webhooks/${hookId}`), 400, 'validation_failed');
    expect(await row()).toEqual(before);
  });
});
