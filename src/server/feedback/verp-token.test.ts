import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKey } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import { envelopeFrom } from '../mail/mime.js';
import {
  base32Decode,
  base32Encode,
  makeVerpTag,
  readVerpToken,
  VERP_KEY_PURPOSE,
  VERP_TAG_LENGTH,
  verpAddress,
  verpTagOf,
} from './verp-token.js';

const key = deriveKey(randomBytes(32), VERP_KEY_PURPOSE);
const id = '01938a2b-7c4d-7e5f-8a9b-0c1d2e3f4a5b';

describe('base32 (RFC 4648, lower case, no padding)', () => {
  it.each([
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ])('%j ↔ %s', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded)?.toString()).toBe(plain);
    expect(base32Decode(encoded.toUpperCase())?.toString()).toBe(plain);
  });

  it('refuses characters outside the alphabet', () => {
    for (const bad of ['mzx1', 'mzx0', 'mzx8', 'mz=w', 'mzx-']) expect(base32Decode(bad)).toBeNull();
  });
});

describe('signed VERP tag', () => {
  it('is 40 characters of [a-z2-7] and reads back to its message', () => {
    const tag = makeVerpTag(id, key) as string;
    expect(tag).toMatch(/^[a-z2-7]{40}$/);
    expect(tag).toHaveLength(VERP_TAG_LENGTH);
    expect(readVerpToken(tag, key)).toEqual({ messageId: id, strength: 'signed' });
    expect(readVerpToken(`zwroty+${tag}@zarzadca.example.pl`, key)).toEqual({ messageId: id, strength: 'signed' });
    expect(readVerpToken(`<zwroty+${tag}@zarzadca.example.pl>`, key)).toEqual({ messageId: id, strength: 'signed' });
  });

  it('survives a server that folds the local part to upper case', () => {
    const address = verpAddress('zwroty@zarzadca.example.pl', id, key) as string;
    expect(readVerpToken(address.toUpperCase(), key)).toEqual({ messageId: id, strength: 'signed' });
  });

  it('is different for every message and every instance key', () => {
    const other = deriveKey(randomBytes(32), VERP_KEY_PURPOSE);
    expect(makeVerpTag(id, key)).not.toBe(makeVerpTag(id, other));
    expect(makeVerpTag(id, key)).not.toBe(makeVerpTag(newId(), key));
    // A tag made under another instance's key names no message here.
    expect(readVerpToken(makeVerpTag(id, other) as string, key)).toBeNull();
  });

  it('names no message when forged, garbled or cut', () => {
    const tag = makeVerpTag(id, key) as string;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
    // Every single changed character — in the id part or the MAC part — is caught.
    for (let i = 0; i < tag.length; i++) expect(readVerpToken(flip(tag, i), key), `position ${i}`).toBeNull();
    expect(readVerpToken(tag.slice(0, 39), key)).toBeNull();
    expect(readVerpToken(`${tag}a`, key)).toBeNull();
    expect(readVerpToken(`${tag.slice(0, 39)}1`, key)).toBeNull();
    expect(readVerpToken('zwroty@zarzadca.example.pl', key)).toBeNull();
    expect(readVerpToken('zwroty+@zarzadca.example.pl', key)).toBeNull();
    expect(readVerpToken('', key)).toBeNull();
    // A different purpose label gives a different key: a token is not valid across purposes.
    expect(readVerpToken(makeVerpTag(id, deriveKey(randomBytes(32), 'other')) as string, key)).toBeNull();
  });

  it('keeps reading the older `+<message uuid>` form as legacy (unauthenticated)', () => {
    expect(readVerpToken(`zwroty+${id}@zarzadca.example.pl`, key)).toEqual({ messageId: id, strength: 'legacy' });
    expect(readVerpToken(`ZWROTY+${id.toUpperCase()}@ZARZADCA.EXAMPLE.PL`, key)).toEqual({
      messageId: id,
      strength: 'legacy',
    });
    expect(readVerpToken(`zwroty+${id.slice(0, 35)}@zarzadca.example.pl`, key)).toBeNull();
  });

  it('takes the tag after the last plus of the local part', () => {
    expect(verpTagOf('a+b+tag@x.pl')).toBe('tag');
    expect(verpTagOf('tag')).toBe('tag');
    expect(verpTagOf('zwroty+tag')).toBe('tag');
    expect(verpTagOf('zwroty@x.pl')).toBeNull();
  });
});

describe('envelope sender', () => {
  it('is local+<signed tag>@domain in VERP mode, the feedback address otherwise', () => {
    const from = envelopeFrom('zwroty@zarzadca.example.pl', 'verp', id, key);
    expect(from).toBe(`zwroty+${makeVerpTag(id, key)}@zarzadca.example.pl`);
    expect(Buffer.byteLength(from.split('@')[0] as string)).toBe(47);
    expect(envelopeFrom('zwroty@zarzadca.example.pl', 'feedback', id, key)).toBe('zwroty@zarzadca.example.pl');
  });

  it('falls back to the feedback address when the local part would pass 64 octets', () => {
    // 23 octets + '+' + 40 = 64: fits; one Polish letter more (two octets) does not.
    const fits = `${'a'.repeat(23)}@x.pl`;
    expect(envelopeFrom(fits, 'verp', id, key)).toMatch(/^a{23}\+[a-z2-7]{40}@x\.pl$/);
    const tooLong = `${'a'.repeat(22)}ł@x.pl`;
    expect(envelopeFrom(tooLong, 'verp', id, key)).toBe(tooLong);
    expect(envelopeFrom('zwroty@x.pl', 'verp', 'not-a-uuid', key)).toBe('zwroty@x.pl');
  });
});
