import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { expectError, expectStatus, upload } from '../../../../test/support/world.js';
import { renderPdf } from '../../documents/pdf/sheet.js';

// Batches of ready PDFs (a ZIP, a printout) use the account's own template like batches of data (issue 13, D63).

let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t, 30);
}, 60_000);
afterAll(() => t?.close());

const KEYS = ['SMP-0001', 'SMP-0002'];

function pdfFor(keys: string[]): Promise<Buffer> {
  return renderPdf(
    { title: 'Wydruk', author: 'System czynszowy', createdAt: new Date('2026-03-01T00:00:00Z') },
    (s) => {
      keys.forEach((key, i) => {
        if (i > 0) s.doc.addPage();
        s.title(`Zawiadomienie — lokal ${key}`);
        s.paragraph(`Klucz lokalu: ${key}.`);
      });
    },
  );
}

async function importZip(period: string) {
  const entries: Record<string, Uint8Array> = {};
  for (const k of KEYS) entries[`${k}.pdf`] = await pdfFor([k]);
  const file = { filename: 'z.zip', contentType: 'application/zip', data: zipSync(entries) };
  return expectStatus(await upload(t, w.admin, '/api/documents/zip', file, { type: 'fee_notice', period }), 201);
}

async function importPrintout(period: string) {
  const file = { filename: 'wydruk.pdf', contentType: 'application/pdf', data: await pdfFor(KEYS) };
  return expectStatus(await upload(t, w.admin, '/api/documents/printout', file, { type: 'fee_notice', period }), 201);
}

async function setAccountTemplate(body: { subject: string; html: string; text: string }) {
  expectStatus(await call(t, w.admin, 'PUT', `/api/templates/fee_notice/accounts/${w.accountA}`, body), 200);
}

const createBatch = (importId: string) =>
  call(t, w.admin, 'POST', '/api/batches', {
    documentType: 'fee_notice',
    positionId: w.positionA,
    selection: { importId },
  });

async function draftsOfBatch(importId: string) {
  const batch = expectStatus(await createBatch(importId), 201);
  expectStatus(await call(t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
  await t.container.services.batches.idle();
  const done = expectStatus(await call(t, w.admin, 'GET', `/api/batches/${batch.id}`), 200);
  expect(done.error).toBeNull();
  return t.container.db
    .selectFrom('messages')
    .innerJoin('message_bodies', 'message_bodies.message_id', 'messages.id')
    .select(['subject', 'html', 'text', 'to_name'])
    .where('batch_id', '=', batch.id)
    .execute();
}

const ACCOUNT_TEMPLATE = {
  subject: 'Konto A: {{ document.title }} ({{ document.period | okres }})',
  html: '<p>Dzień dobry {{ recipient.name }},</p><p>{% if unit %}lokal {{ unit.label }}{% endif %} — szablon konta A.</p>',
  text: '',
};

// Renders PDFs per test: on a machine running both suites side by side that takes longer than the default 20 s.
describe('ready-PDF batches and the account template', { timeout: 60_000 }, () => {
  it("a ZIP batch's drafts take their subject and body from the account's template", async () => {
    await setAccountTemplate(ACCOUNT_TEMPLATE);
    const drafts = await draftsOfBatch((await importZip('2026-08')).importId);
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(d.subject).toMatch(/^Konto A: Zawiadomienie o wysokości opłat — lokal .+ \(sierpień 2026\)$/);
      expect(d.html).toContain(`Dzień dobry ${d.to_name}`);
      expect(d.html).toContain('szablon konta A.');
    }
  });

  it("a printout batch's drafts take their subject and body from the account's template", async () => {
    await setAccountTemplate(ACCOUNT_TEMPLATE);
    const drafts = await draftsOfBatch((await importPrintout('2026-09')).importId);
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(d.subject).toMatch(/^Konto A: .+ \(wrzesień 2026\)$/);
      expect(d.html).toContain('szablon konta A.');
    }
  });

  it('without a stored template a ready PDF still gets the plain letter, not the data letter', async () => {
    expectStatus(await call(t, w.admin, 'DELETE', `/api/templates/fee_notice/accounts/${w.accountA}`), 200);
    const drafts = await draftsOfBatch((await importZip('2026-10')).importId);
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) expect(d.html).toContain('w załączeniu przesyłamy dokument');
  });

  it("an account template that uses the type's data is refused for a ready-PDF batch, naming the variable", async () => {
    await setAccountTemplate({
      subject: 'Opłaty od {{ document.validFrom | data }}',
      html: '<p>Razem {{ document.total | kwota }}</p>',
      text: '',
    });
    const { importId } = await importZip('2026-11');
    const error = expectError(await createBatch(importId), 400, 'validation_failed');
    expect(error.message).toMatch(
      /^Szablon konta „Czynsze SMTP” dla rodzaju .+ nie pasuje do dokumentów z gotowych PDF-ów/,
    );
    expect(error.message).toContain('„document.validFrom”');
    expect(error.fields?.map((f) => f.message).join('\n')).toContain('„document.total”');
  });

  it('the template preview on a ready PDF names the variable it lacks, in Polish', async () => {
    const { importId } = await importZip('2026-12');
    const doc = await t.container.db
      .selectFrom('documents')
      .select('id')
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();
    const preview = expectStatus(
      await call(t, w.admin, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        documentId: doc.id,
        template: { subject: '{{ document.title }}', html: '<p>{{ document.total | kwota }}</p>', text: '' },
      }),
      200,
    );
    expect(preview.html).toBe('');
    expect(preview.problems).toEqual([
      {
        path: 'html',
        message: expect.stringMatching(/^Zmienna „document\.total” nie jest dostępna dla dokumentów z gotowych PDF-ów/),
      },
    ]);
  });

  it('a field only some ready PDFs were sent with stops the run naming the variable, never an empty place', async () => {
    const ids: string[] = [];
    for (const [key, fields] of [
      ['SMP-0001', { kwota: '12,50' }],
      ['SMP-0002', {}],
    ] as const) {
      const file = { filename: 'n.pdf', contentType: 'application/pdf', data: await pdfFor([key]) };
      const doc = expectStatus(
        await upload(t, w.admin, '/api/documents/pdf', file, {
          type: 'fee_notice',
          recipientKey: key,
          period: '2027-01',
          fields: JSON.stringify(fields),
        }),
        201,
      );
      ids.push(doc.id);
    }
    const batch = expectStatus(
      await call(t, w.admin, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { documentIds: ids },
        // The clerk's own template for this batch (a stored one is checked against the type's data when saved).
        template: { subject: '{{ document.title }}', html: '<p>Kwota: {{ document.kwota }}</p>', text: '' },
      }),
      201,
    );
    expectStatus(await call(t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
    await t.container.services.batches.idle();
    const done = expectStatus(await call(t, w.admin, 'GET', `/api/batches/${batch.id}`), 200);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(
      /^Tworzenie wiadomości zatrzymane przy dokumencie „.+”\. Nieznana zmienna „document\.kwota”\./,
    );
  });
});
