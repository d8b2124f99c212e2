import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { tenantReply } from '../../../../test/support/feedback-reports.js';
import {
  feedMail,
  insertFeedbackMailbox,
  realSink,
  type SentMessage,
  sentMessage,
  unknownMail,
} from '../../../../test/support/triage-world.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';

/**
 * Pulpit's "Wymaga uwagi" and feedback (D50): tenants' replies the user has not read, bounced messages not yet
 * repaired and unknown mail waiting for a person — each within the user's positions, as the rest of Pulpit.
 */
let t: TestApp;
let w: World;
let sentA: SentMessage;
let replyId: string;

const attention = async (who: Session) => expectStatus(await call(t, who, 'GET', '/api/stats/attention'), 200);

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  const mbA = await insertFeedbackMailbox(t, 'Zwroty Czynsze', [w.accountA]);
  await insertFeedbackMailbox(t, 'Zwroty Księgowość', [w.accountB]);
  sentA = await sentMessage(t, w.clerkA, w.accountA, 'jan@example.pl');
  const sink = realSink(t);
  replyId = await feedMail(sink, mbA, tenantReply(sentA, { text: 'Proszę o korektę.' }), t.clock.now());
  await feedMail(sink, mbA, unknownMail({ subject: 'Zmiana adresu biura' }), t.clock.now());
});
afterAll(() => t?.close());

describe("Pulpit counts feedback within the user's positions (D50)", () => {
  it("a new reply and unknown mail of account A count for A's clerk and the administrator, not for B's", async () => {
    expect(await attention(w.clerkA)).toMatchObject({ allFine: false, unreadReplies: 1, triage: 1, bounced: 0 });
    expect(await attention(w.admin)).toMatchObject({ unreadReplies: 1, triage: 1 });
    expect(await attention(w.clerkB)).toMatchObject({ allFine: true, unreadReplies: 0, triage: 0, bounced: 0 });
  });

  it('a reply read by one user no longer counts for that user only', async () => {
    await t.container.db
      .insertInto('feedback_reply_reads')
      .values({ reply_id: replyId, user_id: w.clerkAId, read_at: t.clock.now().toISOString() })
      .execute();
    expect((await attention(w.clerkA)).unreadReplies).toBe(0);
    expect((await attention(w.admin)).unreadReplies).toBe(1);
  });

  it('a bounced message counts until it is repaired; reviewed mail no longer waits', async () => {
    await t.container.db
      .updateTable('messages')
      .set({ status: 'bounced', mailbox: 'failed' })
      .where('id', '=', sentA.id)
      .execute();
    expect(await attention(w.clerkA)).toMatchObject({ bounced: 1, failed: 0 });
    expect((await attention(w.clerkB)).bounced).toBe(0);
    await t.container.db
      .updateTable('messages')
      .set({ resolved_at: t.clock.now().toISOString() })
      .where('id', '=', sentA.id)
      .execute();
    expect((await attention(w.clerkA)).bounced).toBe(0);
    const open = expectStatus(await call(t, w.clerkA, 'GET', '/api/triage'), 200).items[0].id;
    expectStatus(await call(t, w.clerkA, 'POST', `/api/triage/${open}/decision`, { decision: 'nothing' }), 200);
    expect(await attention(w.clerkA)).toMatchObject({ triage: 0, unreadReplies: 0, bounced: 0, allFine: true });
  });
});
