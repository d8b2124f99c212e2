import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, TEST_PASSWORD, type TestApp } from '../../../../test/support/app.js';
import { auditActions, expectError, expectStatus } from '../../../../test/support/world.js';
import {
  ACCOUNT_FAILURE_LIMIT,
  ACCOUNT_LOCKOUT,
  ADDRESS_LOCKOUT,
  formatWait,
  LOGIN_FAILURE_LIMIT,
  lockEnds,
} from './auth.js';
import { addressKey } from './lockout.js';

let t: TestApp;
const WRONG = 'zle-haslo-xx';
const BURST = 25;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'szef', 'admin');
});
afterAll(() => t?.close());

/** A log-in from a given client address (each test uses its own, as the per-address rate limit is 30/min). */
function loginFrom(ip: string, userLogin: string, password: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    payload: { login: userLogin, password },
  });
}

/** A signed-in session opened from a given address. */
async function sessionFrom(ip: string, userLogin: string) {
  const res = await loginFrom(ip, userLogin, TEST_PASSWORD);
  const body = expectStatus(res, 200);
  const cookie = res.cookies.find((c) => c.name === 'listonosz_session')?.value;
  return { cookie: `listonosz_session=${cookie}`, csrf: body.csrfToken as string };
}

/** Wrong passwords that were actually checked: each one is audited as a failed log-in. */
async function checkedFailures(userId: string): Promise<number> {
  const rows = await t.container.db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'auth.login_failed')
    .where('entity_id', '=', userId)
    .execute();
  return rows.length;
}

const statuses = (results: { statusCode: number }[]) => results.map((r) => r.statusCode);
const count = (codes: number[], code: number) => codes.filter((c) => c === code).length;

describe('lockout counts atomically', () => {
  it(`${BURST} parallel wrong guesses: only ${LOGIN_FAILURE_LIMIT} are checked, and the right password after them is refused`, async () => {
    const user = await createUser(t, 'zofia', 'clerk');
    const ip = '198.51.100.1';
    const codes = statuses(await Promise.all(Array.from({ length: BURST }, () => loginFrom(ip, 'zofia', WRONG))));
    expect(count(codes, 401)).toBe(LOGIN_FAILURE_LIMIT);
    expect(count(codes, 429)).toBe(BURST - LOGIN_FAILURE_LIMIT);
    expect(await checkedFailures(user.id)).toBe(LOGIN_FAILURE_LIMIT);
    expect((await auditActions(t, user.id)).filter((a) => a === 'auth.lockout')).toHaveLength(1);

    const right = await loginFrom(ip, 'zofia', TEST_PASSWORD);
    expectError(right, 429, 'too_many_requests', /Zbyt wiele nieudanych prób/);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // Once the limit is reached, a burst with the right password in it gets nowhere and checks nothing.
    const burst = await Promise.all([WRONG, TEST_PASSWORD, WRONG, TEST_PASSWORD].map((p) => loginFrom(ip, 'zofia', p)));
    expect(statuses(burst)).toEqual([429, 429, 429, 429]);
    expect(await checkedFailures(user.id)).toBe(LOGIN_FAILURE_LIMIT);
  });

  it(`a burst of ${BURST} parallel requests with the right password last: no more than ${LOGIN_FAILURE_LIMIT} are checked and it does not log in`, async () => {
    const user = await createUser(t, 'jadwiga', 'clerk');
    const guesses = [...Array.from({ length: BURST - 1 }, () => WRONG), TEST_PASSWORD];
    const codes = statuses(await Promise.all(guesses.map((p) => loginFrom('198.51.100.2', 'jadwiga', p))));
    expect(await checkedFailures(user.id)).toBe(LOGIN_FAILURE_LIMIT);
    expect(count(codes, 200)).toBe(0);
    expect(count(codes, 429)).toBe(BURST - LOGIN_FAILURE_LIMIT);
  });
});

describe('lockout per account and address', () => {
  it("a stranger's failures lock their own address, not the office's", async () => {
    await createUser(t, 'irena', 'clerk');
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      expect((await loginFrom('203.0.113.66', 'irena', WRONG)).statusCode).toBe(401);
    }
    expect((await loginFrom('203.0.113.66', 'irena', TEST_PASSWORD)).statusCode).toBe(429);
    expectStatus(await loginFrom('192.0.2.10', 'irena', TEST_PASSWORD), 200);
  });

  it('each further lockout of the same address lasts twice as long; a success starts over', async () => {
    await createUser(t, 'halina', 'clerk');
    const ip = '198.51.100.3';
    const fail = async () => {
      for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) expect((await loginFrom(ip, 'halina', WRONG)).statusCode).toBe(401);
    };
    await fail();
    const first = await loginFrom(ip, 'halina', TEST_PASSWORD);
    expect(first.statusCode).toBe(429);
    expect(Number(first.headers['retry-after'])).toBe(60);
    t.clock.advance(61_000);
    await fail();
    const second = await loginFrom(ip, 'halina', TEST_PASSWORD);
    expect(Number(second.headers['retry-after'])).toBe(120);
    t.clock.advance(61_000);
    expect((await loginFrom(ip, 'halina', TEST_PASSWORD)).statusCode).toBe(429);
    t.clock.advance(60_000);
    expectStatus(await loginFrom(ip, 'halina', TEST_PASSWORD), 200);
    // After a success the next lockout is short again.
    await fail();
    expect(Number((await loginFrom(ip, 'halina', TEST_PASSWORD)).headers['retry-after'])).toBe(60);
  });

  it('an unknown login is locked the same way, so the answer does not tell which logins exist', async () => {
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      expect((await loginFrom('198.51.100.4', 'nikt-taki', WRONG)).statusCode).toBe(401);
    }
    expectError(await loginFrom('198.51.100.4', 'nikt-taki', WRONG), 429, 'too_many_requests');
  });
});

describe('account-wide ceiling for new addresses', () => {
  it('failures from many addresses lock the account for new addresses only; an admin unlocks it', async () => {
    const user = await createUser(t, 'jolanta', 'clerk');
    const office = '192.0.2.20';
    expectStatus(await loginFrom(office, 'jolanta', TEST_PASSWORD), 200);
    const strangers = ACCOUNT_FAILURE_LIMIT / LOGIN_FAILURE_LIMIT;
    for (let s = 0; s < strangers; s++) {
      for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
        expect((await loginFrom(`203.0.113.${100 + s}`, 'jolanta', WRONG)).statusCode).toBe(401);
      }
    }
    const fromNew = await loginFrom('203.0.113.200', 'jolanta', TEST_PASSWORD);
    expectError(fromNew, 429, 'too_many_requests', /nowych adresów/);
    // The office, where the user logged in before, still gets in.
    expectStatus(await loginFrom(office, 'jolanta', TEST_PASSWORD), 200);

    const admin = await login(t, 'szef');
    const listed = expectStatus(await call(t, admin, 'GET', '/api/users'), 200).find(
      (u: { login: string }) => u.login === 'jolanta',
    );
    expect(listed.lock).toMatchObject({ scope: 'new_addresses', until: expect.any(String) });
    expect(new Date(listed.lock.until).getTime()).toBeGreaterThan(t.clock.now().getTime());

    const clerk = await sessionFrom(office, 'jolanta');
    expectError(await call(t, clerk, 'POST', `/api/users/${user.id}/unlock`), 403, 'forbidden');
    expectError(await call(t, null, 'POST', `/api/users/${user.id}/unlock`), 401, 'unauthenticated');
    const unlocked = expectStatus(await call(t, admin, 'POST', `/api/users/${user.id}/unlock`), 200);
    expect(unlocked.lock).toBeNull();
    expect(await auditActions(t, user.id)).toContain('user.unlock');
    expectStatus(await loginFrom('203.0.113.200', 'jolanta', TEST_PASSWORD), 200);
    expectStatus(await loginFrom('203.0.113.100', 'jolanta', TEST_PASSWORD), 200);
  });
});

describe('changing my own password is throttled too', () => {
  it('wrong current passwords count like failed log-ins for that user', async () => {
    await createUser(t, 'kamila', 'clerk');
    const ip = '198.51.100.5';
    const session = await sessionFrom(ip, 'kamila');
    const change = (currentPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        remoteAddress: ip,
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload: { currentPassword, newPassword: 'Nowy-kot-na-parapecie-7' },
      });
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) expect((await change('nie-to-haslo')).statusCode).toBe(400);
    expectError(await change(TEST_PASSWORD), 429, 'too_many_requests', /Zbyt wiele nieudanych prób/);
    expect((await loginFrom(ip, 'kamila', TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('is rate-limited per address', async () => {
    await createUser(t, 'ludmila', 'clerk');
    const ip = '198.51.100.6';
    const session = await sessionFrom(ip, 'ludmila');
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        remoteAddress: ip,
        headers,
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'krotkie' },
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});

describe('lockout rules', () => {
  it.each([
    [1, '1 min'],
    [60, '1 min'],
    [61, '2 min'],
    [119 * 60, '119 min'],
    [120 * 60, '2 godz.'],
    [24 * 3600, '24 godz.'],
  ])('waiting %i s reads "%s"', (seconds, text) => expect(formatWait(seconds)).toBe(text));

  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:1:2::', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [null, 'unknown'],
  ])('address %s is counted as %s', (ip, key) => expect(addressKey(ip)).toBe(key));

  it.each([
    ['address', ADDRESS_LOCKOUT, [1, 2, 4, 8, 16, 32, 60]],
    ['account', ACCOUNT_LOCKOUT, [15, 30, 60, 120, 240, 480, 960, 1440]],
  ] as const)('%s locks double up to their cap (minutes)', (_, policy, minutes) => {
    const now = new Date('2026-03-02T09:00:00.000Z');
    expect(lockEnds(policy, now).map((end) => (Date.parse(end) - now.getTime()) / 60_000)).toEqual(minutes);
  });

  it('forgets buckets without a recent failure, lock or success, and keeps known addresses', async () => {
    await createUser(t, 'marta', 'clerk');
    expect((await loginFrom('198.51.100.7', 'marta', WRONG)).statusCode).toBe(401);
    expectStatus(await loginFrom('192.0.2.30', 'marta', TEST_PASSWORD), 200);
    const buckets = () =>
      t.container.db
        .selectFrom('login_throttle')
        .select('ip')
        .where('login', '=', 'marta')
        .orderBy('ip')
        .execute()
        .then((rows) => rows.map((r) => r.ip));
    expect(await buckets()).toEqual(['*', '192.0.2.30', '198.51.100.7']);
    t.clock.advance(ACCOUNT_LOCKOUT.episodeMs + 60_000);
    await t.container.services.auth.cleanup();
    expect(await buckets()).toEqual(['192.0.2.30']);
  });
});
