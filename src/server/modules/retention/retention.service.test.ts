import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { seedSevenYears } from '../../../../test/support/retention-world.js';
import { createRetentionRepository } from './retention.repository.js';
import { createRetentionService } from './retention.service.js';
import { createRetentionJob } from './retention-job.js';

/**
 * The retention job on a database spread over seven years (D76), with the default policy and the clock on
 * 2 March 2026: tax documents kept 5 years after the end of their year (2019 and 2020 go), other documents' content
 * 3 years (2021 and 2022 go as content, the rows stay as proof until 5 years), feedback 36 months, message events
 * 13 months, the audit log 60 months, orphaned blobs older than a day.
 */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function count(table: 'messages' | 'documents' | 'blobs' | 'message_bodies' | 'message_attachments') {
  const row = await t!.container.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function service(chunk = 3) {
  const { db } = t!.container;
  const repo = createRetentionRepository();
  return {
    repo,
    retention: createRetentionService({ db, repo, audit: t!.container.services.audit, clock: t!.clock, chunk }),
  };
}

describe('retention job over seven years', () => {
  it('removes exactly what the default policy says, per category, and nothing more the second time', async () => {
    t = await createTestApp();
    const world = await seedSevenYears(t);
    const { db } = t.container;
    const before = {
      messages: await count('messages'),
      documents: await count('documents'),
      blobs: await count('blobs'),
    };
    expect(before.messages).toBe(15 * 3 + 2);

    const { retention } = service();
    const { counts } = await retention.run();
    expect(counts).toEqual({
      // Invoices of 2019 and 2020 (4 + the one at 22:30 UTC on 31.12.2020, still 2020 in Warsaw); fee notices and
      // failed letters of 2019 and 2020 (4 + 4): their proof period (5 years from the year's end) is over.
      proofs: 5 + 4 + 4,
      // Fee notices and failed letters of 2021 and 2022: content gone, the row stays as proof.
      contents: 4 + 4,
      // The fee notices' documents of 2019–2022.
      documents: 8,
      // Before 2 March 2023: 2019–2022 and 15.01.2023.
      feedbackReplies: 9,
      feedbackEvents: 9,
      feedbackMessages: 9,
      // Before 2 February 2025: 2019–2024 and 15.01.2025.
      events: 13,
      // Before 2 March 2021: 2019, 2020 and 15.01.2021.
      audit: 5,
      // Each removed message's .eml and attachment (13 + 8 messages, the fee notices' attachment is the
      // document's PDF), the 9 replies' raw mails, and the old orphan.
      blobs: (13 + 8) * 2 + 9 + 1,
    });
    expect(await count('messages')).toBe(before.messages - 13);
    expect(await count('documents')).toBe(before.documents - 8);
    expect(await count('blobs')).toBe(before.blobs - counts.blobs);

    // The invoice sent at 23:30 UTC on 31.12.2020 belongs to 2021 in Warsaw: kept with its content.
    const boundary = await db
      .selectFrom('messages')
      .select(['content_removed_at'])
      .where('sent_at', '=', '2020-12-31T23:30:00.000Z')
      .executeTakeFirstOrThrow();
    expect(boundary.content_removed_at).toBeNull();

    // A trace stays: date, account, status, the .eml's hash, the SMTP reply; the body and the bytes are gone.
    const trace = await db
      .selectFrom('messages')
      .selectAll()
      .where('content_removed_at', 'is not', null)
      .where('status', '=', 'sent')
      .orderBy('sent_at')
      .executeTakeFirstOrThrow();
    expect(trace).toMatchObject({ sent_at: '2021-01-15T10:00:00.000Z', account_id: world.accountId });
    expect(trace.eml_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(trace.smtp_response).toContain('250');
    const gone = await db.selectFrom('blobs').select('sha256').where('sha256', '=', trace.eml_sha256!).execute();
    expect(gone).toEqual([]);
    const admin = { kind: 'system', userId: null, label: 'test', role: 'admin', ip: null } as const;
    const shown = await t.container.services.messages.get(admin, trace.id);
    expect(shown.contentRemovedAt).toBe(t.clock.now().toISOString());
    expect(shown.text).toBe('');
    // The receipt still renders from the trace; the .eml says why it is not there.
    const receipt = await t.container.services.proof.receipt(admin, trace.id);
    expect(receipt.data.subarray(0, 5).toString()).toBe('%PDF-');
    await expect(t.container.services.proof.eml(admin, trace.id)).rejects.toThrow(
      'Treść usunięta zgodnie z zasadami przechowywania (02.03.2026)',
    );

    // The young orphan (an import in progress) is kept; the old one went.
    const left = await db
      .selectFrom('blobs')
      .select('sha256')
      .where('sha256', 'in', [world.oldOrphan, world.youngOrphan])
      .execute();
    expect(left.map((b) => b.sha256)).toEqual([world.youngOrphan]);

    // The audited summary: counts only.
    const summary = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'retention.run')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(summary.details).counts).toEqual(counts);
    expect(summary.details).not.toContain('jan@example.pl');

    // Idempotent: a second run removes nothing more.
    const again = await retention.run();
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
  });

  it('keeps longer what a longer policy says, and a day later collects the young orphan', async () => {
    t = await createTestApp();
    const world = await seedSevenYears(t);
    const { retention } = service(50);
    await t.container.services.retention.setPolicy(
      { kind: 'system', userId: null, label: 'test', role: 'admin', ip: null },
      { taxDocuments: 120, correspondence: 120, proofs: 120, feedback: 120, events: 120, audit: 120 },
    );
    const { counts } = await retention.run();
    expect(counts).toMatchObject({ proofs: 0, contents: 0, documents: 0, events: 0, audit: 0, blobs: 1 });
    t.clock.advance(86_400_000);
    const later = await retention.run();
    expect(later.counts.blobs).toBe(1);
    const left = await t.container.db
      .selectFrom('blobs')
      .select('sha256')
      .where('sha256', '=', world.youngOrphan)
      .execute();
    expect(left).toEqual([]);
  });

  it('runs on one worker at a time, about once a day', async () => {
    t = await createTestApp();
    await seedSevenYears(t);
    const { repo, retention } = service(50);
    const lines: string[] = [];
    const job = (workerId: string) =>
      createRetentionJob({
        db: t!.container.db,
        repo,
        service: retention,
        clock: t!.clock,
        workerId,
        log: (l) => lines.push(l),
      });
    const [a, b] = await Promise.all([job('w1').tick(), job('w2').tick()]);
    expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^retention: removed contents=8 documents=8 proofs=13 .* in \d+ ms$/);
    t.clock.advance(3600_000);
    expect(await job('w2').tick()).toBeNull();
    t.clock.advance(23 * 3600_000);
    expect(await job('w2').tick()).not.toBeNull();
  });
});
