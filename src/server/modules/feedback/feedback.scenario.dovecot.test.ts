import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dovecot, startDovecot } from '../../../../test/support/dovecot.js';
import { waitFor } from '../../../../test/support/feedback.js';
import { deliveryReport, type Original, tenantReply } from '../../../../test/support/feedback-reports.js';
import { createHarness, type Harness } from '../../../../test/support/sending.js';
import { FeedbackMailboxCreate } from '../../../shared/feedback-mailboxes.js';
import type { FeedbackReaders } from '../../feedback/readers.js';
import { systemActor } from '../auth/auth.js';

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

    // Wired as `listonosz worker` wires it: the mailbox from `feedback_mailboxes` (password sealed), the account
    // linked to it, the container's readers (real classifier, event sink).
    const mailbox = await h.t.container.services.feedbackMailboxes.create(
      systemActor('test'),
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
    await h.t.container.db
      .updateTable('smtp_accounts')
      .set({ feedback_mailbox_id: mailbox.id })
      .where('id', '=', h.accountId)
      .execute();
    readers = h.t.container.createFeedbackReaders({ workerId: 'scenario', pollMs: 1_000, refreshMs: 500 });
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
    // /metrics counts the three events by kind (D74), the reply among them.
    const metrics = (await h.t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const kinds: Record<string, number> = Object.fromEntries(
      [...metrics.matchAll(/^listonosz_feedback_events_total\{kind="(\w+)"\} (\d+)$/gm)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
    expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(3);
    expect(kinds.reply).toBe(1);
    console.log(`bounce → bounced + blocked in ${seconds.toFixed(2)} s`);
  }, 60_000);
});
