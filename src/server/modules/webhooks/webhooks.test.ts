import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  nextAttemptAt,
  previousSecretUntil,
  previousSecretValid,
  refusedAddress,
  signature,
  urlProblem,
} from './webhooks.js';

const strict = { allowLoopback: false, allowPrivate: false };
const loopback = { allowLoopback: true, allowPrivate: false };
const lan = { allowLoopback: false, allowPrivate: true };

describe('webhook rules', () => {
  it('signs "<t>.<body>" with HMAC-SHA256', () => {
    const mac = createHmac('sha256', 'whsec_x').update('1700000000.{"a":1}').digest('hex');
    expect(signature('whsec_x', 1700000000, '{"a":1}')).toBe(`t=1700000000,v1=${mac}`);
    expect(signature(['whsec_x'], 1700000000, '{"a":1}')).toBe(`t=1700000000,v1=${mac}`);
  });

  it('signs with each secret given, the current one first (a rotation’s overlap)', () => {
    const mac = (secret: string) => createHmac('sha256', secret).update('1700000000.{"a":1}').digest('hex');
    expect(signature(['whsec_new', 'whsec_old'], 1700000000, '{"a":1}')).toBe(
      `t=1700000000,v1=${mac('whsec_new')},v1=${mac('whsec_old')}`,
    );
  });

  it('keeps a replaced secret signing for the overlap, and not past its end', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(previousSecretUntil(now, 24)?.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(previousSecretUntil(now, 168)?.toISOString()).toBe('2026-12-13T10:00:00.000Z');
    expect(previousSecretUntil(now, 0)).toBeNull();
    const until = '2026-12-07T10:00:00.000Z';
    expect(previousSecretValid(until, new Date('2026-12-07T09:59:59.999Z'))).toBe(true);
    expect(previousSecretValid(until, new Date(until))).toBe(false);
    expect(previousSecretValid(null, now)).toBe(false);
  });

  it.each([
    ['https://czynsze.example.pl/hook', strict, null],
    ['http://czynsze.example.pl/hook', strict, /https/],
    ['http://127.0.0.1:8080/hook', strict, /https/],
    ['http://127.0.0.1:8080/hook', loopback, null],
    ['http://localhost/hook', loopback, null],
    ['https://localhost/hook', strict, /lokalny/],
    ['https://10.0.0.5/hook', strict, /prywatna/],
    ['https://10.0.0.5/hook', lan, null],
    ['https://169.254.169.254/latest', lan, /prywatna/],
    ['https://[::1]/hook', strict, /lokalny/],
    ['https://jan:haslo@czynsze.example.pl/', strict, /hasła/],
    ['nie adres', strict, /pełny adres/],
  ] as const)('%s → %s', (url, policy, problem) => {
    const got = urlProblem(url, policy);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toMatch(problem);
  });

  it.each([
    ['93.184.216.34', strict, false],
    ['127.0.0.1', strict, true],
    ['127.0.0.1', loopback, false],
    ['::ffff:127.0.0.1', strict, true],
    ['192.168.1.10', strict, true],
    ['192.168.1.10', lan, false],
    ['169.254.169.254', strict, true],
    ['fd00::1', strict, true],
    ['2a00:1450:4001::1', strict, false],
  ] as const)('address %s refused: %s', (address, policy, refused) => {
    expect(refusedAddress(address, policy) !== null).toBe(refused);
  });

  it('backs off 1 min, 5 min, 15 min … 24 h, then gives up', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    const waits = Array.from({ length: MAX_ATTEMPTS }, (_, i) => nextAttemptAt(i + 1, now)).map((d) =>
      d ? (d.getTime() - now.getTime()) / 60_000 : null,
    );
    expect(waits).toEqual([1, 5, 15, 60, 240, 720, 1440, null]);
  });
});
