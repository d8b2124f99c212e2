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
 * -1), parsed as the chunks arrive: every field comes back as the bytes the server sent, null as null. A field
 * inside one chunk is a view of it; one spanning chunks is copied once into a buffer of its own size (D79: before,
 * all chunks were first concatenated into one buffer — for a claim of 100 KB messages, megabytes copied again).
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
export class BinaryCopyRows {
  private chunks: Buffer[] = [];
  private offset = 0; // into chunks[0]
  private available = 0;
  private state: 'header' | 'extension' | 'row' | 'length' | 'field' | 'done' = 'header';
  private skip = 0;
  private fieldsLeft = 0;
  private fieldLength = 0;
  private row: (Buffer | null)[] = [];

  /** Takes the next chunk; returns the rows it completed. */
  push(chunk: Buffer): (Buffer | null)[][] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.available += chunk.length;
    }
    const rows: (Buffer | null)[][] = [];
    for (;;) {
      if (this.state === 'header') {
        if (this.available < 19) break;
        const header = this.take(19);
        if (!header.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('Not PostgreSQL binary COPY data');
        this.skip = header.readInt32BE(15);
        this.state = 'extension';
      } else if (this.state === 'extension') {
        const n = Math.min(this.skip, this.available);
        this.take(n);
        this.skip -= n;
        if (this.skip > 0) break;
        this.state = 'row';
      } else if (this.state === 'row') {
        if (this.available < 2) break;
        const fields = this.take(2).readInt16BE(0);
        if (fields === -1) this.state = 'done';
        else {
          this.fieldsLeft = fields;
          this.row = [];
          this.state = fields === 0 ? 'row' : 'length';
          if (fields === 0) rows.push(this.row);
        }
      } else if (this.state === 'length') {
        if (this.available < 4) break;
        this.fieldLength = this.take(4).readInt32BE(0);
        if (this.fieldLength === -1) this.endField(null, rows);
        else this.state = 'field';
      } else if (this.state === 'field') {
        if (this.available < this.fieldLength) break;
        this.endField(this.take(this.fieldLength), rows);
      } else {
        break; // done: anything after the trailer is ignored
      }
    }
    return rows;
  }

  /** Throws unless the trailer was read: the data ended inside a row or a field. */
  end(): void {
    if (this.state === 'header') throw new Error('Not PostgreSQL binary COPY data');
    if (this.state !== 'done') throw new Error('Binary COPY data ends inside a field');
  }

  private endField(value: Buffer | null, rows: (Buffer | null)[][]) {
    this.row.push(value);
    this.fieldsLeft--;
    if (this.fieldsLeft > 0) this.state = 'length';
    else {
      rows.push(this.row);
      this.state = 'row';
    }
  }

  /** The next n bytes (n ≤ available): a view when one chunk holds them, else a copy. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    this.available -= n;
    const head = this.chunks[0] as Buffer;
    if (head.length - this.offset >= n) {
      const out = head.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === head.length) this.drop();
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0] as Buffer;
      const part = Math.min(n - filled, chunk.length - this.offset);
      chunk.copy(out, filled, this.offset, this.offset + part);
      filled += part;
      this.offset += part;
      if (this.offset === chunk.length) this.drop();
    }
    return out;
  }

  private drop() {
    this.chunks.shift();
    this.offset = 0;
  }
}

/** All rows of a complete binary COPY output. */
export function parseBinaryCopy(data: Buffer): (Buffer | null)[][] {
  const parser = new BinaryCopyRows();
  const rows = parser.push(data);
  parser.end();
  return rows;
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
          const parser = new BinaryCopyRows();
          for await (const chunk of stream) {
            for (const [sha, data] of parser.push(chunk as Buffer)) {
              if (sha && data) found.set(sha.toString('latin1'), data);
            }
          }
          parser.end();
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
