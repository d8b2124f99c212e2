import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../test/support/db.js';
import { sha256Hex } from '../lib/crypto.js';
import { createBlobsRepository } from '../modules/blobs/blobs.repository.js';
import { type BlobStore, createBlobStore } from '../modules/blobs/blobs.service.js';

let handle: TestDbHandle;
let store: BlobStore;
/** What each COPY attempt gave: true when COPY stored the rows, false when the INSERT did. */
const copies: boolean[] = [];
const clock = { now: () => new Date('2026-04-01T08:00:00Z') };
beforeAll(async () => {
  handle = await createTestDb();
  const copier = handle.blobCopier;
  store = createBlobStore({
    repo: createBlobsRepository(handle.dialect),
    clock,
    copier: copier && {
      async insertIfAbsent(tx, rows) {
        const copied = await copier.insertIfAbsent(tx, rows);
        copies.push(copied);
        return copied;
      },
    },
  });
});
afterAll(() => handle.destroy());

const onPostgres = process.env.TEST_DB === 'postgres';

async function stored(keys: string[]) {
  const rows = await handle.db
    .selectFrom('blobs')
    .select(['sha256', 'size', 'created_at'])
    .where('sha256', 'in', keys)
    .execute();
  return new Map(rows.map((r) => [r.sha256, r]));
}

describe(`storing many blobs in a transaction (${onPostgres ? 'postgres: binary COPY' : 'sqlite'}, D85)`, () => {
  it('stores each key once, keeps blobs already stored, and reads back every byte', async () => {
    const before = Buffer.from('stored before');
    await store.put(handle.db, before);
    const blobs = [
      before,
      Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)),
      Buffer.alloc(0),
      ...Array.from({ length: 30 }, () => randomBytes(120_000)),
    ];
    const twice = [...blobs, blobs[3] as Buffer];
    const keys = await handle.db.transaction().execute((tx) =>
      store.putManyHashed(
        tx,
        twice.map((data) => ({ sha256: sha256Hex(data), data })),
      ),
    );
    expect(keys.map((k) => k.sha256)).toEqual(twice.map(sha256Hex));
    expect(copies.splice(0)).toEqual(onPostgres ? [true] : []);
    const found = await handle.blobs.read(keys.map((k) => k.sha256));
    expect(found.size).toBe(blobs.length);
    for (const b of blobs) expect(found.get(sha256Hex(b))?.equals(b)).toBe(true);
    const meta = await stored(keys.map((k) => k.sha256));
    expect(meta.get(sha256Hex(blobs[4] as Buffer))).toMatchObject({
      size: 120_000,
      created_at: clock.now().toISOString(),
    });
  });

  it('rolls back with its transaction', async () => {
    const data = Array.from({ length: 20 }, () => randomBytes(1000));
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await store.putMany(tx, data);
        expect(copies.splice(0)).toEqual(onPostgres ? [true] : []);
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect((await stored(data.map(sha256Hex))).size).toBe(0);
  });

  it.runIf(onPostgres)(
    'a key another transaction stores meanwhile: that one kept, the rest stored, nothing lost',
    async () => {
      const data = Array.from({ length: 20 }, () => randomBytes(5000));
      const contested = data[7] as Buffer;
      const other = new pg.Client({ connectionString: handle.env.DATABASE_URL });
      await other.connect();
      try {
        await other.query('begin');
        await other.query('insert into blobs (sha256, size, data, created_at) values ($1, $2, $3, $4)', [
          sha256Hex(contested),
          contested.length,
          contested,
          'other',
        ]);
        const marker = Buffer.from(`marker ${Math.random()}`);
        // The COPY waits for the other transaction's key, which then commits: the COPY alone is undone.
        const ours = handle.db.transaction().execute(async (tx) => {
          await store.put(tx, marker);
          return store.putMany(tx, data);
        });
        await new Promise((r) => setTimeout(r, 300));
        await other.query('commit');
        expect((await ours).length).toBe(20);
        expect(copies.splice(0)).toEqual([false]);
        const meta = await stored([...data.map(sha256Hex), sha256Hex(marker)]);
        expect(meta.size).toBe(21);
        expect(meta.get(sha256Hex(contested))?.created_at).toBe('other');
      } finally {
        await other.end();
      }
    },
  );

  it.runIf(onPostgres)('outside a transaction it leaves the rows to the INSERT', async () => {
    const data = Array.from({ length: 20 }, () => randomBytes(100));
    expect(await handle.blobCopier?.insertIfAbsent(handle.db, [])).toBe(false);
    await store.putMany(handle.db, data);
    expect(copies.splice(0)).toEqual([false]);
    expect((await stored(data.map(sha256Hex))).size).toBe(20);
  });
});
