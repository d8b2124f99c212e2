import path from 'node:path';
import Database from 'better-sqlite3';
import { mulberry32 as seededRandom } from '../../src/server/demo/random.js';
import { newId } from '../../src/server/lib/ids.js';
import { messageIdHeader, messageSearchFields } from '../../src/server/modules/messages/messages.js';
import { mailboxOf } from '../../src/shared/messages.js';
import { DOCUMENT_TYPES, pickStatus, sampleMessage } from '../../test/support/sample-messages.js';

/**
 * Volume for browser tests: writes N messages (with short bodies) straight into a running server's SQLite file,
 * through a second connection (WAL lets the server keep reading and writing meanwhile). The rows look like
 * bench/mailbox.ts's: Polish names and subjects, a busy month's mix of statuses spread over the existing accounts,
 * the derived columns (`mailbox`, `search_text`, `sort_name`, `sort_subject`) filled as the app fills them, and the
 * full-text index kept by its insert trigger. Nothing is made due for sending (no `next_attempt_at`, no
 * `held_reason`), so the server's sender leaves the rows alone.
 */

export interface SeedResult {
  rows: number;
  ms: number;
  /** Messages per mailbox as seeded. */
  byMailbox: Record<string, number>;
  /** The e-mail address of exactly one sent message (for a rare search). */
  rareSentAddress: string;
}

const COLUMNS = [
  'id',
  'account_id',
  'to_name',
  'to_address',
  'subject',
  'status',
  'mailbox',
  'message_id_header',
  'document_type',
  'queued_at',
  'sent_at',
  'last_error',
  'search_text',
  'sort_name',
  'sort_subject',
  'created_at',
  'updated_at',
] as const;

/** Seeds `rows` messages into `<dataDir>/listonosz.db`, newest created a minute ago, 20 s apart. */
export function seedMessages(dataDir: string, rows: number): SeedResult {
  const started = performance.now();
  const db = new Database(path.join(dataDir, 'listonosz.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  try {
    const accounts = db.prepare('select id, from_address from smtp_accounts order by id').all() as {
      id: string;
      from_address: string;
    }[];
    if (accounts.length === 0) throw new Error('seedMessages: no sending account yet');

    const perStatement = 50;
    const rowSql = `(${COLUMNS.map(() => '?').join(', ')})`;
    const insertMany = db.prepare(
      `insert into messages (${COLUMNS.join(', ')}) values ${Array(perStatement).fill(rowSql).join(', ')}`,
    );
    const insertOne = db.prepare(`insert into messages (${COLUMNS.join(', ')}) values ${rowSql}`);
    const bodyMany = db.prepare(
      `insert into message_bodies (message_id, html, text) values ${Array(perStatement).fill('(?, ?, ?)').join(', ')}`,
    );
    const bodyOne = db.prepare('insert into message_bodies (message_id, html, text) values (?, ?, ?)');

    const random = seededRandom(20260301);
    const base = Date.now() - 60_000 - rows * 20_000;
    const byMailbox: Record<string, number> = {};
    let rareSentAddress = '';
    let values: unknown[] = [];
    let bodies: unknown[] = [];
    const flush = () => {
      const n = bodies.length / 3;
      const full = Math.floor(n / perStatement);
      const width = COLUMNS.length;
      for (let k = 0; k < full; k++) {
        insertMany.run(values.slice(k * perStatement * width, (k + 1) * perStatement * width));
        bodyMany.run(bodies.slice(k * perStatement * 3, (k + 1) * perStatement * 3));
      }
      for (let k = full * perStatement; k < n; k++) {
        insertOne.run(values.slice(k * width, (k + 1) * width));
        bodyOne.run(bodies.slice(k * 3, (k + 1) * 3));
      }
      values = [];
      bodies = [];
    };
    const chunk = db.transaction(flush);

    for (let i = 0; i < rows; i++) {
      const { toName, toAddress, subject } = sampleMessage(i, random);
      const status = pickStatus(random());
      const mailbox = mailboxOf(status);
      byMailbox[mailbox] = (byMailbox[mailbox] ?? 0) + 1;
      if (status === 'sent' && !rareSentAddress && i >= rows / 2) rareSentAddress = toAddress;
      const account = accounts[i % accounts.length] as { id: string; from_address: string };
      const id = newId();
      const at = new Date(base + i * 20_000 + Math.floor(random() * 10_000)).toISOString();
      const search = messageSearchFields({ subject, toName, toAddress });
      values.push(
        id,
        account.id,
        toName,
        toAddress,
        subject,
        status,
        mailbox,
        messageIdHeader(id, account.from_address),
        DOCUMENT_TYPES[i % DOCUMENT_TYPES.length],
        status === 'draft' ? null : at,
        status === 'sent' ? at : null,
        status === 'failed' ? '550 5.1.1 User unknown' : null,
        search.search_text,
        search.sort_name,
        search.sort_subject,
        at,
        at,
      );
      bodies.push(
        id,
        `<p>Szanowni Państwo,</p><p>w załączeniu przesyłamy dokument: ${subject}.</p><p>Z poważaniem<br>Administracja</p>`,
        `Szanowni Państwo,\n\nw załączeniu przesyłamy dokument: ${subject}.\n\nZ poważaniem\nAdministracja`,
      );
      if (bodies.length / 3 === 10_000) chunk();
    }
    if (bodies.length > 0) chunk();
    db.exec('analyze');
    db.pragma('wal_checkpoint(PASSIVE)');
    return { rows, ms: Math.round(performance.now() - started), byMailbox, rareSentAddress };
  } finally {
    db.close();
  }
}
