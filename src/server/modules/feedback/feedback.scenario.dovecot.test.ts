import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dovecot, startDovecot } from '../../../../test/support/dovecot.js';
import { dovecotMailbox, waitFor } from '../../../../test/support/feedback.js';
import { deliveryReport, type Original, tenantReply } from '../../../../test/support/feedback-reports.js';
import { createHarness, type Harness } from '../../../../test/support/sending.js';
import { createReportClassifier } from '../../feedback/classifier-port.js';
import { createReaderStore } from '../../feedback/reader-store.js';
import { createFeedbackReaders, type FeedbackReaders } from '../../feedback/readers.js';
import { systemClock } from '../../lib/clock.js';

// The whole path of issue 12 (D48): a notice sent through a local SMTP sink, its bounce and a reply appended to the
// feedback mailbox in a private Dovecot, read by the reader with the real classifier and the event sink.
let dovecot: Dovecot;
let h: Harness;
let readers: FeedbackReaders | null = null;
let login: { user: string; password: string };

beforeAll(async () => {
  dovecot = await startDovecot();
  login = await dovecot.addUser('zwroty');
  h = await createHarness();
}, 60_000);

afterAll(async () => {
  await readers?.stop({ graceMs: 2_000 });
  await h?.close();
  await dovecot?.stop();
});

const status = async (id: string) => (await h.message(id)).status;
const blocked = (address: string) =>
  h.t.container.db.selectFrom('suppressions').selectAll().where('address', '=', address).executeTakeFirst();

describe('feedback mailbox → effects, against Dovecot and a local SMTP sink', () => {
  it('a DSN makes its message bounced and blocks the address; a reply is stored under its message; a forged bounce blocks nothing', async () => {
    const [bounceId, replyId, forgedId] = await h.queue(['nikt@wp.pl', 'jan@o2.pl', 'ewa@onet.pl']);
    h.worker().start();
    await h.settle(30_000);
    const sent = (to: string): Original & { mailFrom: string } => {
      const r = h.sink.received.find((x) => x.rcpt === to);
      if (!r?.messageId) throw new Error(`nothing sent to ${to}`);
      return { id: '', messageIdHeader: r.messageId, to, mailFrom: r.mailFrom };
    };
    const bounced = sent('nikt@wp.pl');
    expect(bounced.mailFrom).toMatch(/^zwroty\+[a-z2-7]{40}@zarzadca\.example\.pl$/);
    await dovecot.append(
      login.user,
      'INBOX',
      deliveryReport(bounced, { returnPath: bounced.mailFrom, status: '5.1.1', diag: '550 5.1.1 User unknown' }),
    );
    await dovecot.append(login.user, 'INBOX', tenantReply(sent('jan@o2.pl'), { text: 'Dziękuję, zapłacę w piątek.' }));
    const forged = sent('ewa@onet.pl');
    await dovecot.append(
      login.user,
      'INBOX',
      deliveryReport(forged, {
        returnPath: `zwroty+${'b'.repeat(40)}@zarzadca.example.pl`,
        status: '5.1.1',
        diag: '550 5.1.1 User unknown',
      }),
    );

    const mailbox = dovecotMailbox(dovecot, login);
    readers = createFeedbackReaders({
      source: { list: async () => [mailbox] },
      store: createReaderStore({ db: h.t.container.db, clock: systemClock, leaseMs: 5_000 }),
      classifier: createReportClassifier(),
      sink: h.t.container.createFeedbackEventSink(async () => [h.accountId]),
      clock: systemClock,
      workerId: 'scenario',
      pollMs: 1_000,
      claimEveryMs: 200,
      onError: (_id, err) => console.error('reader', err),
    });
    const started = Date.now();
    readers.start();
    await waitFor('the bounce acted', async () => (await status(bounceId as string)) === 'bounced', 15_000);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(10);
    expect(await blocked('nikt@wp.pl')).toMatchObject({ source: 'bounce', message_id: bounceId });

    await waitFor('3 events', async () => {
      const n = await h.t.container.db.selectFrom('feedback_events').select('id').execute();
      return n.length === 3;
    });
    const reply = await h.t.container.db
      .selectFrom('feedback_replies')
      .selectAll()
      .where('kind', '=', 'reply')
      .executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ message_id: replyId, account_id: h.accountId, from_address: 'jan@o2.pl' });
    expect(reply.text).toContain('zapłacę w piątek');
    expect(await status(forgedId as string)).toBe('sent');
    expect(await blocked('ewa@onet.pl')).toBeUndefined();
    // The bounce went to Listonosz/Zwroty; the reply stays in INBOX, unread.
    await waitFor('moved', async () => (await dovecot.messages(login.user, 'Listonosz/Zwroty')).length === 2);
    const inbox = await dovecot.messages(login.user, 'INBOX');
    expect(inbox).toHaveLength(1);
    console.log(`bounce → bounced + blocked in ${seconds.toFixed(2)} s`);
  }, 60_000);
});
