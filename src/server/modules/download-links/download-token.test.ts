import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boundUserAgent, linkExpiry, truncateAddress, USER_AGENT_MAX, withLinks } from './download-links.js';
import { DOWNLOAD_TOKEN_LENGTH, makeDownloadToken, readDownloadToken } from './download-token.js';

const KEY = randomBytes(32);
const PAYLOAD = {
  messageId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  position: 2,
  expiresAt: '2026-06-01T09:00:00.000Z',
};
const BEFORE = new Date('2026-05-31T23:59:59.000Z');

describe('download link token', () => {
  it('reads back what it signed, at a fixed length', () => {
    const token = makeDownloadToken(PAYLOAD, KEY);
    expect(token).toHaveLength(DOWNLOAD_TOKEN_LENGTH);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(readDownloadToken(token, KEY, BEFORE)).toEqual({ ok: true, payload: PAYLOAD, expired: false });
  });

  it('is expired from its expiry on (fake clock), still naming its message', () => {
    const token = makeDownloadToken(PAYLOAD, KEY);
    for (const [now, expired] of [
      ['2026-06-01T08:59:59.999Z', false],
      ['2026-06-01T09:00:00.000Z', true],
      ['2027-01-01T00:00:00.000Z', true],
    ] as const) {
      const r = readDownloadToken(token, KEY, new Date(now));
      expect(r.ok && r.expired, now).toBe(expired);
    }
  });

  it('refuses every single changed character, another key, and junk of any length', () => {
    const token = makeDownloadToken(PAYLOAD, KEY);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      const other = alphabet[(alphabet.indexOf(token[i] as string) + 1) % 64] as string;
      const tampered = `${token.slice(0, i)}${other}${token.slice(i + 1)}`;
      const r = readDownloadToken(tampered, KEY, BEFORE);
      expect(r.ok, `character ${i}`).toBe(false);
    }
    expect(readDownloadToken(token, randomBytes(32), BEFORE)).toEqual({ ok: false, reason: 'signature' });
    for (const junk of ['', 'x', token.slice(0, -1), `${token}A`, 'A'.repeat(10_000), `${token.slice(0, -1)}=`]) {
      expect(readDownloadToken(junk, KEY, BEFORE).ok).toBe(false);
    }
  });

  it('differs for another message, file or expiry', () => {
    const a = makeDownloadToken(PAYLOAD, KEY);
    expect(makeDownloadToken({ ...PAYLOAD, position: 3 }, KEY)).not.toBe(a);
    expect(makeDownloadToken({ ...PAYLOAD, expiresAt: '2026-06-02T09:00:00.000Z' }, KEY)).not.toBe(a);
    expect(makeDownloadToken({ ...PAYLOAD, messageId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c' }, KEY)).not.toBe(a);
  });
});

describe('what is kept of a visitor', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:abcd:12:34::1', '2001:db8:abcd::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['not-an-ip', null],
    ['', null],
  ])('%s → %s', (ip, network) => {
    expect(truncateAddress(ip)).toBe(network);
  });

  it('bounds the user agent and drops control characters', () => {
    expect(boundUserAgent(`Mozilla/5.0\r\nX-Evil: 1 ${'a'.repeat(2000)}`)).toHaveLength(USER_AGENT_MAX);
    expect(boundUserAgent('Mozilla/5.0\r\nX: 1')).toBe('Mozilla/5.0 X: 1');
    expect(boundUserAgent(undefined)).toBeNull();
  });
});

describe('the link in the message', () => {
  it('is a line in the text part and a link in the HTML part, with the day it expires', () => {
    const expiresAt = linkExpiry(new Date('2026-03-02T09:00:00.000Z'), 90);
    expect(expiresAt).toBe('2026-05-31T09:00:00.000Z');
    const links = [{ position: 0, filename: 'Zawiadomienie <1>.pdf', url: 'https://x.example/d/T?a&b', expiresAt }];
    const out = withLinks({ html: '<html><body><p>Treść</p></body></html>', text: 'Treść' }, links, false);
    expect(out.text).toContain(
      'Dokument do pobrania: Zawiadomienie <1>.pdf — https://x.example/d/T?a&b (link ważny do 31.05.2026)',
    );
    expect(out.html).toContain(
      '<a href="https://x.example/d/T?a&amp;b">Zawiadomienie &lt;1&gt;.pdf</a> (link ważny do 31.05.2026)',
    );
    expect(out.html).toMatch(/<\/p><\/body><\/html>$/);
    expect(out.html).not.toMatch(/<img/i);
  });
});
