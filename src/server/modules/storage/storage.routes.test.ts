import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { paddedPdf } from '../../../../test/support/pdf.js';
import { expectError, expectStatus, upload } from '../../../../test/support/world.js';
import type { StorageUsage } from '../../../shared/storage.js';

/** A 2 MB daily quota, so a test reaches it with a few small files. */
let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  // Sessions outlive the day, so a test can walk the clock to midnight.
  t = await createTestApp({ env: { UPLOAD_QUOTA_MB_PER_DAY: '2', SESSION_TTL_HOURS: '48' } });
  w = await createDocumentWorld(t);
}, 60_000);
afterAll(() => t?.close());

const KB = 1024;

/** A valid PDF of `size` bytes, nearly all of them random (imports read every PDF whole). */
const fakePdf = paddedPdf;

function sendZip(session: Session, sizes: number[]) {
  const entries: Record<string, Uint8Array> = {};
  sizes.forEach((size, i) => {
    entries[`${w.units[i]!.key}.pdf`] = fakePdf(size);
  });
  return upload(
    t,
    session,
    '/api/documents/zip',
    { filename: 'pliki.zip', contentType: 'application/zip', data: zipSync(entries, { level: 0 }) },
    { type: 'fee_notice', period: '2026-06' },
  );
}

async function stored() {
  const db = t.container.db;
  const n = async (table: 'documents' | 'blobs') =>
    Number(
      (
        await db
          .selectFrom(table as 'documents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { documents: await n('documents'), blobs: await n('blobs') };
}

async function usedToday(userId: string) {
  const usage = expectStatus(await call(t, w.admin, 'GET', '/api/admin/storage'), 200) as StorageUsage;
  return usage.users.find((u) => u.userId === userId)?.bytes ?? 0;
}

describe('the daily upload quota (UPLOAD_QUOTA_MB_PER_DAY)', () => {
  it('refuses a ZIP over what is left today (429, how much is left, when it renews) and stores nothing', async () => {
    const before = await stored();
    const res = await sendZip(w.clerkA, [800 * KB, 800 * KB, 800 * KB]);
    expectError(
      res,
      429,
      'too_many_requests',
      /zapisałby 2,3 MB, a dziś zostało 2 MB\. Limit odnowi się o północy \(za 14 godz\. 0 min\)/,
    );
    // 09:00 UTC is 10:00 in Warsaw; midnight is 14 hours away.
    expect(res.headers['retry-after']).toBe(String(14 * 3600));
    expect(await stored()).toEqual(before);
    expect(await usedToday(w.clerkAId)).toBe(0);
  });

  it('counts what each upload stores and refuses the one that would pass the quota, saying what is left', async () => {
    expectStatus(await sendZip(w.clerkA, [1200 * KB]), 201);
    expect(await usedToday(w.clerkAId)).toBe(1200 * KB);
    const before = await stored();
    expectError(await sendZip(w.clerkA, [1000 * KB]), 429, 'too_many_requests', /dziś zostało 0,8 MB/);
    expect(await stored()).toEqual(before);
    expect(await usedToday(w.clerkAId)).toBe(1200 * KB);
  });

  it('attachments of drafts count too', async () => {
    const draft = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/messages', {
        accountId: w.accountA,
        toAddress: 'anna.wisniewska@example.pl',
        subject: 'Zawiadomienie',
        text: 'Treść.',
      }),
      201,
    );
    const file = (size: number) => ({ filename: 'a.pdf', contentType: 'application/pdf', data: fakePdf(size) });
    expectStatus(await upload(t, w.clerkA, `/api/messages/${draft.id}/attachments`, file(500 * KB)), 201);
    expect(await usedToday(w.clerkAId)).toBe(1700 * KB);
    const res = await upload(t, w.clerkA, `/api/messages/${draft.id}/attachments`, file(500 * KB));
    expectError(res, 429, 'too_many_requests', /dziś zostało 0,3 MB/);
  });

  it('two uploads at once near the quota: one passes, the other is refused, never both', async () => {
    const before = await stored();
    const [a, b] = await Promise.all([sendZip(w.clerkB, [1200 * KB]), sendZip(w.clerkB, [1200 * KB])]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 429]);
    expect(await usedToday(w.clerkBId)).toBe(1200 * KB);
    const after = await stored();
    expect(after.documents - before.documents).toBe(1);
    expect(after.blobs - before.blobs).toBe(1);
  });

  it('renews at midnight in Warsaw', async () => {
    t.clock.set('2026-03-02T22:59:00.000Z');
    expectError(await sendZip(w.clerkA, [1000 * KB]), 429, 'too_many_requests', /za 1 min/);
    t.clock.set('2026-03-02T23:00:00.000Z');
    expectStatus(await sendZip(w.clerkA, [1000 * KB]), 201);
    expect(await usedToday(w.clerkAId)).toBe(1000 * KB);
  });
});

describe('GET /api/admin/storage', () => {
  it('shows the admin the stored files, the uploads per day and per user, and the SQLite data folder', async () => {
    const usage = expectStatus(await call(t, w.admin, 'GET', '/api/admin/storage'), 200) as StorageUsage;
    expect(usage.quotaBytesPerDay).toBe(2 * 1024 * KB);
    expect(usage.today).toBe('2026-03-03');
    expect(usage.resetsAt).toBe('2026-03-03T23:00:00.000Z');
    expect(usage.blobs.count).toBeGreaterThan(0);
    expect(usage.blobs.bytes).toBeGreaterThanOrEqual(3900 * KB);
    expect(usage.days.map((d) => d.day)).toEqual(['2026-03-03', '2026-03-02']);
    expect(usage.days[1]).toEqual({ day: '2026-03-02', bytes: 2900 * KB, users: 2 });
    expect(usage.users).toEqual([
      { userId: w.clerkAId, login: expect.any(String), displayName: expect.any(String), bytes: 1000 * KB },
    ]);
    if (t.container.dialect.name === 'sqlite') {
      expect(usage.dataDir).toMatchObject({ bytes: expect.any(Number), complete: true });
    } else {
      expect(usage.dataDir).toBeNull();
    }
  });

  it('is the admin’s alone', async () => {
    expectError(await call(t, w.clerkA, 'GET', '/api/admin/storage'), 403, 'forbidden');
  });
});
