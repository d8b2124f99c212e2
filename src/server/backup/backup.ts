import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { chmod, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SqliteDatabase from 'better-sqlite3';
import * as tar from 'tar-stream';
import { INSTANCE_KEY_FILE } from '../lib/instance-key.js';

/**
 * `listonosz backup | restore | verify-backup` for SQLite (D69). A backup is a tar of `manifest.json` (format, time,
 * the last migration, row counts per table, size and SHA-256 of every file), `listonosz.db` — a consistent copy made
 * with `VACUUM INTO` while other processes go on writing — and `instance.key` when the key lives in the data folder.
 * With a passphrase the whole tar is sealed with AES-256-GCM under a scrypt key: `LSTBAK01`, salt, IV, ciphertext,
 * tag. Every step streams: a database of gigabytes never sits in memory.
 */
export const DB_FILE = 'listonosz.db';
const MANIFEST = 'manifest.json';
const FORMAT = 'listonosz-backup';
const MAGIC = Buffer.from('LSTBAK01');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_BYTES = 16;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migration: string | null;
  tables: Record<string, number>;
  files: { name: string; bytes: number; sha256: string }[];
  /** False when the instance key comes from LISTONOSZ_SECRET_KEY: it must then be kept (and given back) apart. */
  keyIncluded: boolean;
}

/** A backup the user cannot use as it is: said in Polish, for the console. */
export class BackupError extends Error {}

/** Tells a wrong passphrase at once, before any byte is decrypted (the GCM tag only speaks at the end). */
const keyCheck = (key: Buffer) =>
  createHmac('sha256', key).update('listonosz-backup-key-check').digest().subarray(0, CHECK_BYTES);

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

function countRows(dbFile: string): { tables: Record<string, number>; migration: string | null } {
  const db = new SqliteDatabase(dbFile, { readonly: true });
  try {
    const names = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    const tables = Object.fromEntries(
      names.map((n) => [
        n,
        Number(
          db
            .prepare(`select count(*) from "${n.replace(/"/g, '""')}"`)
            .pluck()
            .get(),
        ),
      ]),
    );
    const migration = names.includes('kysely_migration')
      ? ((db.prepare('select name from kysely_migration order by name desc limit 1').pluck().get() as string) ?? null)
      : null;
    return { tables, migration };
  } finally {
    db.close();
  }
}

/** Writes a backup of the SQLite database at `dbPath` (and the data folder's instance key) to `target`. */
export async function createBackup(opts: {
  dbPath: string;
  dataDir: string;
  target: string;
  passphrase?: string;
  now?: Date;
}): Promise<Manifest> {
  if (existsSync(opts.target)) throw new BackupError(`Plik ${opts.target} już istnieje — podaj nową nazwę.`);
  const work = mkdtempSync(path.join(tmpdir(), 'listonosz-backup-'));
  try {
    const copy = path.join(work, DB_FILE);
    // One read transaction: a consistent snapshot while the server and workers keep writing (WAL), compacted.
    const source = new SqliteDatabase(opts.dbPath, { readonly: true, timeout: 30_000 });
    try {
      source.prepare('vacuum into ?').run(copy);
    } finally {
      source.close();
    }
    const files = [{ name: DB_FILE, path: copy }];
    const keyFile = path.join(opts.dataDir, INSTANCE_KEY_FILE);
    if (existsSync(keyFile)) files.push({ name: INSTANCE_KEY_FILE, path: keyFile });
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      createdAt: (opts.now ?? new Date()).toISOString(),
      ...countRows(copy),
      files: await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: statSync(f.path).size, sha256: await sha256Of(f.path) })),
      ),
      keyIncluded: files.some((f) => f.name === INSTANCE_KEY_FILE),
    };
    const pack = tar.pack();
    const out = createWriteStream(`${opts.target}.part`, { mode: 0o600 });
    const sealing = opts.passphrase ? await sealer(opts.passphrase, out) : null;
    const written = pipeline(pack, sealing ?? new PassThrough(), out);
    pack.entry({ name: MANIFEST, mode: 0o600 }, `${JSON.stringify(manifest, null, 2)}\n`);
    for (const f of files) {
      const entry = pack.entry({ name: f.name, size: statSync(f.path).size, mode: 0o600 });
      await pipeline(createReadStream(f.path), entry);
    }
    pack.finalize();
    await written;
    await rename(`${opts.target}.part`, opts.target);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** AES-256-GCM over the stream; the header goes first, the tag last. */
async function sealer(passphrase: string, out: NodeJS.WritableStream): Promise<Transform> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await deriveKey(passphrase, salt);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  out.write(Buffer.concat([MAGIC, salt, iv, keyCheck(key)]));
  return new Transform({
    transform(chunk, _enc, done) {
      done(null, cipher.update(chunk));
    },
    flush(done) {
      done(null, Buffer.concat([cipher.final(), cipher.getAuthTag()]));
    },
  });
}

function readHead(file: string, bytes: number, position = 0): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The backup's tar as a stream: opened with the passphrase when it is sealed. */
async function openTar(file: string, passphrase: string | undefined): Promise<Readable> {
  if (!existsSync(file)) throw new BackupError(`Nie ma pliku ${file}.`);
  const size = statSync(file).size;
  const sealed = readHead(file, MAGIC.length).equals(MAGIC);
  if (!sealed) return createReadStream(file);
  if (!passphrase) {
    throw new BackupError('Kopia jest zaszyfrowana — podaj hasło (zmienna LISTONOSZ_BACKUP_PASSPHRASE).');
  }
  const header = MAGIC.length + SALT_BYTES + IV_BYTES + CHECK_BYTES;
  if (size < header + TAG_BYTES) throw new BackupError('Plik kopii jest ucięty.');
  const salt = readHead(file, SALT_BYTES, MAGIC.length);
  const iv = readHead(file, IV_BYTES, MAGIC.length + SALT_BYTES);
  const check = readHead(file, CHECK_BYTES, MAGIC.length + SALT_BYTES + IV_BYTES);
  const tag = readHead(file, TAG_BYTES, size - TAG_BYTES);
  const key = await deriveKey(passphrase, salt);
  if (!timingSafeEqual(check, keyCheck(key)))
    throw new BackupError('Złe hasło kopii — sprawdź LISTONOSZ_BACKUP_PASSPHRASE.');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  const body = createReadStream(file, { start: header, end: size - TAG_BYTES - 1 });
  const plain = new PassThrough();
  body.on('error', (e) => plain.destroy(e));
  body
    .pipe(
      new Transform({
        transform(chunk, _enc, done) {
          done(null, decipher.update(chunk));
        },
        flush(done) {
          try {
            done(null, decipher.final());
          } catch {
            done(new BackupError('Złe hasło albo uszkodzona kopia — plik nie daje się odszyfrować.'));
          }
        },
      }),
    )
    .on('error', (e) => plain.destroy(e))
    .pipe(plain);
  return plain;
}

/**
 * Unpacks a backup into `into` (files named as in the backup), checking each file's size and SHA-256 against the
 * manifest; returns the manifest. Nothing but the manifest's files is written.
 */
async function unpack(file: string, into: string, passphrase: string | undefined): Promise<Manifest> {
  const extract = tar.extract();
  let manifest: Manifest | null = null;
  const seen = new Map<string, { bytes: number; sha256: string }>();
  const done = pipeline(await openTar(file, passphrase), extract);
  // Reported through the loop below (or awaited after it): never an unhandled rejection.
  done.catch(() => {});
  try {
    manifest = await readEntries();
    await done;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError('Plik kopii jest uszkodzony albo to nie jest kopia Listonosza.');
  }
  if (!manifest) throw new BackupError('W kopii nie ma spisu zawartości (manifest.json).');
  for (const f of manifest.files) {
    const got = seen.get(f.name);
    if (!got) throw new BackupError(`W kopii brakuje pliku ${f.name}.`);
    if (got.bytes !== f.bytes || got.sha256 !== f.sha256) {
      throw new BackupError(`Plik ${f.name} w kopii jest uszkodzony (inna suma SHA-256 niż w spisie).`);
    }
  }
  return manifest;

  async function readEntries(): Promise<Manifest | null> {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name === MANIFEST) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
        if (manifest.format !== FORMAT) throw new BackupError('To nie jest kopia Listonosza.');
        continue;
      }
      if (!manifest?.files.some((f) => f.name === name) || name.includes('/')) {
        throw new BackupError(`Nieoczekiwany plik w kopii: ${name.slice(0, 80)}.`);
      }
      const hash = createHash('sha256');
      let bytes = 0;
      await pipeline(
        entry,
        new Transform({
          transform(chunk: Buffer, _enc, next) {
            hash.update(chunk);
            bytes += chunk.length;
            next(null, chunk);
          },
        }),
        createWriteStream(path.join(into, name), { mode: 0o600 }),
      );
      seen.set(name, { bytes, sha256: hash.digest('hex') });
    }
    return manifest;
  }
}

/** The unpacked database is whole and holds the rows the manifest counted. */
function checkUnpacked(dir: string, manifest: Manifest) {
  const db = new SqliteDatabase(path.join(dir, DB_FILE), { readonly: true });
  try {
    const integrity = db.prepare('pragma integrity_check').pluck().get();
    if (integrity !== 'ok') throw new BackupError(`Baza w kopii jest uszkodzona: ${String(integrity).slice(0, 200)}`);
  } finally {
    db.close();
  }
  const { tables } = countRows(path.join(dir, DB_FILE));
  for (const [name, n] of Object.entries(manifest.tables)) {
    if (tables[name] !== n) throw new BackupError(`Tabela ${name}: w spisie ${n} wierszy, w bazie ${tables[name]}.`);
  }
}

/** Checks a backup end to end: opens, every file's checksum, the database's integrity and its row counts. */
export async function verifyBackup(file: string, passphrase?: string): Promise<Manifest> {
  const work = mkdtempSync(path.join(tmpdir(), 'listonosz-verify-'));
  try {
    const manifest = await unpack(file, work, passphrase);
    checkUnpacked(work, manifest);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Restores a backup into a data folder that holds no database yet (never over a live installation). */
export async function restoreBackup(opts: { file: string; dataDir: string; passphrase?: string }): Promise<Manifest> {
  const dbPath = path.join(opts.dataDir, DB_FILE);
  if (existsSync(dbPath)) {
    throw new BackupError(
      `W folderze danych ${opts.dataDir} jest już baza — przywracaj do pustego folderu (zmienna LISTONOSZ_DATA_DIR).`,
    );
  }
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const work = mkdtempSync(path.join(opts.dataDir, '.restore-'));
  try {
    const manifest = await unpack(opts.file, work, opts.passphrase);
    checkUnpacked(work, manifest);
    const keyTarget = path.join(opts.dataDir, INSTANCE_KEY_FILE);
    if (manifest.keyIncluded && existsSync(keyTarget)) {
      const [had, got] = await Promise.all([
        readFile(keyTarget, 'utf8'),
        readFile(path.join(work, INSTANCE_KEY_FILE), 'utf8'),
      ]);
      if (had.trim() !== got.trim()) {
        throw new BackupError(
          'W folderze danych jest inny klucz instancji — usuń go albo przywracaj do innego folderu.',
        );
      }
    }
    // The database last: a folder with a database is a restored one.
    for (const name of [INSTANCE_KEY_FILE, DB_FILE]) {
      if (!manifest.files.some((f) => f.name === name)) continue;
      await rename(path.join(work, name), path.join(opts.dataDir, name));
      await chmod(path.join(opts.dataDir, name), 0o600);
    }
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
