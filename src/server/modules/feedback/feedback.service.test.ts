import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '../../../../test/support/clock.js';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { deliveryReport, type Original, tenantReply } from '../../../../test/support/feedback-reports.js';
import { insertAccount, insertRecipient, insertSentMessage } from '../../../../test/support/feedback-world.js';
import { createMessageEventLog } from '../../events/message-events.js';
import { createReportClassifier } from '../../feedback/classifier-port.js';
import { createCorrelationRepository } from '../../feedback/correlation.repository.js';
import type { FeedbackEvent, FeedbackSink } from '../../feedback/ports.js';
import { makeVerpTag, VERP_KEY_PURPOSE } from '../../feedback/verp-token.js';
import { deriveKey } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { createAuditLog } from '../audit/audit.service.js';
import { createBlobsRepository } from '../blobs/blobs.repository.js';
import { createBlobStore } from '../blobs/blobs.service.js';
import { createFeedbackRepository } from './feedback.repository.js';
import { createFeedbackSink } from './feedback.service.js';

const key = deriveKey(randomBytes(32), VERP_KEY_PURPOSE);
const classifier = createReportClassifier();
const DAY = 86_400_000;

describe('feedback event sink (D48)', () => {
  let t: TestDbHandle;
  let sink: FeedbackSink;
  const clock = createTestClock('2026-12-06T09:00:00.000Z');
  const accountId = newId();
  const verp = (o: Original) => `zwroty+${makeVerpTag(o.id, key)}@zarzadca.example.pl`;
  let n = 0;

  async function deliver(raw: Buffer, receivedAt = clock.now()): Promise<string> {
    const d = await classifier.classify(raw);
    const event: FeedbackEvent = {
      id: newId(),
      mailboxId: 'mb-1',
      folder: 'INBOX',
      uid: ++n,
      messageId: null,
      sha256: null,
      size: raw.length,
      kind: d.kind,
      targetFolder: d.folder,
      receivedAt,
      details: d.details ?? {},
      raw,
    };
    await sink.record(event);
    await sink.record(event); // handed over again after a crash: acts once
    return event.id;
  }

  async function sent(address: string): Promise<Original> {
    const recipientId = await insertRecipient(t.db, address);
    return insertSentMessage(t.db, { accountId, recipientId, to: address, sentAt: clock.now().toISOString() });
  }

  const status = async (id: string) =>
    (await t.db.selectFrom('messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const blocked = (address: string) =>
    t.db.selectFrom('suppressions').selectAll().where('address', '=', address).executeTakeFirst();
  const eventOf = (id: string) =>
    t.db.selectFrom('feedback_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const suspect = async (address: string) =>
    Boolean(
      (await t.db.selectFrom('address_states').selectAll().where('address', '=', address).executeTakeFirst())
        ?.suspect_at,
    );

  beforeAll(async () => {
    t = await createTestDb();
    await insertAccount(t.db, accountId);
    sink = createFeedbackSink({
      db: t.db,
      clock,
      repo: createFeedbackRepository(),
      lookups: createCorrelationRepository(),
      verpKey: key,
      audit: createAuditLog({ db: t.db, repo: createAuditRepository(t.dialect), clock }),
      blobs: createBlobStore({ repo: createBlobsRepository(t.dialect), clock }),
      events: createMessageEventLog(t.dialect),
      mailboxAccounts: async () => [accountId],
    });
  });
  afterAll(() => t?.destroy());

  it('a hard bounce to the signed VERP address bounces the message, blocks the address once, keeps the report', async () => {
    const o = await sent('nikt@wp.pl');
    // The next notice to the same address, still in Nadawcze (another spelling of it, too): held by the block.
    const next = await sent('Nikt@wp.pl');
    await t.db
      .updateTable('messages')
      .set({ status: 'queued', mailbox: 'outbox', sent_at: null })
      .where('id', '=', next.id)
      .execute();
    const id = await deliver(
      deliveryReport(o, { returnPath: verp(o), status: '5.1.1', diag: '550 5.1.1 User unknown' }),
    );
    expect(await status(o.id)).toBe('bounced');
    expect(
      await t.db.selectFrom('messages').select(['status', 'held_reason']).where('id', '=', next.id).executeTakeFirst(),
    ).toEqual({ status: 'held', held_reason: 'suppressed' });
    expect(await blocked('nikt@wp.pl')).toMatchObject({
      source: 'bounce',
      message_id: o.id,
      reason: expect.stringContaining('5.1.1'),
    });
    const e = await eventOf(id);
    expect(e).toMatchObject({
      kind: 'hard_bounce',
      reason: 'recipient_unknown',
      confidence: 'verp',
      effect: 'bounced',
      forged: 0,
    });
    expect(e.raw_sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', 'in', [o.id, 'nikt@wp.pl'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['message.bounced', 'suppression.add']);
    const mailbox = await t.db
      .selectFrom('messages')
      .select('mailbox')
      .where('id', '=', o.id)
      .executeTakeFirstOrThrow();
    expect(mailbox.mailbox).toBe('failed');
  });

  it('a bounce with a forged token blocks nothing, even when our Message-ID is in it', async () => {
    const o = await sent('ofiara@onet.pl');
    const forged = `zwroty+${'a'.repeat(40)}@zarzadca.example.pl`;
    const id = await deliver(
      deliveryReport(o, { returnPath: forged, status: '5.1.1', diag: '550 5.1.1 User unknown' }),
    );
    expect(await status(o.id)).toBe('sent');
    expect(await blocked('ofiara@onet.pl')).toBeUndefined();
    expect(await eventOf(id)).toMatchObject({ forged: 1, effect: 'none', message_id: o.id });
  });

  it('a bounce tied only by the address is recorded, nothing blocked', async () => {
    const o = await sent('tylko.adres@interia.pl');
    const r = deliveryReport(
      { ...o, messageIdHeader: '<obcy@gdzie.indziej>' },
      {
        returnPath: 'zwroty@zarzadca.example.pl',
        status: '5.1.1',
        diag: '550 5.1.1 Account not found',
      },
    );
    const id = await deliver(r);
    expect(await eventOf(id)).toMatchObject({ confidence: 'address', effect: 'none', message_id: o.id });
    expect(await status(o.id)).toBe('sent');
    expect(await blocked('tylko.adres@interia.pl')).toBeUndefined();
  });

  it('a reply is stored under its message', async () => {
    const o = await sent('jan@o2.pl');
    const id = await deliver(tenantReply(o, { text: 'Dziękuję, wpłacę jutro.' }));
    const reply = await t.db.selectFrom('feedback_replies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ kind: 'reply', message_id: o.id, account_id: accountId, from_address: 'jan@o2.pl' });
    expect(reply.text).toContain('Dziękuję, wpłacę jutro.');
    expect(reply.text).not.toContain('w załączeniu');
  });

  it('soft bounces on 3 messages over 14 days make the address suspect; a reply resets it', async () => {
    const address = 'pelna@vp.pl';
    const soft = async (o: Original) =>
      deliver(
        deliveryReport(o, { returnPath: verp(o), status: '4.2.2', action: 'failed', diag: '452 4.2.2 Mailbox full' }),
      );
    const a = await sent(address);
    await soft(a);
    await soft(a); // the same message again: not a second one
    clock.advance(7 * DAY);
    const b = await sent(address);
    await soft(b);
    expect(await suspect(address)).toBe(false);
    clock.advance(6 * DAY);
    const c = await sent(address);
    await soft(c);
    expect(await suspect(address)).toBe(false); // 3 messages, but within 13 days
    clock.advance(DAY);
    const d = await sent(address);
    const id = await soft(d);
    expect(await suspect(address)).toBe(true);
    expect(await eventOf(id)).toMatchObject({ kind: 'soft_bounce', effect: 'suspect' });
    expect(await status(d.id)).toBe('sent');
    expect(await blocked(address)).toBeUndefined();
    clock.advance(DAY);
    await deliver(tenantReply(d, { text: 'Już mam miejsce w skrzynce.' }));
    expect(await suspect(address)).toBe(false);
    // Soft bounces before the reset no longer count.
    clock.advance(DAY);
    await soft(await sent(address));
    expect(await suspect(address)).toBe(false);
  });
});
