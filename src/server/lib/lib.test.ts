import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './crypto.js';
import { officeDayEndIso, officeDayStartIso } from './dates.js';
import { ValidationError } from './errors.js';
import { htmlToPlainText, sanitizeEmailHtml } from './html.js';
import { decodeCursor, encodeCursor, toPage } from './keyset.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { escapeLike, foldForSearch } from './text.js';

describe('foldForSearch', () => {
  it.each([
    ['Łódź', 'lodz'],
    ['ZAŻÓŁĆ GĘŚLĄ JAŹŃ', 'zazolc gesla jazn'],
    ['  Anna   Kowalska ', 'anna kowalska'],
    ['Jędrzej Śliwiński', 'jedrzej sliwinski'],
  ])('%s → %s', (input, folded) => expect(foldForSearch(input)).toBe(folded));
});

describe('escapeLike', () => {
  it('escapes %, _ and the escape character itself', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('hasło-SMTP', 'smtp_accounts:1:password');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('hasło');
    expect(box.open(sealed, 'smtp_accounts:1:password')).toBe('hasło-SMTP');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('x', 'a')).not.toBe(box.seal('x', 'a'));
  });

  it('refuses another row’s associated data, a tampered value and another key', () => {
    const sealed = box.seal('sekret', 'smtp_accounts:1:password');
    expect(() => box.open(sealed, 'smtp_accounts:2:password')).toThrow();
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3] as string, 'base64url');
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(() =>
      box.open([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'), 'smtp_accounts:1:password'),
    ).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'smtp_accounts:1:password')).toThrow();
  });

  it('requires a 32-byte key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('passwords (scrypt)', () => {
  it('verifies the right password only, with the cost stored in the hash', async () => {
    const hash = await hashPassword('Zażółć-gęślą-1', { N: 1024, r: 8, p: 1 });
    expect(hash.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('Zażółć-gęślą-1', hash)).toBe(true);
    expect(await verifyPassword('zażółć-gęślą-1', hash)).toBe(false);
    expect(await verifyPassword('x', dummyPasswordHash(1024))).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('keyset cursors', () => {
  it('round-trip a value and an id', () => {
    const c = { value: '2026-03-01T10:00:00.000Z', id: 'abc' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeNull();
  });

  it('reject a malformed cursor with a validation error', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(ValidationError);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toThrow(ValidationError);
  });

  it('toPage cuts the extra row and points the cursor at the last row shown', () => {
    const rows = [1, 2, 3].map((n) => ({ v: `v${n}`, id: `id${n}` }));
    const page = toPage(
      rows,
      2,
      (r) => ({ value: r.v, id: r.id }),
      (r) => r.id,
    );
    expect(page.items).toEqual(['id1', 'id2']);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({ value: 'v2', id: 'id2' });
    const ordered = toPage(
      rows,
      2,
      (r) => ({ value: r.v, id: r.id }),
      (r) => r.id,
      'createdAt:desc',
    );
    expect(() => decodeCursor(ordered.nextCursor ?? undefined, 'subject:asc')).toThrow(ValidationError);
    expect(decodeCursor(ordered.nextCursor ?? undefined, 'createdAt:desc')).toEqual({ value: 'v2', id: 'id2' });
    expect(
      toPage(
        rows,
        3,
        (r) => ({ value: r.v, id: r.id }),
        (r) => r.id,
      ).nextCursor,
    ).toBeNull();
  });
});

describe('office calendar days (Europe/Warsaw)', () => {
  it.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z', '2026-01-15T23:00:00.000Z'], // winter, UTC+1
    ['2026-07-01', '2026-06-30T22:00:00.000Z', '2026-07-01T22:00:00.000Z'], // summer, UTC+2
    ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'], // clocks go forward: 23 h
    ['2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'], // clocks go back: 25 h
  ])('%s starts at %s and ends at %s', (day, start, end) => {
    expect(officeDayStartIso(day)).toBe(start);
    expect(officeDayEndIso(day)).toBe(end);
  });
});

describe('e-mail HTML', () => {
  it('keeps formatting and removes scripts, handlers and javascript: links', () => {
    const dirty =
      '<p style="color: red; position: fixed">Szanowni <b>Państwo</b></p><script>alert(1)</script>' +
      '<a href="javascript:alert(1)" onclick="x()">link</a><img src="https://example.pl/logo.png" onerror="x()">' +
      '<iframe src="https://example.pl"></iframe>';
    const clean = sanitizeEmailHtml(dirty);
    expect(clean).toContain('<b>Państwo</b>');
    expect(clean).toContain('color:red');
    expect(clean).not.toMatch(/script|onclick|onerror|javascript:|iframe|position/);
  });

  it('makes a readable plain-text part', () => {
    const text = htmlToPlainText(
      '<p>Dzień dobry,</p><p>w załączeniu <a href="https://example.pl/x">zawiadomienie</a>.</p>',
    );
    expect(text).toContain('Dzień dobry,');
    expect(text).toContain('zawiadomienie [https://example.pl/x]');
  });
});
