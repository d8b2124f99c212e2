import type { Kysely } from 'kysely';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { chunks } from '../lib/chunks.js';
import type { Database } from './schema.js';

/** Reads whole blobs by their SHA-256, outside any transaction: the sender's read of frozen .eml files. */
export interface BlobReader {
  /** The bytes of each blob found; a missing key is simply absent from the map. */
  read(shas: readonly string[]): Promise<Map<string, Buffer>>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const CHUNK = 500;

/** SQLite hands back blob columns as Buffers already. */
export function sqliteBlobReader(db: Kysely<Database>): BlobReader {
  return {
    async read(shas) {
      const found = new Map<string, Buffer>();
      for (const part of chunks([...new Set(shas)], CHUNK)) {
        const rows = await db.selectFrom('blobs').select(['sha256', 'data']).where('sha256', 'in', part).execute();
        for (const r of rows) found.set(r.sha256, Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data));
      }
      return found;
    },
  };
}

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Rows of PostgreSQL's binary COPY format (header, then per row a field count and length-prefixed fields, then
 * -1): every field comes back as the bytes the server sent, null as null.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
export function parseBinaryCopy(data: Buffer): (Buffer | null)[][] {
  if (data.length < 19 || !data.subarray(0, 11).equals(COPY_SIGNATURE)) {
    throw new Error('Not PostgreSQL binary COPY data');
  }
  let at = 15; // signature and flags
  at += 4 + data.readInt32BE(at); // header extension
  const rows: (Buffer | null)[][] = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return rows;
    const row: (Buffer | null)[] = [];
    for (let i = 0; i < fields; i++) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) {
        row.push(null);
        continue;
      }
      if (at + length > data.length) throw new Error('Binary COPY data ends inside a field');
      row.push(data.subarray(at, at + length));
      at += length;
    }
    rows.push(row);
  }
}

/**
 * PostgreSQL sends bytea in a text result as hex (twice the size, encoded by the server and decoded into a
 * string and then a Buffer here, which for 100 KB messages cost more than sending them). A binary COPY sends the
 * bytes as they are. COPY takes no parameters, so only well-formed SHA-256 keys are put into its text.
 */
export function postgresBlobReader(pool: pg.Pool): BlobReader {
  return {
    async read(shas) {
      const found = new Map<string, Buffer>();
      const keys = [...new Set(shas)];
      for (const key of keys) if (!SHA256_HEX.test(key)) throw new Error(`Not a blob key: ${key}`);
      if (keys.length === 0) return found;
      const client = await pool.connect();
      let failed: Error | undefined;
      try {
        for (const part of chunks(keys, CHUNK)) {
          const list = part.map((k) => `'${k}'`).join(',');
          const stream = client.query(
            copyTo(`copy (select sha256, data from blobs where sha256 in (${list})) to stdout with (format binary)`),
          );
          const received: Buffer[] = [];
          for await (const chunk of stream) received.push(chunk as Buffer);
          for (const [sha, data] of parseBinaryCopy(Buffer.concat(received))) {
            if (sha && data) found.set(sha.toString('latin1'), data);
          }
        }
      } catch (err) {
        failed = err as Error; // a connection left in the middle of a COPY is not given back to the pool
        throw err;
      } finally {
        client.release(failed);
      }
      return found;
    },
  };
}
