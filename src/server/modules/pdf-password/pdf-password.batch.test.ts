import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, PERIOD } from '../../../../test/support/documents.js';
import { expectError, expectStatus, upload } from '../../../../test/support/world.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';
import { renderPdf } from '../../documents/pdf/sheet.js';
import { createQpdfEncryptor, usePdfEncryptor } from './qpdf.js';

/**
 * Password-protected PDFs (issue 14, point 2; D71): drawn and ready PDFs leave encrypted with AES-256 and open with the
 * password the rule gives; the e-mail says how to open them and never holds the password; the paper pack stays plain;
 * a recipient without a password, a text giving it away, or a server without qpdf stops the queueing.
 */
let t: TestApp;
let w: DocumentWorld;
const dir = mkdtempSync(path.join(tmpdir(), 'pdfpass-test-'));

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t, 30);
}, 60_000);
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => usePdfEncryptor(createQpdfEncryptor()));

const PLAIN = {
  subject: 'Dokument {{ document.title }}',
  html: '<html><body><p>Dzień dobry {{ recipient.name }},</p><p>w załączniku dokument.</p></body></html>',
  text: 'Dzień dobry {{ recipient.name }},\nw załączniku dokument.',
};
const NRB_RULE = { kind: 'nrb_digits', digits: 6 } as const;

let n = 0;
function qpdf(pdf: Buffer, args: string[]) {
  const file = path.join(dir, `f${n++}.pdf`);
  writeFileSync(file, pdf);
  return spawnSync('/usr/bin/qpdf', [...args, file], { encoding: 'utf8' });
}
const textWith = (pdf: Buffer, password: string) =>
  execFileSync('/usr/bin/pdftotext', ['-upw', password, '-enc', 'UTF-8', '-layout', '-', '-'], {
    input: pdf,
  }).toString();

async function batchOf(selection: object, extra: object) {
  const batch = expectStatus(
    await call(t, w.admin, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection,
      template: PLAIN,
      ...extra,
    }),
    201,
  );
  expectStatus(await call(t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
  await t.container.services.batches.idle();
  return batch as { id: string; pdfPassword: unknown };
}

/** The frozen .eml of each queued message of a batch, with the unit's NRB and the recipient's code. */
async function frozen(batchId: string) {
  const rows = await t.container.db
    .selectFrom('messages as m')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .leftJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('recipients as r', 'r.id', 'm.recipient_id')
    .select(['m.id', 'u.bank_account', 'r.pdf_code', 'd.pdf_sha256'])
    .where('m.batch_id', '=', batchId)
    .where('m.status', '=', 'queued')
    .execute();
  return Promise.all(
    rows.map(async (r) => {
      const res = await call(t, w.admin, 'GET', `/api/messages/${r.id}/eml`);
      expect(res.statusCode).toBe(200);
      return { ...r, raw: res.rawPayload, parsed: await simpleParser(res.rawPayload) };
    }),
  );
}

/** The .eml without its attachments' encoded bytes (where a run of digits may occur by chance). */
function withoutAttachmentBodies(raw: Buffer): string {
  return raw
    .toString('utf8')
    .split(/\r?\n--/)
    .filter((part) => !/Content-Disposition:\s*attachment/i.test(part))
    .join('\n--');
}

/** A 400 whose field message says a PESEL may not be used. */
function expectPesel(res: Parameters<typeof expectError>[0]) {
  const error = expectError(res, 400, 'validation_failed');
  expect(
    error.fields?.some((f) => /PESEL/.test(f.message)),
    res.body,
  ).toBe(true);
}

function expectProtected(pdf: Buffer, password: string) {
  expect(qpdf(pdf, ['--requires-password']).status).toBe(0);
  expect(qpdf(pdf, ['--check']).status).not.toBe(0);
  const check = qpdf(pdf, [`--password=${password}`, '--check']);
  expect(check.status, check.stderr).toBe(0);
  const enc = qpdf(pdf, [`--password=${password}`, '--show-encryption']).stdout;
  expect(enc).toMatch(/R = 6/);
  expect(enc).toMatch(/file encryption method: AESv3/);
  expect(enc).toMatch(/print high resolution: allowed/);
  expect(enc).toMatch(/modify anything: not allowed/);
  expect(qpdf(pdf, ['--password=000000', '--check']).status).not.toBe(0);
}

describe('password-protected PDFs', { timeout: 90_000 }, () => {
  it('encrypts drawn fee notices with the NRB’s last 6 digits; the e-mail says how, never the password; paper stays plain', async () => {
    // Ten units' notices are enough (each message is encrypted by its own qpdf process).
    const items = w.units.slice(0, 10).map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, PERIOD) }));
    expectStatus(await call(t, w.admin, 'POST', '/api/documents/import', { type: 'fee_notice', items }), 201);
    const batch = await batchOf({ period: PERIOD }, { pdfPassword: NRB_RULE });
    expect(batch.pdfPassword).toEqual(NRB_RULE);
    const res = await call(t, w.admin, 'POST', `/api/batches/${batch.id}/queue`, {});
    const queued = expectStatus(res, 200);
    expect(queued.changed).toBeGreaterThan(0);
    const mails = await frozen(batch.id);
    expect(mails.length).toBe(queued.changed);
    for (const [i, m] of mails.entries()) {
      const password = m.bank_account!.replace(/\D/g, '').slice(-6);
      const pdf = m.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content;
      // Every message is checked for the password; three of them through every qpdf test (each is a process).
      if (i < 3) expectProtected(pdf, password);
      else expect(qpdf(pdf, ['--requires-password']).status).toBe(0);
      const text = textWith(pdf, password);
      expect(text.replace(/\s/g, '')).toContain(m.bank_account!.replace(/\D/g, ''));
      expect(text).toMatch(/\d+,\d\d zł/);
      for (const part of [m.parsed.text ?? '', m.parsed.html || '']) {
        expect(part).toContain('Plik PDF jest zabezpieczony hasłem: to ostatnie 6 cyfr numeru rachunku do wpłat');
      }
      const visible = withoutAttachmentBodies(m.raw).replace(/\s|=\r?\n/g, '');
      expect(visible).not.toContain(password);
    }
    // The stored document is unchanged, and the paper pack is not encrypted.
    const doc = await t.container.db
      .selectFrom('documents')
      .innerJoin('blobs', 'blobs.sha256', 'documents.pdf_sha256')
      .select('blobs.data')
      .where(
        'documents.id',
        '=',
        (
          await t.container.db
            .selectFrom('messages')
            .select('document_id')
            .where('id', '=', mails[0]!.id)
            .executeTakeFirstOrThrow()
        ).document_id!,
      )
      .executeTakeFirstOrThrow();
    expect(qpdf(Buffer.from(doc.data), ['--requires-password']).status).toBe(2);
    const pack = await call(t, w.admin, 'GET', `/api/batches/${batch.id}/paper-pack`);
    expect(pack.statusCode).toBe(200);
    expect(qpdf(pack.rawPayload, ['--requires-password']).status).toBe(2);
    expect(qpdf(pack.rawPayload, ['--check']).status).toBe(0);
  });

  it('refuses a batch whose e-mail text prints the password (the built-in fee notice template shows the NRB)', async () => {
    const batch = expectStatus(
      await call(t, w.admin, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { period: PERIOD },
        includeAlreadySent: true,
        pdfPassword: NRB_RULE,
      }),
      201,
    );
    expectStatus(await call(t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
    await t.container.services.batches.idle();
    const res = await call(t, w.admin, 'POST', `/api/batches/${batch.id}/queue`, {});
    expectError(res, 409, 'conflict', /zawiera hasło/);
    const left = await t.container.db
      .selectFrom('messages')
      .select('status')
      .where('batch_id', '=', batch.id)
      .execute();
    expect(left.every((m) => m.status === 'draft')).toBe(true);
  });

  it('encrypts ready PDFs with the recipient’s code; a recipient without a code is named before anything is queued', async () => {
    const keys = w.units.slice(0, 2).map((u) => u.key);
    const entries: Record<string, Uint8Array> = {};
    for (const key of keys) {
      entries[`${key}.pdf`] = await renderPdf(
        { title: 'Wydruk', author: 'System', createdAt: new Date('2026-03-01') },
        (s) => {
          s.title(`Nota — lokal ${key}`);
          s.paragraph('Do zapłaty: 123,45 zł na rachunek 34 1020 1026 0000 0000 0000 0001.');
        },
      );
    }
    const zip = { filename: 'z.zip', contentType: 'application/zip', data: zipSync(entries) };
    const imported = expectStatus(
      await upload(t, w.admin, '/api/documents/zip', zip, { type: 'fee_notice', period: '2026-07' }),
      201,
    );
    const batch = await batchOf({ importId: imported.importId }, { pdfPassword: { kind: 'recipient_code' } });
    const drafts = await t.container.db
      .selectFrom('messages as m')
      .innerJoin('recipients as r', 'r.id', 'm.recipient_id')
      .select(['r.id', 'r.name'])
      .where('m.batch_id', '=', batch.id)
      .execute();
    expect(drafts.length).toBeGreaterThan(0);
    const refused = await call(t, w.admin, 'POST', `/api/batches/${batch.id}/queue`, { dryRun: true });
    const error = expectError(refused, 409, 'conflict', /brak kodu do PDF-u na karcie adresata/);
    for (const d of drafts) expect(error.message).toContain(d.name);

    // An 11-digit code (a PESEL's shape) is refused; a proper code is kept.
    expectPesel(await call(t, w.admin, 'PATCH', `/api/recipients/${drafts[0]!.id}`, { pdfCode: '44051401359' }));
    for (const [i, d] of drafts.entries()) {
      const saved = expectStatus(
        await call(t, w.admin, 'PATCH', `/api/recipients/${d.id}`, { pdfCode: `KOD-${i}7X9` }),
        200,
      );
      expect(saved.pdfCode).toBe(`KOD-${i}7X9`);
    }
    const audit = await t.container.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'recipient.update')
      .execute();
    expect(audit.map((a) => a.details).join()).not.toContain('7X9');

    expectStatus(await call(t, w.admin, 'POST', `/api/batches/${batch.id}/queue`, {}), 200);
    for (const m of await frozen(batch.id)) {
      const pdf = m.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content;
      expectProtected(pdf, m.pdf_code!);
      expect(textWith(pdf, m.pdf_code!)).toContain('123,45 zł');
      expect(m.parsed.text).toContain('Plik PDF jest zabezpieczony hasłem: to Twój kod do dokumentów');
      expect(withoutAttachmentBodies(m.raw)).not.toContain(m.pdf_code!);
    }
  });

  it('without qpdf, says so in Polish and queues nothing rather than send a PDF unprotected', async () => {
    usePdfEncryptor(createQpdfEncryptor(path.join(dir, 'no-qpdf-here')));
    const status = expectStatus(await call(t, w.clerkA, 'GET', '/api/settings/pdf-password'), 200);
    expect(status.available).toBe(false);
    const batch = await batchOf({ period: PERIOD }, { pdfPassword: NRB_RULE, includeAlreadySent: true });
    const res = await call(t, w.admin, 'POST', `/api/batches/${batch.id}/queue`, {});
    expectError(res, 409, 'conflict', /wymaga programu qpdf/);
    const left = await t.container.db
      .selectFrom('messages')
      .select('status')
      .where('batch_id', '=', batch.id)
      .execute();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((m) => m.status === 'draft')).toBe(true);
  });

  it('the type’s rule applies when the batch says nothing, the batch’s “off” overrides it; changes are admin-only and audited', async () => {
    expectError(
      await call(t, w.clerkA, 'PUT', '/api/settings/pdf-password', { types: { fee_notice: NRB_RULE } }),
      403,
      'forbidden',
    );
    expectPesel(
      await call(t, w.admin, 'PUT', '/api/settings/pdf-password', { types: { fee_notice: { kind: 'pesel' } } }),
    );
    expectStatus(await call(t, w.admin, 'PUT', '/api/settings/pdf-password', { types: { fee_notice: NRB_RULE } }), 200);
    expectStatus(
      await call(t, w.admin, 'PUT', `/api/accounts/${w.accountA}/pdf-password`, { rule: { kind: 'recipient_code' } }),
      200,
    );
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/accounts/${w.accountA}/pdf-password`), 200).rule).toEqual({
      kind: 'recipient_code',
    });
    const actions = await t.container.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['settings.pdf_password', 'account.pdf_password'])
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['account.pdf_password', 'settings.pdf_password']);

    const byType = await batchOf({ period: PERIOD }, { includeAlreadySent: true });
    expect(byType.pdfPassword).toBeNull();
    expectStatus(await call(t, w.admin, 'POST', `/api/batches/${byType.id}/queue`, {}), 200);
    const [m] = await frozen(byType.id);
    const pdf = m!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content;
    expectProtected(pdf, m!.bank_account!.replace(/\D/g, '').slice(-6));

    const off = await batchOf({ period: PERIOD }, { includeAlreadySent: true, pdfPassword: { kind: 'off' } });
    expectStatus(await call(t, w.admin, 'POST', `/api/batches/${off.id}/queue`, {}), 200);
    const [plain] = await frozen(off.id);
    const plainPdf = plain!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content;
    expect(qpdf(plainPdf, ['--requires-password']).status).toBe(2);
    expect(plain!.parsed.text).not.toContain('zabezpieczony hasłem');
  });
});
