import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { deliveryReport, type Original } from '../../../../test/support/feedback-reports.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import { createReportClassifier } from '../../feedback/classifier-port.js';
import type { FeedbackSink } from '../../feedback/ports.js';
import { verpAddress } from '../../feedback/verp-token.js';
import { newId } from '../../lib/ids.js';
import { verpKeyOf } from '../delivery/compose.js';

/**
 * The account's feedback alarm (D48, D55): a policy block read from a real report, fed through the effects sink,
 * shows on the account (Ustawienia) and on Pulpit; an administrator clears it, audited; a clerk sees it and cannot.
 */
let t: TestApp;
let w: World;
let sink: FeedbackSink;

async function sentMessage(to: string): Promise<Original> {
  const created = expectStatus(
    await call(t, w.clerkA, 'POST', '/api/messages', {
      accountId: w.accountA,
      toName: 'Jan Kowalski',
      toAddress: to,
      subject: 'Zawiadomienie o wysokości opłat',
      text: 'Dzień dobry.',
    }),
    201,
  );
  await t.container.db
    .updateTable('messages')
    .set({ status: 'sent', mailbox: 'sent', sent_at: t.clock.now().toISOString() })
    .where('id', '=', created.id)
    .execute();
  return { id: created.id, messageIdHeader: created.messageIdHeader, to };
}

async function feed(raw: Buffer) {
  const d = await createReportClassifier().classify(raw);
  await sink.record({
    id: newId(),
    mailboxId: 'mb',
    folder: 'INBOX',
    uid: 1,
    messageId: null,
    sha256: null,
    size: raw.length,
    kind: d.kind,
    targetFolder: d.folder,
    receivedAt: t.clock.now(),
    details: d.details ?? {},
    raw,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  sink = t.container.createFeedbackEventSink(async () => [w.accountA]);
});
afterAll(() => t?.close());

describe('account feedback alarm (D55)', () => {
  it('a DMARC refusal raises the alarm; clerks see it and cannot clear it; the admin clears it, audited', async () => {
    const o = await sentMessage('jan.kowalski@gmail.com');
    const returnPath = verpAddress('zwroty@example.pl', o.id, verpKeyOf(t.container.secrets)) as string;
    await feed(
      deliveryReport(o, {
        returnPath,
        status: '5.7.26',
        diag: '550 5.7.26 This mail has been blocked because the sender is unauthenticated. DMARC policy: reject. SPF and DKIM both did not pass.',
      }),
    );
    const at = t.clock.now().toISOString();

    const seen = expectStatus(await call(t, w.clerkA, 'GET', `/api/accounts/${w.accountA}`), 200);
    expect(seen.feedbackAlarm).toEqual({ at, reason: 'sender_authentication' });
    // The address is not the problem: the message stays sent, nothing is blocked.
    const m = expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${o.id}`), 200);
    expect(m).toMatchObject({ status: 'sent', blocked: null });
    const attention = expectStatus(await call(t, w.clerkA, 'GET', '/api/stats/attention'), 200);
    expect(attention.allFine).toBe(false);
    expect(attention.accounts).toEqual([
      expect.objectContaining({ id: w.accountA, feedbackAlarm: { at, reason: 'sender_authentication' } }),
    ]);
    // The other position's clerk does not see account A at all.
    expectStatus(await call(t, w.clerkB, 'GET', `/api/accounts/${w.accountA}`), 403);

    expectStatus(await call(t, w.clerkA, 'DELETE', `/api/accounts/${w.accountA}/feedback-alarm`), 403);
    expect(
      expectStatus(await call(t, w.admin, 'GET', `/api/accounts/${w.accountA}`), 200).feedbackAlarm,
    ).not.toBeNull();

    const cleared = expectStatus(await call(t, w.admin, 'DELETE', `/api/accounts/${w.accountA}/feedback-alarm`), 200);
    expect(cleared.feedbackAlarm).toBeNull();
    const after = expectStatus(await call(t, w.clerkA, 'GET', '/api/stats/attention'), 200);
    expect(after.accounts).toEqual([]);

    const audit = await t.container.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'details', 'actor_id'])
      .where('action', '=', 'account.feedback_alarm_clear')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_id: w.accountA, actor_id: w.adminId });
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ alarmAt: at, reason: 'sender_authentication' });

    // Clearing again changes nothing and writes nothing.
    expectStatus(await call(t, w.admin, 'DELETE', `/api/accounts/${w.accountA}/feedback-alarm`), 200);
    const again = await t.container.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'account.feedback_alarm_clear')
      .execute();
    expect(again).toHaveLength(1);
  });
});
