import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import {
  createDocumentWorld,
  type DocumentWorld,
  importFeeNotices,
  PERIOD,
} from '../../../../test/support/documents.js';
import { createHarness, type Harness } from '../../../../test/support/sending.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';

/**
 * A batch overrides its account's link mode and lifetime (D70): the account sends attachments, the batch sends the
 * fee notices as 7-day links; a lifetime beyond the bound is refused in Polish before anything is made.
 */
let h: Harness;
let w: DocumentWorld;

beforeAll(async () => {
  h = await createHarness({}, {}, { env: { PUBLIC_URL: 'https://listonosz.example.pl' } });
  w = await createDocumentWorld(h.t, 30);
}, 60_000);
afterAll(() => h?.close());

describe('a batch’s own link mode', () => {
  it('sends links for this batch only, valid for its own number of days', async () => {
    await importFeeNotices(h.t, w);
    const body = { documentType: 'fee_notice', positionId: w.positionA, selection: { period: PERIOD } };
    const tooLong = { ...body, downloadLinks: { mode: 'link', days: 366 } };
    expectError(await call(h.t, w.admin, 'POST', '/api/batches', tooLong), 400, 'validation_failed');
    const batch = expectStatus(
      await call(h.t, w.admin, 'POST', '/api/batches', { ...body, downloadLinks: { mode: 'link', days: 7 } }),
      201,
    );
    expect(batch.downloadLinks).toEqual({ mode: 'link', days: 7 });
    expectStatus(await call(h.t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
    await h.t.container.services.batches.idle();
    const message = await h.t.container.db
      .selectFrom('messages')
      .select('id')
      .where('batch_id', '=', batch.id)
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    const before = Date.now();
    expectStatus(await call(h.t, w.admin, 'POST', `/api/messages/${message.id}/queue`), 200);
    const parsed = await simpleParser((await call(h.t, w.admin, 'GET', `/api/messages/${message.id}/eml`)).rawPayload);
    expect(parsed.attachments).toHaveLength(0);
    expect(parsed.text).toMatch(
      /Dokument do pobrania: .+\.pdf — https:\/\/listonosz\.example\.pl\/d\/[\w-]{52} \(link ważny do/,
    );
    const links = expectStatus(await call(h.t, w.admin, 'GET', `/api/messages/${message.id}/download-links`), 200);
    const days = (new Date(links.links[0].expiresAt).getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    const account = await h.t.container.db
      .selectFrom('smtp_accounts')
      .select('download_link_mode')
      .where('id', '=', w.accountA)
      .executeTakeFirstOrThrow();
    expect(account.download_link_mode).toBe('attachment');
  });
});
