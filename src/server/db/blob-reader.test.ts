import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../test/support/db.js';
import { sha256Hex } from '../lib/crypto.js';
import { BinaryCopyRows, parseBinaryCopy } from './blob-reader.js';

let handle: TestDbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.destroy());

async function store(data: Buffer) {
  const sha256 = sha256Hex(data);
  await handle.db
    .insertInto('blobs')
    .values({ sha256, size: data.length, data, created_at: new Date().toISOString() })
    .execute();
  return sha256;
}

describe(`blob reader (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('gives back every byte value unchanged, an empty blob, and large blobs', async () => {
    const everyByte = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const blobs = [everyByte, Buffer.alloc(0), randomBytes(300_000), Buffer.from('From: a@b\r\n\r\n.\r\n')];
    const keys: string[] = [];
    for (const b of blobs) keys.push(await store(b));
    const found = await handle.blobs.read([...keys, keys[0] as string]);
    expect(found.size).toBe(4);
    blobs.forEach((b, i) => {
      expect(found.get(keys[i] as string)?.equals(b)).toBe(true);
    });
  });

  it('leaves out keys it does not have and reads more keys than one statement takes', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 620; i++) keys.push(await store(Buffer.from(`blob ${i}`)));
    const missing = sha256Hex(Buffer.from('never stored'));
    const found = await handle.blobs.read([...keys, missing]);
    expect(found.size).toBe(620);
    expect(found.has(missing)).toBe(false);
    expect(found.get(keys[619] as string)?.toString()).toBe('blob 619');
    expect((await handle.blobs.read([])).size).toBe(0);
  });

  it.runIf(process.env.TEST_DB === 'postgres')(
    'refuses anything but a SHA-256 key (COPY takes no parameters)',
    async () => {
      await expect(handle.blobs.read(["x') to program 'id' --"])).rejects.toThrow(/Not a blob key/);
      // The pool is still usable afterwards.
      expect((await handle.blobs.read([await store(Buffer.from('after'))])).size).toBe(1);
    },
  );
});

describe('binary COPY parser', () => {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
  const field = (b: Buffer | null) => {
    const length = Buffer.alloc(4);
    length.writeInt32BE(b ? b.length : -1);
    return b ? Buffer.concat([length, b]) : length;
  };
  const row = (...fields: (Buffer | null)[]) => {
    const count = Buffer.alloc(2);
    count.writeInt16BE(fields.length);
    return Buffer.concat([count, ...fields.map(field)]);
  };
  const trailer = Buffer.from([0xff, 0xff]);

  it('reads rows, nulls and empty fields', () => {
    const data = Buffer.concat([
      header,
      row(Buffer.from('a'), Buffer.from([0, 1, 2])),
      row(null, Buffer.alloc(0)),
      trailer,
    ]);
    expect(parseBinaryCopy(data)).toEqual([
      [Buffer.from('a'), Buffer.from([0, 1, 2])],
      [null, Buffer.alloc(0)],
    ]);
  });

  it('gives the same rows however the data is cut into chunks', () => {
    const big = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
    const data = Buffer.concat([header, row(Buffer.from('k1'), big), row(null, Buffer.alloc(0)), row(big), trailer]);
    const whole = parseBinaryCopy(data);
    for (const size of [1, 2, 3, 7, 19, 64, 301]) {
      const parser = new BinaryCopyRows();
      const rows: (Buffer | null)[][] = [];
      for (let at = 0; at < data.length; at += size) rows.push(...parser.push(data.subarray(at, at + size)));
      parser.end();
      expect(rows, `chunks of ${size}`).toEqual(whole);
    }
    expect(whole).toHaveLength(3);
  });

  it('rejects data that is not binary COPY or ends inside a field', () => {
    expect(() => parseBinaryCopy(Buffer.from('sha256\tdata\n'))).toThrow(/Not PostgreSQL binary COPY/);
    const cut = Buffer.concat([header, row(Buffer.from('abcdef'))]).subarray(0, header.length + 8);
    expect(() => parseBinaryCopy(cut)).toThrow();
  });
});
