import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, PERIOD } from '../../../../test/support/documents.js';
import { auditActions, expectError, expectStatus, upload } from '../../../../test/support/world.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';

/** `POST /api/intake`: one call does what the wizard does in four, then follows the position's rule (D61). */
let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t, 30);
}, 60_000);
afterAll(() => t?.close());

function dataFile(period = PERIOD) {
  const items = w.units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, period) }));
  return { filename: 'czynsze.json', contentType: 'application/json', data: Buffer.from(JSON.stringify({ items })) };
}

async function setRule(mode: 'now' | 'scheduled' | 'approval', sendTime = '18:00') {
  expectStatus(await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/intake`, { mode, sendTime }), 200);
}

async function intakeOf(batchId: string) {
  await t.container.services.intake.idle();
  return expectStatus(await call(t, w.clerkA, 'GET', `/api/intake/${batchId}`), 200);
}

/** What a batch's messages are: subject, recipient and attachment names, in a stable order. */
async function messagesOf(batchId: string) {
  const db = t.container.db;
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'to_address', 'subject', 'status'])
    .where('batch_id', '=', batchId)
    .orderBy('to_address')
    .orderBy('subject')
    .execute();
  const out = [];
  for (const r of rows) {
    const files = await db
      .selectFrom('message_attachments')
      .select(['filename', 'content_type'])
      .where('message_id', '=', r.id)
      .orderBy('position')
      .execute();
    out.push({
      to: r.to_address,
      subject: r.subject,
      attachments: files.map((f) => `${f.filename}|${f.content_type}`),
    });
  }
  return { rows: out, statuses: rows.map((r) => r.status) };
}

describe('POST /api/intake', () => {
  it('makes the same drafts as the wizard for the same file, and waits in Robocze for approval', async () => {
    // The wizard: upload the data file, make the batch, run it.
    const imported = expectStatus(
      await upload(t, w.clerkA, '/api/documents/import-file', dataFile(), { type: 'fee_notice' }),
      201,
    );
    const wizard = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { importId: imported.importId },
      }),
      201,
    );
    expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${wizard.id}/run`), 202);
    await t.container.services.batches.idle();

    await setRule('approval');
    const accepted = expectStatus(
      await upload(t, w.clerkA, `/api/intake?positionId=${w.positionA}`, dataFile(), {
        type: 'fee_notice',
        positionId: w.positionA,
      }),
      202,
    );
    expect(accepted.statusUrl).toBe(`/api/intake/${accepted.batchId}`);
    const status = await intakeOf(accepted.batchId);
    expect(status).toMatchObject({ status: 'awaiting_approval', mode: 'approval', source: 'api', error: null });
    expect(status.batch).toMatchObject({ id: accepted.batchId, status: 'ready', total: w.units.length });

    const a = await messagesOf(wizard.id);
    const b = await messagesOf(accepted.batchId);
    expect(a.rows.length).toBeGreaterThan(3);
    expect(b.rows).toEqual(a.rows);
    expect(new Set(b.statuses)).toEqual(new Set(['draft']));
    expect(status.batch.emailCount).toBe(
      expectStatus(await call(t, w.clerkA, 'GET', `/api/batches/${wizard.id}`), 200).emailCount,
    );

    // Pulpit lists it "Do zatwierdzenia" until a clerk queues it.
    const attention = expectStatus(await call(t, w.clerkA, 'GET', '/api/stats/attention'), 200);
    expect(attention.awaitingApproval).toEqual([
      expect.objectContaining({ batchId: accepted.batchId, drafts: b.rows.length }),
    ]);
    expect(expectStatus(await call(t, w.clerkB, 'GET', '/api/stats/attention'), 200).awaitingApproval).toEqual([]);
    expectStatus(
      await call(t, w.clerkA, 'POST', `/api/batches/${accepted.batchId}/queue`, { sendAt: null, dryRun: false }),
      200,
    );
    expect(expectStatus(await call(t, w.clerkA, 'GET', '/api/stats/attention'), 200).awaitingApproval).toEqual([]);
    expect(await auditActions(t, accepted.batchId)).toEqual(expect.arrayContaining(['batch.intake', 'batch.create']));
  }, 60_000);

  it('queues at once when the position says so, and at its hour when scheduled', async () => {
    await setRule('now');
    const now = expectStatus(
      await upload(t, w.clerkA, '/api/intake', dataFile('2026-05'), { type: 'fee_notice', positionId: w.positionA }),
      202,
    );
    const done = await intakeOf(now.batchId);
    expect(done).toMatchObject({ status: 'queued', sendAt: null });
    const queued = await messagesOf(now.batchId);
    expect(queued.rows.length).toBeGreaterThan(3);
    expect(new Set(queued.statuses)).toEqual(new Set(['queued']));

    // A stricter mode may be asked for: scheduled at the position's hour.
    await setRule('now', '06:30');
    const later = expectStatus(
      await upload(t, w.clerkA, '/api/intake', dataFile('2026-06'), {
        type: 'fee_notice',
        positionId: w.positionA,
        sendMode: 'scheduled',
      }),
      202,
    );
    const scheduled = await intakeOf(later.batchId);
    expect(scheduled.status).toBe('scheduled');
    const clockNow = t.container.clock.now().getTime();
    expect(Date.parse(scheduled.sendAt)).toBeGreaterThan(clockNow);
    expect(Date.parse(scheduled.sendAt) - clockNow).toBeLessThanOrEqual(86_400_000);
    // 06:30 in Warsaw is 05:30 UTC in winter, 04:30 in summer.
    expect(scheduled.sendAt).toMatch(/T0[45]:30:00\.000Z$/);
    const due = await t.container.db
      .selectFrom('messages')
      .select('send_at')
      .where('batch_id', '=', later.batchId)
      .execute();
    expect(due.every((m) => m.send_at === scheduled.sendAt)).toBe(true);
  }, 60_000);

  it('refuses a looser mode than the position allows, before anything is imported', async () => {
    await setRule('approval');
    const res = await upload(t, w.clerkA, '/api/intake', dataFile('2026-07'), {
      type: 'fee_notice',
      positionId: w.positionA,
      sendMode: 'now',
    });
    expectError(res, 400, 'validation_failed', /ostrzejszy, nie łagodniejszy/);
  });

  it('reports a bad file on the status URL with its rows', async () => {
    const bad = Buffer.from(JSON.stringify([{ recipientKey: 'NIE-MA-TAKIEGO', data: {} }]));
    const accepted = expectStatus(
      await upload(
        t,
        w.clerkA,
        '/api/intake',
        { filename: 'zle.json', contentType: 'application/json', data: bad },
        {
          type: 'fee_notice',
          positionId: w.positionA,
        },
      ),
      202,
    );
    const status = await intakeOf(accepted.batchId);
    expect(status).toMatchObject({ status: 'failed', batch: null });
    expect(status.error).toMatch(/Nie zaimportowano niczego/);
    expect(status.errorRows.length).toBeGreaterThan(0);
  });

  it('needs a period for a printout, and a known kind of file', async () => {
    const pdf = { filename: 'wydruk.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') };
    expectError(
      await upload(t, w.clerkA, '/api/intake', pdf, { type: 'fee_notice', positionId: w.positionA }),
      400,
      'validation_failed',
      /Podaj okres/,
    );
    const doc = { filename: 'pismo.docx', contentType: 'application/octet-stream', data: Buffer.from('x') };
    expectError(
      await upload(t, w.clerkA, '/api/intake', doc, { type: 'fee_notice', positionId: w.positionA, period: PERIOD }),
      400,
      'validation_failed',
      /Nieobsługiwany rodzaj pliku/,
    );
  });

  it("refuses another position's clerk before the body is read, and hides another position's intake", async () => {
    const res = await upload(t, w.clerkB, `/api/intake?positionId=${w.positionA}`, dataFile(), {
      type: 'fee_notice',
      positionId: w.positionA,
    });
    expectError(res, 403, 'forbidden');
    const mine = expectStatus(
      await upload(t, w.clerkA, '/api/intake', dataFile('2026-08'), { type: 'fee_notice', positionId: w.positionA }),
      202,
    );
    await intakeOf(mine.batchId);
    expectError(await call(t, w.clerkB, 'GET', `/api/intake/${mine.batchId}`), 403, 'forbidden');
    expectError(await call(t, null, 'GET', `/api/intake/${mine.batchId}`), 401, 'unauthenticated');
  });
});
