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
import { expectStatus } from '../../../../test/support/world.js';

/** A message a batch made from data carries the installation's RODO footer in both parts once queued (D66). */
let h: Harness;
let w: DocumentWorld;

const FOOTER = {
  controller: 'Zarządca Sp. z o.o., Lipowa 3',
  dpo: 'iod@zarzadca.example.pl',
  infoUrl: 'https://zarzadca.example.pl/rodo',
};

beforeAll(async () => {
  h = await createHarness();
  w = await createDocumentWorld(h.t, 30);
});
afterAll(() => h?.close());

describe('RODO footer in a batch', () => {
  it('is in the text and HTML part of a message the batch made', async () => {
    expectStatus(await call(h.t, w.admin, 'PUT', '/api/settings/rodo-footer', { footer: FOOTER }), 200);
    await importFeeNotices(h.t, w);
    const batch = expectStatus(
      await call(h.t, w.admin, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { period: PERIOD },
      }),
      201,
    );
    expectStatus(await call(h.t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
    await h.t.container.services.batches.idle();
    const message = await h.t.container.db
      .selectFrom('messages')
      .select('id')
      .where('batch_id', '=', batch.id)
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    expectStatus(await call(h.t, w.admin, 'POST', `/api/messages/${message.id}/queue`), 200);
    const res = await call(h.t, w.admin, 'GET', `/api/messages/${message.id}/eml`);
    const parsed = await simpleParser(res.rawPayload);
    expect(parsed.attachments.length).toBeGreaterThan(0);
    for (const part of [parsed.text, parsed.html]) {
      expect(part).toContain(`Administrator danych: ${FOOTER.controller}`);
      expect(part).toContain(`Inspektor ochrony danych: ${FOOTER.dpo}`);
      expect(part).toContain(FOOTER.infoUrl);
    }
  });
});
