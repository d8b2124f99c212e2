import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithKey, createApiKey } from '../../../test/support/api-keys.js';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, importFeeNotices, PERIOD } from '../../../test/support/documents.js';
import { expectError, expectStatus, multipartFile } from '../../../test/support/world.js';
import { samplePdf } from '../modules/documents/documents.routes.fixture.js';

/** Idempotency-Key on creating POSTs (issue 13, point 2; D58), on the real routes over the chosen database. */
let t: TestApp;
let w: DocumentWorld;
const batchOf = (positionId: string, period = PERIOD) => ({
  documentType: 'fee_notice',
  positionId,
  selection: { period },
});
const countRows = async (table: 'batches' | 'messages' | 'documents') =>
  (await t.container.db.selectFrom(table).select('id').execute()).length;

function post(session: Session, url: string, payload: unknown, key: string) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': key },
    payload: payload as object,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t, 30);
  await importFeeNotices(t, w);
}, 90_000);
afterAll(() => t?.close());

describe('Idempotency-Key', () => {
  it('answers a repeat with the first answer, same status and body, and creates once', async () => {
    const before = await countRows('batches');
    const first = await post(w.admin, '/api/batches', batchOf(w.positionA), 'replay-1');
    expect(first.statusCode).toBe(201);
    // The same body with its keys in another order is the same request.
    const again = await post(
      w.admin,
      '/api/batches',
      { selection: { period: PERIOD }, positionId: w.positionA, documentType: 'fee_notice' },
      'replay-1',
    );
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/application\/json/);
    expect(await countRows('batches')).toBe(before + 1);
  });

  it('refuses the same key with another body (422, in Polish) and creates nothing', async () => {
    expectStatus(await post(w.admin, '/api/batches', batchOf(w.positionA), 'changed-1'), 201);
    const before = await countRows('batches');
    const other = await post(w.admin, '/api/batches', batchOf(w.positionB), 'changed-1');
    expectError(other, 422, 'idempotency_key_reused', /był już użyty z innym żądaniem/);
    expect(await countRows('batches')).toBe(before);
  });

  it('keeps each caller’s keys apart', async () => {
    const key = await createApiKey(t, w.admin, { name: 'Czynsze', positionId: w.positionA, scopes: ['batches:write'] });
    const before = await countRows('batches');
    expectStatus(await post(w.admin, '/api/batches', batchOf(w.positionA), 'shared-1'), 201);
    const res = await callWithKey(t, key.secret, 'POST', '/api/batches', batchOf(w.positionA), {
      'idempotency-key': 'shared-1',
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await countRows('batches')).toBe(before + 2);
  });

  it('does not keep a refusal: the key may be used again once the request is fixed', async () => {
    const wrong = await post(w.admin, '/api/batches', { ...batchOf(w.positionA), documentType: 'nie_ma' }, 'fix-1');
    expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
    expectStatus(await post(w.admin, '/api/batches', batchOf(w.positionA), 'fix-1'), 201);
  });

  it('refuses a malformed key', async () => {
    expectError(await post(w.admin, '/api/batches', batchOf(w.positionA), 'zły klucz'), 400, 'validation_failed');
  });

  it('makes one batch of 20 parallel requests with one key (API key, no cookie)', async () => {
    const key = await createApiKey(t, w.admin, { name: 'Równolegle', positionId: null, scopes: ['batches:write'] });
    const before = await countRows('batches');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        callWithKey(t, key.secret, 'POST', '/api/batches', batchOf(w.positionA), { 'idempotency-key': 'parallel-1' }),
      ),
    );
    expect(await countRows('batches')).toBe(before + 1);
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((a) => a.json().id)).size).toBe(1);
    // A repeat that gave up waiting for the first is told so (409), never given a second batch.
    for (const a of answers.filter((x) => x.statusCode !== 201)) expectError(a, 409, 'conflict', /jeszcze wykonywane/);
  });

  it('makes one message of 20 parallel requests with one key (session)', async () => {
    const before = await countRows('messages');
    const draft = {
      accountId: w.accountA,
      toName: 'Jan Kowalski',
      toAddress: 'jan.kowalski@example.pl',
      subject: 'Zawiadomienie',
      text: 'Dzień dobry.',
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(w.clerkA, '/api/messages', draft, 'msg-1')),
    );
    expect(await countRows('messages')).toBe(before + 1);
    const created = answers.filter((a) => a.statusCode === 201);
    expect(new Set(created.map((a) => a.json().id)).size).toBe(1);
  });

  it('fingerprints a multipart form by its fields and file, not by its boundary', async () => {
    const pdf = await samplePdf('Faktura VAT 1/2026');
    const fields = { type: 'sales_document', recipientKey: w.units[0]?.key ?? '', period: '2026-05' };
    const send = async (data: Buffer, key: string) => {
      const body = await multipartFile('faktura.pdf', 'application/pdf', data, fields);
      return {
        boundary: body.headers['content-type'],
        res: await t.app.inject({
          method: 'POST',
          url: '/api/documents/pdf',
          headers: { ...body.headers, cookie: w.admin.cookie, 'x-csrf-token': w.admin.csrf, 'idempotency-key': key },
          payload: body.payload,
        }),
      };
    };
    const before = await countRows('documents');
    const first = await send(pdf, 'form-1');
    expect(first.res.statusCode).toBe(201);
    const again = await send(pdf, 'form-1');
    expect(again.boundary).not.toBe(first.boundary);
    expect(again.res.statusCode).toBe(201);
    expect(again.res.body).toBe(first.res.body);
    expect(await countRows('documents')).toBe(before + 1);
    const other = await send(await samplePdf('Faktura VAT 2/2026'), 'form-1');
    expectError(other.res, 422, 'idempotency_key_reused');
    expect(await countRows('documents')).toBe(before + 1);
  });

  it('forgets answers after a day', async () => {
    expectStatus(await post(w.admin, '/api/batches', batchOf(w.positionA), 'old-1'), 201);
    const rows = async () =>
      (await t.container.db.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key);
    t.clock.advance(23 * 3600_000);
    await t.container.services.idempotency.cleanup();
    expect(await rows()).toContain('old-1');
    t.clock.advance(2 * 3600_000);
    await t.container.services.idempotency.cleanup();
    expect(await rows()).not.toContain('old-1');
  });
});
