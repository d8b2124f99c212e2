import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/support/app.js';
import { createWorld, expectError, upload, type World } from '../../../test/support/world.js';
import { containsNul } from './input-guard.js';

/** U+0000 cannot be stored by PostgreSQL: it is refused at the edge with a Polish message, on both databases. */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('a NUL character in a request', () => {
  it.each([
    [{ a: 'x\u0000' }, true],
    [{ 'k\u0000': 1 }, true],
    [[['\u0000']], true],
    [{ a: ['b', { c: 'd' }], e: 1, f: null }, false],
    ['ąę\u202e', false],
  ])('is found anywhere in a value: %j', (value, found) => {
    expect(containsNul(value)).toBe(found);
  });

  it('in a JSON body, the query or the path → 400 in Polish, not a server error, and nothing stored', async () => {
    const before = await t.container.db.selectFrom('audit_log').select('id').execute();
    for (const res of [
      await call(t, null, 'POST', '/api/auth/login', { login: '\u0000', password: 'Zawiadomienie' }),
      await call(t, w.admin, 'POST', '/api/positions', { name: 'Czyn\u0000sze' }),
      await call(t, w.admin, 'GET', '/api/recipients?q=%00'),
      await call(t, w.admin, 'GET', '/api/templates/fee%00notice'),
    ]) {
      expectError(res, 400, 'validation_failed', /NUL/);
    }
    expect(await t.container.db.selectFrom('audit_log').select('id').execute()).toEqual(before);
  });

  it('in a form field or a file name → 400 as well', async () => {
    const res = await upload(
      t,
      w.admin,
      '/api/documents/pdf',
      { filename: 'a\u0000.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF') },
      { type: 'fee_notice', recipientKey: 'L\u00000001', period: '2026-04' },
    );
    expectError(res, 400, 'validation_failed', /NUL/);
  });
});
