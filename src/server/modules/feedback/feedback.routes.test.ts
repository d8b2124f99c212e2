import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { deliveryReport, type Original } from '../../../../test/support/feedback-reports.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import { createReportClassifier } from '../../feedback/classifier-port.js';
import type { FeedbackSink } from '../../feedback/ports.js';
import { verpAddress } from '../../feedback/verp-token.js';
import { newId } from '../../lib/ids.js';
import { verpKeyOf } from '../delivery/compose.js';

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
  const sentAt = t.clock.now().toISOString();
  await t.container.db
    .updateTable('messages')
    .set({ status: 'sent', mailbox: 'sent', sent_at: sentAt })
    .where('id', '=', created.id)
    .execute();
  return { id: created.id, messageIdHeader: created.messageIdHeader, to };
}

async function feed(raw: Buffer) {
  const d = createReportClassifier().classify(raw) as Awaited<
    ReturnType<ReturnType<typeof createReportClassifier>['classify']>
  >;
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

describe('feedback on messages (D48)', () => {
  it('a bounced message is in Błędy with the zwrot badge and its feedback event, its address blocked', async () => {
    const o = await sentMessage('nie.ma.takiego@wp.pl');
    const returnPath = verpAddress('zwroty@example.pl', o.id, verpKeyOf(t.container.secrets)) as string;
    await feed(
      deliveryReport(o, { returnPath, status: '5.1.1', diag: '550 5.1.1 <nie.ma.takiego@wp.pl>: User unknown' }),
    );

    const m = expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${o.id}`), 200);
    expect(m).toMatchObject({ status: 'bounced', mailbox: 'failed', badges: ['bounce'], readAt: null });
    expect(m.feedback).toEqual([
      expect.objectContaining({
        kind: 'hard_bounce',
        reason: 'recipient_unknown',
        confidence: 'verp',
        effect: 'bounced',
        forged: false,
      }),
    ]);
    expect(m.blocked).toMatchObject({ address: 'nie.ma.takiego@wp.pl' });

    const failed = expectStatus(await call(t, w.clerkA, 'GET', '/api/mailboxes/failed?limit=50'), 200);
    expect(failed.items.find((i: { id: string }) => i.id === o.id)).toMatchObject({ badges: ['bounce'] });
    const blocked = expectStatus(await call(t, w.admin, 'GET', '/api/suppressions?limit=50'), 200);
    expect(blocked.items.map((b: { address: string }) => b.address)).toContain('nie.ma.takiego@wp.pl');
  });

  it('a clerk of another position does not see the message or its feedback', async () => {
    const o = await sentMessage('ktos@onet.pl');
    expectStatus(await call(t, w.clerkB, 'GET', `/api/messages/${o.id}`), 403);
  });

  it('the recipient card shows a suspect address and a complaint (nothing blocked)', async () => {
    const r = expectStatus(
      await call(t, w.admin, 'POST', '/api/recipients', {
        name: 'Anna Nowak',
        street: 'ul. Długa 12/1',
        postalCode: '00-238',
        city: 'Warszawa',
        channel: 'email',
        consent: { date: '2026-01-02', source: 'formularz' },
        emails: ['anna@vp.pl', 'anna@o2.pl'],
      }),
      201,
    );
    const at = '2026-12-06T09:00:00.000Z';
    await t.container.db
      .insertInto('address_states')
      .values({ address: 'anna@vp.pl', suspect_at: at, reset_at: null, updated_at: at })
      .execute();
    await t.container.db.updateTable('recipients').set({ complained_at: at }).where('id', '=', r.id).execute();
    const d = expectStatus(await call(t, w.admin, 'GET', `/api/recipients/${r.id}/delivery`), 200);
    expect(d.complainedAt).toBe(at);
    expect(d.addresses).toEqual([
      { address: 'anna@vp.pl', state: 'suspect', blocked: null, suspectSince: at },
      { address: 'anna@o2.pl', state: 'active', blocked: null, suspectSince: null },
    ]);
  });
});
