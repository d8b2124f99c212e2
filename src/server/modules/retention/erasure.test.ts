import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { insertDocument, insertMessage } from '../../../../test/support/retention-world.js';
import { auditActions, createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import { newId } from '../../lib/ids.js';
import { ERASED_NAME } from './erasure.service.js';

/** "Usuń dane adresata" (D76) and the retention settings, through the API as the administrator uses them. */
let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
}, 60_000);
afterAll(() => t?.close());

async function recipient(): Promise<string> {
  const res = await call(t, w.admin, 'POST', '/api/recipients', {
    name: 'Jan Kowalski',
    street: 'ul. Długa 12/34',
    postalCode: '00-001',
    city: 'Warszawa',
    emails: ['Jan.Kowalski@example.pl'],
    channel: 'email',
    externalKey: 'K-1',
  });
  return expectStatus(res, 201).id;
}

describe('erasing a recipient', () => {
  it('says first what goes and what is kept, then erases in one audited step', async () => {
    const id = await recipient();
    const { db } = t.container;
    const at = '2025-06-10T10:00:00.000Z';
    const invoice = await insertMessage(db, {
      accountId: w.accountA,
      recipientId: id,
      at,
      documentType: 'sales_document',
      status: 'sent',
      to: 'Jan.Kowalski@example.pl',
    });
    const doc = await insertDocument(db, at, 'fee_notice', id);
    const notice = await insertMessage(db, {
      accountId: w.accountA,
      recipientId: id,
      at,
      documentType: 'fee_notice',
      status: 'sent',
      documentId: doc.id,
      to: 'Jan.Kowalski@example.pl',
    });
    const draft = await insertMessage(db, {
      accountId: w.accountA,
      recipientId: id,
      at,
      documentType: null,
      status: 'draft',
    });
    const queued = await insertMessage(db, {
      accountId: w.accountA,
      recipientId: id,
      at,
      documentType: null,
      status: 'queued',
    });
    await db
      .insertInto('suppressions')
      .values({
        address: 'jan.kowalski@example.pl',
        reason: '550 5.1.1 <jan.kowalski@example.pl>: unknown',
        message_id: null,
        created_at: at,
      })
      .execute();

    const preview = expectStatus(await call(t, w.admin, 'GET', `/api/recipients/${id}/erasure`), 200);
    expect(preview).toMatchObject({
      name: 'Jan Kowalski',
      emails: ['Jan.Kowalski@example.pl'],
      removedMessages: 2,
      keptMessages: 2,
      keptTaxMessages: 1,
      suppressions: 1,
      // The invoice of 2025: 5 years after the end of 2025.
      keptUntil: '2030-12-31',
    });
    // Nothing changed by looking.
    expect((await db.selectFrom('recipients').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name).toBe(
      'Jan Kowalski',
    );

    expect(expectStatus(await call(t, w.clerkA, 'POST', `/api/recipients/${id}/erasure`), 403)).toBeTruthy();
    expectStatus(await call(t, w.admin, 'POST', `/api/recipients/${id}/erasure`), 200);

    const row = await db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: ERASED_NAME, street: '', city: '', external_key: null, consent_at: null });
    expect(await db.selectFrom('recipient_emails').selectAll().where('recipient_id', '=', id).execute()).toEqual([]);
    const left = await db.selectFrom('messages').select('id').where('recipient_id', '=', id).execute();
    expect(left.map((m) => m.id).sort()).toEqual([invoice, notice].sort());
    expect(await db.selectFrom('messages').select('id').where('id', 'in', [draft, queued]).execute()).toEqual([]);
    // The blocked address stays blocked, under a hash: the list no longer names it, every lookup still finds it.
    const kept = await db.selectFrom('suppressions').selectAll().executeTakeFirstOrThrow();
    expect(kept.address).toMatch(/^erased:[0-9a-f]{64}$/);
    expect(kept.reason).not.toContain('@');
    expect(await t.container.services.suppressions.find('JAN.kowalski@example.pl')).not.toBeNull();
    const held = await t.container.repos.outbox.findSuppressions(db, ['jan.kowalski@example.pl']);
    expect(held.map((r) => r.address)).toEqual(['jan.kowalski@example.pl']);
    const entry = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'recipient.erase')
      .where('entity_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toMatchObject({ removedMessages: 2, keptMessages: 2, keptUntil: '2030-12-31' });
    expect(entry.details).not.toContain('Kowalski');
    expect(await auditActions(t, id)).toContain('recipient.erase');
  });

  it('is refused while a message to the recipient is being sent, and nothing changes', async () => {
    const id = await recipient();
    const m = await insertMessage(t.container.db, {
      accountId: w.accountA,
      recipientId: id,
      at: '2026-03-02T08:00:00.000Z',
      documentType: null,
      status: 'queued',
    });
    await t.container.db
      .updateTable('messages')
      .set({ status: 'sending', mailbox: 'outbox' })
      .where('id', '=', m)
      .execute();
    expectStatus(await call(t, w.admin, 'POST', `/api/recipients/${id}/erasure`), 409);
    const row = await t.container.db
      .selectFrom('recipients')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Jan Kowalski');
  });

  it('answers 404 for a recipient that is not there', async () => {
    expectStatus(await call(t, w.admin, 'GET', `/api/recipients/${newId()}/erasure`), 404);
  });
});

describe('retention settings', () => {
  it('shows the defaults, refuses less than the law requires (in Polish), saves and audits a valid policy', async () => {
    const got = expectStatus(await call(t, w.admin, 'GET', '/api/settings/retention'), 200);
    expect(got.policy).toEqual({
      taxDocuments: 60,
      correspondence: 36,
      proofs: 60,
      feedback: 36,
      events: 13,
      audit: 60,
    });
    expect(got.defaults).toEqual(got.policy);
    expectStatus(await call(t, w.clerkA, 'GET', '/api/settings/retention'), 403);

    const low = await call(t, w.admin, 'PUT', '/api/settings/retention', { ...got.policy, taxDocuments: 48 });
    expect(low.statusCode).toBe(400);
    expect(low.body).toContain('art. 86 Ordynacji podatkowej');

    const saved = expectStatus(
      await call(t, w.admin, 'PUT', '/api/settings/retention', { ...got.policy, taxDocuments: 72, audit: 24 }),
      200,
    );
    expect(saved.policy).toMatchObject({ taxDocuments: 72, audit: 24 });
    expect(await auditActions(t)).toContain('settings.retention');
  });
});
