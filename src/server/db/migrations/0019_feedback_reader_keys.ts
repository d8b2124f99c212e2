import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { DialectSql } from '../dialect.js';

/**
 * The reader's tables get their foreign key to `feedback_mailboxes` (D51), and its status row says since when a
 * mailbox fails and what the library said (`error_since`, `last_error_detail`; `last_error` is the Polish text).
 * Leases and read positions go with their mailbox (`on delete cascade`); recorded messages are evidence: a mailbox
 * that has any cannot be deleted (`on delete restrict`, and the service refuses first with a 409 in Polish).
 *
 * PostgreSQL adds the keys in place. SQLite cannot add a key to a table, so each table is rebuilt: the old one is
 * renamed away first (with `foreign_keys = ON` SQLite also renames the references pointing at it, here only
 * `feedback_messages.duplicate_of`, so dropping it later sets nothing in the new table to null), the new one made
 * under the old name, the rows copied, the old one dropped — all in one transaction. Rows of mailboxes deleted before
 * this migration (D48 left them behind) cannot keep a key and are dropped with it; the events the sink recorded
 * for them (`feedback_events`, with the raw message kept as a blob) stay.
 */
export function feedbackReaderKeysMigration(dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const orphans = sql`mailbox_id not in (select id from feedback_mailboxes)`;
      for (const table of ['feedback_reader_leases', 'feedback_mailbox_state']) {
        await sql`delete from ${sql.table(table)} where ${orphans}`.execute(db);
      }
      await sql`update feedback_messages set duplicate_of = null where duplicate_of in (select id from feedback_messages where ${orphans})`.execute(
        db,
      );
      await sql`delete from feedback_messages where ${orphans}`.execute(db);
      if (dialect.name === 'postgres') {
        await db.schema.alterTable('feedback_reader_leases').addColumn('error_since', 'text').execute();
        await db.schema.alterTable('feedback_reader_leases').addColumn('last_error_detail', 'text').execute();
        for (const [table, onDelete] of KEYS) {
          await db.schema
            .alterTable(table)
            .addForeignKeyConstraint(`${table}_mailbox_fk`, ['mailbox_id'], 'feedback_mailboxes', ['id'])
            .onDelete(onDelete)
            .execute();
        }
        // The key's lookups on delete: leases are keyed by mailbox_id already; state and messages lead with it.
        await sinceOfErrors(db);
        return;
      }
      await db.transaction().execute(async (tx) => {
        await rebuild(tx, 'feedback_reader_leases', (t) => leasesTable(t, true), LEASE_COLUMNS);
        await rebuild(tx, 'feedback_mailbox_state', (t) => stateTable(t, true), STATE_COLUMNS);
        await sql`drop index feedback_messages_content`.execute(tx);
        await rebuild(tx, 'feedback_messages', (t) => messagesTable(t, true), MESSAGE_COLUMNS);
        await contentIndex(tx);
        await sinceOfErrors(tx);
      });
    },
    async down(db: Kysely<unknown>) {
      if (dialect.name === 'postgres') {
        for (const [table] of KEYS) {
          await db.schema.alterTable(table).dropConstraint(`${table}_mailbox_fk`).execute();
        }
        await db.schema.alterTable('feedback_reader_leases').dropColumn('last_error_detail').execute();
        await db.schema.alterTable('feedback_reader_leases').dropColumn('error_since').execute();
        return;
      }
      await db.transaction().execute(async (tx) => {
        await rebuild(tx, 'feedback_reader_leases', (t) => leasesTable(t, false), LEASE_COLUMNS);
        await rebuild(tx, 'feedback_mailbox_state', (t) => stateTable(t, false), STATE_COLUMNS);
        await sql`drop index feedback_messages_content`.execute(tx);
        await rebuild(tx, 'feedback_messages', (t) => messagesTable(t, false), MESSAGE_COLUMNS);
        await contentIndex(tx);
      });
    },
  };
}

const KEYS: [string, 'cascade' | 'restrict'][] = [
  ['feedback_reader_leases', 'cascade'],
  ['feedback_mailbox_state', 'cascade'],
  ['feedback_messages', 'restrict'],
];

const LEASE_COLUMNS = [
  'mailbox_id',
  'lease_owner',
  'lease_expires_at',
  'status',
  'last_error',
  'last_ok_at',
  'updated_at',
];
const STATE_COLUMNS = ['mailbox_id', 'folder', 'uidvalidity', 'last_uid', 'updated_at'];
const MESSAGE_COLUMNS = [
  'id',
  'mailbox_id',
  'folder',
  'uidvalidity',
  'uid',
  'sha256',
  'message_id',
  'size',
  'kind',
  'target_folder',
  'duplicate_of',
  'received_at',
  'processed_at',
  'moved_at',
  'details',
  'created_at',
];

async function rebuild(
  tx: Kysely<unknown>,
  table: string,
  create: (db: Kysely<unknown>) => Promise<void>,
  columns: string[],
): Promise<void> {
  const old = `${table}_old`;
  await sql`alter table ${sql.table(table)} rename to ${sql.table(old)}`.execute(tx);
  await create(tx);
  const list = sql.join(columns.map((c) => sql.ref(c)));
  await sql`insert into ${sql.table(table)} (${list}) select ${list} from ${sql.table(old)}`.execute(tx);
  await sql`drop table ${sql.table(old)}`.execute(tx);
}

const mailboxRef =
  (keyed: boolean, onDelete: 'cascade' | 'restrict') =>
  (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    keyed ? c.notNull().references('feedback_mailboxes.id').onDelete(onDelete) : c.notNull();

async function leasesTable(db: Kysely<unknown>, keyed: boolean) {
  let t = db.schema
    .createTable('feedback_reader_leases')
    .addColumn('mailbox_id', 'text', (c) => {
      const pk = c.primaryKey();
      return keyed ? pk.references('feedback_mailboxes.id').onDelete('cascade') : pk;
    })
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('idle').check(sql`status in ('idle', 'ok', 'error')`))
    .addColumn('last_error', 'text')
    .addColumn('last_ok_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull());
  if (keyed) t = t.addColumn('error_since', 'text').addColumn('last_error_detail', 'text');
  await t.execute();
}

async function stateTable(db: Kysely<unknown>, keyed: boolean) {
  await db.schema
    .createTable('feedback_mailbox_state')
    .addColumn('mailbox_id', 'text', mailboxRef(keyed, 'cascade'))
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('uidvalidity', 'text', (c) => c.notNull())
    .addColumn('last_uid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_mailbox_state_pk', ['mailbox_id', 'folder'])
    .execute();
}

async function messagesTable(db: Kysely<unknown>, keyed: boolean) {
  await db.schema
    .createTable('feedback_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox_id', 'text', mailboxRef(keyed, 'restrict'))
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('uidvalidity', 'text', (c) => c.notNull())
    .addColumn('uid', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('message_id', 'text')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_folder', 'text')
    .addColumn('duplicate_of', 'text', (c) => c.references('feedback_messages.id').onDelete('set null'))
    .addColumn('received_at', 'text')
    .addColumn('processed_at', 'text')
    .addColumn('moved_at', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feedback_messages_position', ['mailbox_id', 'folder', 'uidvalidity', 'uid'])
    .execute();
}

async function contentIndex(db: Kysely<unknown>) {
  await db.schema
    .createIndex('feedback_messages_content')
    .on('feedback_messages')
    .columns(['mailbox_id', 'sha256', 'message_id'])
    .execute();
}

/** A mailbox failing now has failed at least since its status row last changed. */
async function sinceOfErrors(db: Kysely<unknown>) {
  await sql`update feedback_reader_leases set error_since = updated_at where status = 'error'`.execute(db);
}
