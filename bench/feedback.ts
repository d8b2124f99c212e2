/**
 * bench:feedback — the feedback mailbox end to end (issue 12, D44–D48).
 *
 * Appends N mixed feedback messages (default 10 000: the seeded corpus of every kind and provider style with the 63
 * hand-written fixtures spread among them, tied to sent messages seeded in the database) to a private Dovecot, then
 * lets the real reader (lease, IMAP fetch, record, MOVE), the real classifier and the event sink (correlation,
 * bounced, suppressions, suspect addresses, replies) work through them into a real database, as `listonosz worker`
 * does. Prints the speed from the reader's start to the last message processed, the classifier's accuracy on the
 * labelled fixtures, hard bounces that were not (any other true kind classified hard — never allowed), and the
 * confusion per true kind over the whole mailbox.
 * Usage: npm run bench:feedback [-- --dialect=postgres] [--messages=10000] [--seed=12] [--storage=maildir]
 * (Dovecot's storage: mdbox by default — its MOVE costs a quarter of maildir's here, and MOVE is the reader's
 * largest cost per message).
 * The last line is JSON: {"dialect","count","seconds","messages_per_s","cpu_ms_per_message","accuracy", …}.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/server/config.js';
import { createContainer } from '../src/server/container.js';
import { classifyFeedback } from '../src/server/feedback/classify.js';
import { systemActor } from '../src/server/modules/auth/auth.js';
import { verpKeyOf } from '../src/server/modules/delivery/compose.js';
import { FeedbackMailboxCreate } from '../src/shared/feedback-mailboxes.js';
import { loopbackAccount } from '../test/support/accounts.js';
import { startDovecot } from '../test/support/dovecot.js';
import { appendAll, feedbackLoad, fixtureMessages, seedSent } from '../test/support/feedback-load.js';
import { tally } from '../test/support/feedback-outcome.js';
import { argValue, benchDb, rssMb } from './support.js';

const dialect = argValue('dialect', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
const count = Number(argValue('messages', '10000'));
const seed = Number(argValue('seed', '12'));
const storage = argValue('storage', 'mdbox') === 'maildir' ? 'maildir' : 'mdbox';

async function main() {
  const dovecot = await startDovecot({ storage });
  const login = await dovecot.addUser('zwroty');
  const handle = await benchDb(dialect);
  const config = loadConfig(
    { NODE_ENV: 'test', LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-bench-')), LOG_LEVEL: 'silent' },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await createContainer(config, { dbHandle: handle, instanceKey: randomBytes(32) });
  const { db } = container;
  const actor = systemActor('bench');
  try {
    const account = await container.services.accounts.create(
      actor,
      loopbackAccount({
        name: 'Konto czynszowe',
        maxConnections: 1,
      }),
    );
    const load = feedbackLoad(count, verpKeyOf(container.secrets), seed);
    await seedSent(db, account.id, load.sent);
    console.log(`${dialect}: ${load.messages.length} feedback messages about ${load.sent.length} sent messages`);
    let started = Date.now();
    const uids = await appendAll(dovecot, login.user, load.messages);
    const appendSeconds = (Date.now() - started) / 1000;
    console.log(`appended to Dovecot in ${appendSeconds.toFixed(1)} s`);
    const mailbox = await container.services.feedbackMailboxes.create(
      actor,
      FeedbackMailboxCreate.parse({
        name: 'Zwroty',
        host: dovecot.host,
        port: dovecot.port,
        security: 'none',
        username: login.user,
        password: login.password,
        processSince: '2026-01-01T00:00:00.000Z',
      }),
    );
    await db
      .updateTable('smtp_accounts')
      .set({ feedback_mailbox_id: mailbox.id })
      .where('id', '=', account.id)
      .execute();

    const lastUid = uids.at(-1) ?? 0;
    const readers = container.createFeedbackReaders({ workerId: 'bench', pollMs: 60_000, refreshMs: 3_600_000 });
    let peakRss = rssMb();
    started = Date.now();
    const cpuBefore = process.cpuUsage();
    readers.start();
    for (;;) {
      const state = await db.selectFrom('feedback_mailbox_state').select('last_uid').executeTakeFirst();
      peakRss = Math.max(peakRss, rssMb());
      if (Number(state?.last_uid ?? 0) >= lastUid) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await readers.stop({ graceMs: 5_000 });
    console.log(`read, classified, acted on and moved in ${seconds.toFixed(1)} s`);

    // What the classifier said of each message (by UID, in append order) against its true kind.
    const rows = await db.selectFrom('feedback_messages').select(['uid', 'kind', 'duplicate_of']).execute();
    const kindAt = new Map(rows.map((r) => [Number(r.uid), r.kind]));
    const confusion: Record<string, Record<string, number>> = {};
    let right = 0;
    let falseHard = 0;
    for (const [i, m] of load.messages.entries()) {
      const got = kindAt.get(uids[i] as number) ?? 'missing';
      const row = confusion[m.kind] ?? {};
      row[got] = (row[got] ?? 0) + 1;
      confusion[m.kind] = row;
      if (got === m.kind) right++;
      if (got === 'hard_bounce' && m.kind !== 'hard_bounce') falseHard++;
    }
    // The fixtures' accuracy: each hand-labelled message through the classifier alone.
    const fixtures = fixtureMessages();
    const fixtureMisses = fixtures.filter((f) => classifyFeedback(f.raw).kind !== f.label.kind).map((f) => f.file);
    const fixtureFalseHard = fixtures.filter(
      (f) => f.label.kind !== 'hard_bounce' && classifyFeedback(f.raw).kind === 'hard_bounce',
    ).length;
    // What the sink did: a message bounced by feedback whose true kind is not a hard bounce would be a wrong block.
    const effects = await db
      .selectFrom('feedback_events')
      .select(['kind', 'effect'])
      .execute()
      .then((r) => tally(r.map((e) => `${e.kind}:${e.effect}`)));
    const bouncedIds = new Set(
      (await db.selectFrom('messages').select('id').where('status', '=', 'bounced').execute()).map((m) => m.id),
    );
    const suppressions = Number(
      (
        await db
          .selectFrom('suppressions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const missing = load.messages.length - kindAt.size;
    const result = {
      bench: 'feedback',
      dialect,
      dovecot_storage: storage,
      count: load.messages.length,
      seconds: Math.round(seconds * 100) / 100,
      messages_per_s: Math.round(load.messages.length / seconds),
      // The bench process's CPU (reader, classifier, sink, SQLite in-process) per message while reading.
      cpu_ms_per_message: Math.round(((cpu.user + cpu.system) / 1000 / load.messages.length) * 100) / 100,
      append_seconds: Math.round(appendSeconds * 100) / 100,
      accuracy: Math.round(((fixtures.length - fixtureMisses.length) / fixtures.length) * 10_000) / 10_000,
      fixtures: fixtures.length,
      fixture_misses: fixtureMisses,
      mailbox_accuracy: Math.round((right / load.messages.length) * 10_000) / 10_000,
      false_hard_bounces: falseHard + fixtureFalseHard,
      missing,
      duplicates: rows.filter((r) => r.duplicate_of !== null).length,
      bounced_messages: bouncedIds.size,
      suppressions,
      effects,
      confusion,
      peak_rss_mb: peakRss,
    };
    console.log(
      `accuracy on ${fixtures.length} fixtures ${result.accuracy}, over the mailbox ${result.mailbox_accuracy}; ` +
        `false hard bounces ${result.false_hard_bounces}; ${result.messages_per_s} messages/s`,
    );
    console.log(JSON.stringify(result));
    if (missing > 0) process.exitCode = 1;
  } finally {
    await container.destroy();
    await dovecot.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
