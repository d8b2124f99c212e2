import { describe, expect, it } from 'vitest';
import { dovecotMailbox, feedbackMail, recordingSink, waitFor } from '../../../test/support/feedback.js';
import { readerWorld } from '../../../test/support/reader-world.js';
import { startTcpProxy } from '../../../test/support/tcp-proxy.js';
import type { ReaderStore } from './ports.js';

// As in reader.w.dovecot.test.ts, the classifier is a stand-in that reads an X-Test-Kind header; the real one is
// wired in at the merge. Here: IDLE, lost connections, a UIDVALIDITY change and a crash between record and move.
const w = readerWorld(['idle', 'poll', 'cut', 'uidvalidity', 'crash', 'moves'], { backoffMaxMs: 400 });
const user = (name: string) => w.user(name);
const reader = w.reader;

const records = (mailboxId: string) =>
  w.db.selectFrom('feedback_messages').selectAll().where('mailbox_id', '=', mailboxId).orderBy('uid').execute();

describe('the feedback reader recovers', () => {
  it('takes a message appended while it waits in IDLE within a few seconds', async () => {
    const login = user('idle');
    const sink = recordingSink();
    const mailbox = dovecotMailbox(w.dovecot, login);
    const r = reader(mailbox, { workerId: 'w-idle', sink });
    await waitFor('the first read done', async () => {
      const rows = await w.db.selectFrom('feedback_reader_leases').selectAll().execute();
      return rows.some((x) => x.mailbox_id === mailbox.id && x.status === 'ok');
    });
    const quiet = r.cycles;
    await new Promise((res) => setTimeout(res, 1_000));
    // Waiting means waiting: no read cycles while nothing arrives.
    expect(r.cycles).toBe(quiet);
    const appended = Date.now();
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('read_receipt', 'Przeczytano: zawiadomienie'));
    await waitFor('the receipt read', () => sink.events.length === 1, 5_000);
    const latency = Date.now() - appended;
    console.log(`feedback reader: appended during IDLE → recorded in ${latency} ms`);
    expect(latency).toBeLessThan(3_000);
  }, 30_000);

  it('finds mail IDLE does not announce (a second folder) by the periodic poll', async () => {
    const login = user('poll');
    await w.dovecot.createFolder(login.user, 'Druga');
    const sink = recordingSink();
    const mailbox = dovecotMailbox(w.dovecot, login, { folders: ['INBOX', 'Druga'] });
    const r = reader(mailbox, { workerId: 'w-poll', sink, pollMs: 1_500 });
    await waitFor('the first read done', () => r.cycles >= 1);
    await new Promise((res) => setTimeout(res, 300));
    await w.dovecot.append(login.user, 'Druga', feedbackMail('delay', 'Opóźnienie doręczenia'));
    const took = await waitFor('the delay notice read by the poll', () => sink.events.length === 1, 5_000);
    expect(took).toBeLessThan(2_500);
    expect((await w.dovecot.messages(login.user, 'Listonosz/Zwroty')).map((m) => m.subject)).toEqual([
      'Opóźnienie doręczenia',
    ]);
  }, 30_000);

  it('makes a new client after the connection is cut, and after the server refused for a while', async () => {
    const login = user('cut');
    const proxy = await startTcpProxy(w.dovecot.port);
    w.afterReaders(() => proxy.close());
    const sink = recordingSink();
    const mailbox = dovecotMailbox(w.dovecot, login, { port: proxy.port });
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('hard_bounce', 'Przed'));
    const r = reader(mailbox, { workerId: 'w-cut', sink });
    await waitFor('the first one', () => sink.events.length === 1);
    expect(r.connections).toBe(1);

    proxy.refuse(true);
    proxy.dropAll();
    await new Promise((res) => setTimeout(res, 700));
    expect(r.connections).toBeGreaterThanOrEqual(2);
    const failed = await w.db
      .selectFrom('feedback_reader_leases')
      .selectAll()
      .where('mailbox_id', '=', mailbox.id)
      .executeTakeFirstOrThrow();
    expect(failed.status).toBe('error');
    proxy.refuse(false);
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('hard_bounce', 'Po'));
    await waitFor('the second one, through a new client', () => sink.events.length === 2);
    expect(proxy.accepted).toBeGreaterThanOrEqual(2);

    // And once more, cut while idling, without refusing: a new client picks up mail that came meanwhile.
    const before = r.connections;
    proxy.dropAll();
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('auto_reply', 'Znowu'));
    await waitFor('the third one', () => sink.events.length === 3);
    expect(r.connections).toBeGreaterThan(before);
    expect(sink.ids().size).toBe(3);
    expect((await w.dovecot.messages(login.user, 'INBOX')).length).toBe(0);
  }, 30_000);

  it('re-indexes after a UIDVALIDITY change without acting twice', async () => {
    const login = user('uidvalidity');
    const folder = 'Zwrotne';
    const bounce = feedbackMail('hard_bounce', 'Zwrot A', '<a@test.example>');
    const reply = feedbackMail('reply', 'Re: zawiadomienie', '<b@test.example>');
    await w.dovecot.append(login.user, folder, bounce);
    await w.dovecot.append(login.user, folder, reply);
    const sink = recordingSink();
    const mailbox = dovecotMailbox(w.dovecot, login, { folders: [folder] });
    const r1 = reader(mailbox, { workerId: 'w-uv', sink });
    await waitFor('both read', async () => (await records(mailbox.id)).filter((x) => x.processed_at).length === 2);
    await waitFor('the bounce moved', async () => (await records(mailbox.id)).some((x) => x.moved_at));
    await r1.stop();
    const before = await w.db
      .selectFrom('feedback_mailbox_state')
      .selectAll()
      .where('mailbox_id', '=', mailbox.id)
      .executeTakeFirstOrThrow();

    // The folder is deleted and made again (a new UIDVALIDITY); the same two messages come back, and one new.
    await new Promise((res) => setTimeout(res, 1_100));
    const admin = await w.dovecot.connect(login.user);
    await admin.mailboxDelete(folder);
    await admin.mailboxCreate(folder);
    await admin.logout();
    await w.dovecot.append(login.user, folder, bounce);
    await w.dovecot.append(login.user, folder, reply);
    await w.dovecot.append(login.user, folder, feedbackMail('complaint', 'Skarga'));
    reader(mailbox, { workerId: 'w-uv', sink });
    await waitFor('five records', async () => (await records(mailbox.id)).length === 5);
    await waitFor('moves done', async () => (await records(mailbox.id)).filter((x) => x.moved_at).length === 3);

    const after = await w.db
      .selectFrom('feedback_mailbox_state')
      .selectAll()
      .where('mailbox_id', '=', mailbox.id)
      .executeTakeFirstOrThrow();
    expect(after.uidvalidity).not.toBe(before.uidvalidity);
    expect(sink.events.map((e) => e.kind)).toEqual(['hard_bounce', 'reply', 'complaint']);
    const rows = await records(mailbox.id);
    const again = rows.filter((x) => x.uidvalidity === after.uidvalidity);
    expect(again.map((x) => [x.kind, x.duplicate_of !== null])).toEqual([
      ['hard_bounce', true],
      ['reply', true],
      ['complaint', false],
    ]);
    expect((await w.dovecot.messages(login.user, folder)).map((m) => [m.subject, m.flags.includes('\\Seen')])).toEqual([
      ['Re: zawiadomienie', false],
    ]);
    expect((await w.dovecot.messages(login.user, 'Listonosz/Zwroty')).map((m) => m.subject)).toEqual([
      'Zwrot A',
      'Zwrot A',
    ]);
  }, 30_000);

  it('after a crash between the record and the move, only finishes the move', async () => {
    const login = user('crash');
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('hard_bounce', 'Zwrot'));
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('auto_reply', 'Auto: zawiadomienie'));
    const sink = recordingSink();
    let crashes = 0;
    // Failure injected through the store port: the record and the sink are written, then the "process" dies.
    const crashing: ReaderStore = {
      ...w.store,
      leaseMs: w.store.leaseMs,
      async markProcessed(owner, record) {
        await w.store.markProcessed(owner, record);
        if (crashes < 2) {
          crashes++;
          throw new Error('injected crash after the record, before the move');
        }
      },
    };
    const mailbox = dovecotMailbox(w.dovecot, login);
    const r = reader(mailbox, { workerId: 'w-crash', sink, store: crashing });
    await waitFor('both moved', async () => (await records(mailbox.id)).filter((x) => x.moved_at).length === 2);
    expect(crashes).toBe(2);
    expect(r.connections).toBeGreaterThanOrEqual(3);
    expect(sink.events.map((e) => e.kind)).toEqual(['hard_bounce', 'auto_reply']);
    expect(await records(mailbox.id)).toHaveLength(2);
    expect((await w.dovecot.messages(login.user, 'INBOX')).length).toBe(0);
    expect((await w.dovecot.messages(login.user, 'Listonosz/Zwroty')).length).toBe(1);
    expect((await w.dovecot.messages(login.user, 'Listonosz/Autoodpowiedzi')).length).toBe(1);
  }, 30_000);

  it('after a crash between the MOVE of one target folder and its moved_at, moves the rest and acts on none again', async () => {
    const login = user('moves');
    const kinds = ['hard_bounce', 'auto_reply', 'reply', 'complaint', 'auto_reply'] as const;
    for (const [i, kind] of kinds.entries()) await w.dovecot.append(login.user, 'INBOX', feedbackMail(kind, `M${i}`));
    const sink = recordingSink();
    let crashes = 0;
    // The cycle's moves go folder by folder (Autoodpowiedzi first); the "process" dies after the first UID MOVE,
    // before its moved_at: the other folders' messages are recorded and processed but still in INBOX.
    const crashing: ReaderStore = {
      ...w.store,
      leaseMs: w.store.leaseMs,
      async markAllMoved(owner, mailboxId, ids) {
        if (crashes === 0) {
          crashes++;
          throw new Error('injected crash after a UID MOVE, before moved_at');
        }
        await w.store.markAllMoved(owner, mailboxId, ids);
      },
    };
    const mailbox = dovecotMailbox(w.dovecot, login);
    const r = reader(mailbox, { workerId: 'w-moves', sink, store: crashing });
    // The position goes up to the last UID still in INBOX after the crash (4): UID 5 left with the first MOVE.
    await waitFor('the position past the last one left', async () => {
      const s = w.db.selectFrom('feedback_mailbox_state').select('last_uid').where('mailbox_id', '=', mailbox.id);
      return Number((await s.executeTakeFirst())?.last_uid) === 4;
    });
    expect(crashes).toBe(1);
    expect(r.connections).toBeGreaterThanOrEqual(2);
    expect(sink.events.map((e) => [e.uid, e.kind])).toEqual(kinds.map((kind, i) => [i + 1, kind]));
    const rows = await records(mailbox.id);
    expect(rows.map((x) => [x.uid, x.processed_at !== null, x.moved_at !== null])).toEqual([
      [1, true, true],
      // Moved by the UID MOVE that "crashed" before its moved_at: already where it belongs, never moved again.
      [2, true, false],
      [3, true, false],
      [4, true, true],
      [5, true, false],
    ]);
    const subjects = async (folder: string) => (await w.dovecot.messages(login.user, folder)).map((m) => m.subject);
    expect(await subjects('INBOX')).toEqual(['M2']);
    expect(await subjects('Listonosz/Autoodpowiedzi')).toEqual(['M1', 'M4']);
    expect(await subjects('Listonosz/Zwroty')).toEqual(['M0']);
    expect(await subjects('Listonosz/Skargi')).toEqual(['M3']);
  }, 30_000);
});
