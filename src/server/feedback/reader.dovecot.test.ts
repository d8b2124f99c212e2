import { describe, expect, it } from 'vitest';
import {
  dovecotMailbox,
  feedbackMail,
  headerClassifier,
  recordingSink,
  waitFor,
} from '../../../test/support/feedback.js';
import { readerWorld } from '../../../test/support/reader-world.js';
import { systemClock } from '../lib/clock.js';
import type { ReadableMailbox } from './ports.js';
import { createFeedbackReaders } from './readers.js';

// The classifier here is a stand-in that reads an X-Test-Kind header (test/support/feedback.ts): these tests are
// about reading, recording and moving against a real Dovecot; the real classifier is wired in at the merge.
const w = readerWorld(['sorting', 'since', 'second', 'budget', 'two', 'multi1', 'multi2']);
const user = (name: string) => w.user(name);
const reader = w.reader;

const records = (mailboxId: string) =>
  w.db.selectFrom('feedback_messages').selectAll().where('mailbox_id', '=', mailboxId).orderBy('id').execute();

describe('the feedback reader against Dovecot', () => {
  it('records each message once, moves it to its folder, and leaves replies in INBOX unread', async () => {
    const login = user('sorting');
    const kinds = ['hard_bounce', 'soft_bounce', 'auto_reply', 'read_receipt', 'complaint', 'unknown', 'reply'];
    for (const kind of kinds) await w.dovecot.append(login.user, 'INBOX', feedbackMail(kind as never, `Test ${kind}`));
    const sink = recordingSink();
    const mailbox = dovecotMailbox(w.dovecot, login);
    const r = reader(mailbox, { workerId: 'w-sort', sink });
    await waitFor('7 events', () => sink.events.length >= 7);
    await waitFor('6 moved', async () => (await records(mailbox.id)).filter((x) => x.moved_at).length === 6);
    await r.stop();

    expect(sink.events.map((e) => e.kind).sort()).toEqual([...kinds].sort());
    expect(sink.ids().size).toBe(7);
    const rows = await records(mailbox.id);
    expect(rows).toHaveLength(7);
    expect(rows.every((x) => x.processed_at && x.sha256 && x.message_id)).toBe(true);
    expect(rows.find((x) => x.kind === 'reply')?.moved_at).toBeNull();
    expect(await w.dovecot.folders(login.user)).toEqual(
      expect.arrayContaining([
        'Listonosz/Zwroty',
        'Listonosz/Autoodpowiedzi',
        'Listonosz/Potwierdzenia',
        'Listonosz/Skargi',
        'Listonosz/Do-przejrzenia',
      ]),
    );
    const subjects = async (folder: string) => (await w.dovecot.messages(login.user, folder)).map((m) => m.subject);
    expect((await subjects('Listonosz/Zwroty')).sort()).toEqual(['Test hard_bounce', 'Test soft_bounce']);
    expect(await subjects('Listonosz/Autoodpowiedzi')).toEqual(['Test auto_reply']);
    expect(await subjects('Listonosz/Potwierdzenia')).toEqual(['Test read_receipt']);
    expect(await subjects('Listonosz/Skargi')).toEqual(['Test complaint']);
    expect(await subjects('Listonosz/Do-przejrzenia')).toEqual(['Test unknown']);
    const inbox = await w.dovecot.messages(login.user, 'INBOX');
    expect(inbox.map((m) => m.subject)).toEqual(['Test reply']);
    expect(inbox[0]?.flags).not.toContain('\\Seen');
    // Nothing was deleted: seven in, seven on the server.
    const moved = await Promise.all(
      ['Zwroty', 'Autoodpowiedzi', 'Potwierdzenia', 'Skargi', 'Do-przejrzenia'].map(
        async (f) => (await w.dovecot.messages(login.user, `Listonosz/${f}`)).length,
      ),
    );
    expect(moved.reduce((a, b) => a + b, 0) + inbox.length).toBe(7);
    for (const f of ['Zwroty', 'Skargi']) {
      for (const m of await w.dovecot.messages(login.user, `Listonosz/${f}`)) expect(m.flags).not.toContain('\\Seen');
    }
  }, 30_000);

  it('leaves mail from before process_since alone and records a message over the size cap without loading it', async () => {
    const login = user('since');
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('hard_bounce', 'Stary zwrot'));
    const sink = recordingSink();
    const future = new Date(Date.now() + 60 * 60_000);
    const early = dovecotMailbox(w.dovecot, login, { processSince: future });
    const r1 = reader(early, { workerId: 'w-since', sink });
    await waitFor('state written', async () => {
      const s = await w.db.selectFrom('feedback_mailbox_state').selectAll().where('mailbox_id', '=', early.id);
      return (await s.execute()).some((x) => x.last_uid > 0);
    });
    await r1.stop();
    expect(sink.events).toHaveLength(0);
    expect((await w.dovecot.messages(login.user, 'INBOX')).map((m) => m.subject)).toEqual(['Stary zwrot']);

    const big = `${feedbackMail('hard_bounce', 'Za duży')}${'x'.repeat(120 * 1024)}\r\n`;
    await w.dovecot.append(login.user, 'INBOX', big);
    const r2 = reader({ ...early, processSince: null }, { workerId: 'w-since', sink, maxMessageBytes: 64 * 1024 });
    await waitFor('the big one moved', async () => (await records(early.id)).some((x) => x.moved_at));
    await r2.stop();
    const [row] = await records(early.id);
    expect(row).toMatchObject({ kind: 'unknown', target_folder: 'Do-przejrzenia', sha256: null });
    expect(JSON.parse(row?.details ?? '{}')).toEqual({ tooLarge: true });
    expect(sink.events[0]?.raw).toBeNull();
    expect((await w.dovecot.messages(login.user, 'Listonosz/Do-przejrzenia')).map((m) => m.subject)).toEqual([
      'Za duży',
    ]);
  }, 30_000);

  it('reads mail that arrived in the second the mailbox was set up in (IMAP dates have whole seconds)', async () => {
    const login = user('second');
    // The mail's INTERNALDATE is a whole second S; the mailbox was set up half a second later, within S: the server
    // cannot say which came first, and mail that arrives right after the set-up must never be left alone.
    const arrived = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000);
    const client = await w.dovecot.connect(login.user);
    try {
      await client.append('INBOX', Buffer.from(feedbackMail('hard_bounce', 'Zaraz po założeniu')), [], arrived);
    } finally {
      await client.logout();
    }
    const sink = recordingSink();
    const mailbox = dovecotMailbox(w.dovecot, login, { processSince: new Date(arrived.getTime() + 500) });
    const r = reader(mailbox, { workerId: 'w-second', sink });
    await waitFor('the mail read', () => sink.events.length === 1);
    await r.stop();
    expect(sink.events.map((e) => e.kind)).toEqual(['hard_bounce']);
  }, 30_000);

  it('downloads at most the byte budget per cycle, a larger message alone, and each source whole', async () => {
    const login = user('budget');
    const padded = (kind: Parameters<typeof feedbackMail>[0], subject: string, kb: number) =>
      `${feedbackMail(kind, subject)}${'x'.repeat(kb * 1024)}\r\n`;
    // 10 + 10 KB fit the 25 KB budget, 40 KB does not (it goes alone, being under the 64 KB cap), 10 KB after it.
    const mails = [
      padded('hard_bounce', 'A', 10),
      padded('auto_reply', 'B', 10),
      padded('complaint', 'C', 40),
      padded('reply', 'D', 10),
    ];
    for (const mail of mails) await w.dovecot.append(login.user, 'INBOX', mail);
    const sink = recordingSink();
    const mailbox = dovecotMailbox(w.dovecot, login);
    const r = reader(mailbox, { workerId: 'w-budget', sink, batchBytes: 25 * 1024, maxMessageBytes: 64 * 1024 });
    await waitFor('4 events', () => sink.events.length === 4);
    await waitFor('the position past D', async () => {
      const s = w.db.selectFrom('feedback_mailbox_state').select('last_uid').where('mailbox_id', '=', mailbox.id);
      return Number((await s.executeTakeFirst())?.last_uid) === 4;
    });
    await r.stop();
    expect(r.cycles).toBe(3);
    expect(sink.events.map((e) => [e.uid, e.kind, e.raw?.length])).toEqual(
      mails.map((mail, i) => [i + 1, ['hard_bounce', 'auto_reply', 'complaint', 'reply'][i], Buffer.byteLength(mail)]),
    );
    expect((await records(mailbox.id)).filter((x) => x.moved_at)).toHaveLength(3);
    expect((await w.dovecot.messages(login.user, 'INBOX')).map((m) => m.subject)).toEqual(['D']);
  }, 30_000);

  it('lets only one of two workers read a mailbox, and the other takes over when it stops', async () => {
    const login = user('two');
    for (let i = 0; i < 20; i++) await w.dovecot.append(login.user, 'INBOX', feedbackMail('hard_bounce', `Zwrot ${i}`));
    const mailbox = dovecotMailbox(w.dovecot, login);
    const sinkA = recordingSink();
    const sinkB = recordingSink();
    const clients = { a: 0, b: 0 };
    const a = reader(mailbox, { workerId: 'w-a', sink: sinkA, batch: 5, onClient: () => clients.a++ });
    const b = reader(mailbox, { workerId: 'w-b', sink: sinkB, batch: 5, onClient: () => clients.b++ });
    await waitFor('20 events', () => sinkA.events.length + sinkB.events.length >= 20);
    await new Promise((r) => setTimeout(r, 500));
    const active = sinkA.events.length > 0 ? a : b;
    const [first, second] = sinkA.events.length > 0 ? [sinkA, sinkB] : [sinkB, sinkA];
    expect(first.events).toHaveLength(20);
    expect(second.events).toHaveLength(0);
    expect(Math.min(clients.a, clients.b)).toBe(0);

    await active.stop();
    await w.dovecot.append(login.user, 'INBOX', feedbackMail('auto_reply', 'Poza biurem'));
    await waitFor('the other worker takes over', () => second.events.length === 1);
    expect(second.events[0]?.kind).toBe('auto_reply');
    expect(new Set([...first.ids(), ...second.ids()]).size).toBe(21);
    expect(await records(mailbox.id)).toHaveLength(21);
    expect((await w.dovecot.messages(login.user, 'Listonosz/Zwroty')).length).toBe(20);
  }, 30_000);

  it('runs every mailbox of the source in two workers, each message once, and stops in bounded time', async () => {
    const [one, two] = [user('multi1'), user('multi2')];
    let mailboxes: ReadableMailbox[] = [dovecotMailbox(w.dovecot, one), dovecotMailbox(w.dovecot, two)];
    const source = { list: async () => mailboxes };
    const sink = recordingSink();
    const workers = ['w-x', 'w-y'].map((workerId) =>
      createFeedbackReaders({
        source,
        store: w.store,
        classifier: headerClassifier,
        sink,
        clock: systemClock,
        workerId,
        refreshMs: 200,
        claimEveryMs: 200,
        onError: () => {},
      }),
    );
    for (const w of workers) w.start();
    for (let i = 0; i < 3; i++) {
      await w.dovecot.append(one.user, 'INBOX', feedbackMail('hard_bounce', `Jeden ${i}`));
      await w.dovecot.append(two.user, 'INBOX', feedbackMail('complaint', `Dwa ${i}`));
    }
    await waitFor('six events', () => sink.events.length >= 6);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.events).toHaveLength(6);
    expect(sink.ids().size).toBe(6);
    expect(workers[0]?.mailboxIds).toEqual(['mb-multi1', 'mb-multi2']);

    mailboxes = mailboxes.slice(0, 1);
    await waitFor('mailbox two dropped', () => workers.every((w) => w.mailboxIds.length === 1));
    await w.dovecot.append(two.user, 'INBOX', feedbackMail('complaint', 'Już nie czytana'));
    await new Promise((r) => setTimeout(r, 800));
    expect(sink.events).toHaveLength(6);

    const started = Date.now();
    await Promise.all(workers.map((w) => w.stop({ graceMs: 3_000 })));
    expect(Date.now() - started).toBeLessThan(2_000);
    const leases = await w.db.selectFrom('feedback_reader_leases').selectAll().execute();
    expect(leases.filter((l) => l.mailbox_id.startsWith('mb-multi') && l.lease_owner !== null)).toEqual([]);
  }, 30_000);
});
