import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../../test/support/app.js';
import { expectFieldError, expectStatus } from '../../../../test/support/world.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('first run', () => {
  it('refuses a weak administrator password without spending the one-time code', async () => {
    const setupToken = await t.container.services.auth.issueSetupToken();
    const admin = { setupToken, login: 'admin', displayName: 'Anna Kowalska', email: 'anna@example.pl' };
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { ...admin, password: 'Listonosz-2026!' },
    });
    expectFieldError(weak, 'password', /^Hasło jest zbyt łatwe do odgadnięcia: .*Użyj co najmniej 12 znaków/);
    expect(await t.container.services.auth.needsSetup()).toBe(true);

    const strong = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { ...admin, password: 'Nowy-kot-na-parapecie-7' },
    });
    expect(expectStatus(strong, 201)).toMatchObject({ login: 'admin', role: 'admin' });
    await login(t, 'admin', 'Nowy-kot-na-parapecie-7');
  });
});
