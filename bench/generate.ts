/**
 * From data to drafts: 20 000 fee notices through the whole path — validate, render the PDF (worker threads),
 * store the blob and the document, then a batch renders the template and creates one draft per recipient
 * e-mail (with the PDF attached). The ceiling, measured in the same run: a bare loop on one core drawing
 * the same layout with pdfkit's built-in Helvetica (nothing embedded — it cannot even print Polish letters).
 *
 *   npm run bench:generate [-- --documents=20000 --dialect=postgres --ceiling-docs=3000]
 *
 * Last line: {"documents":N,"docs_per_s":…,"ceiling_docs_per_s":…,"ratio":…,"bytes_per_pdf":…,"rss_mb":…}
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/server/config.js';
import { createContainer } from '../src/server/container.js';
import type { NewRow } from '../src/server/db/schema.js';
import { demoFeeNotice, type FeeNoticeUnit } from '../src/server/demo/demo-documents.js';
import { documentType } from '../src/server/documents/registry.js';
import { renderDocumentPdf } from '../src/server/documents/render.js';
import { SAMPLE_PARTIES } from '../src/server/documents/templates.js';
import { newId } from '../src/server/lib/ids.js';
import { systemActor } from '../src/server/modules/auth/auth.js';
import { nrbWithCheckDigits } from '../src/shared/nrb.js';
import { argValue, benchDb, rssMb } from './support.js';

const dialect = argValue('dialect', 'sqlite') as 'sqlite' | 'postgres';
const documents = Number(argValue('documents', '20000'));
const ceilingDocs = Number(argValue('ceiling-docs', '3000'));
const PERIOD = '2026-04';

function unitOf(i: number): FeeNoticeUnit {
  return {
    key: `B${String(i).padStart(6, '0')}`,
    kind: i % 25 === 0 ? 'garage' : 'flat',
    propertyKind: i % 2 ? 'cooperative' : 'community',
  };
}

/** The ceiling: the same layout and data, Helvetica (no embedding), one thread, nothing stored. */
async function ceiling(): Promise<number> {
  const def = documentType('fee_notice');
  const datas = Array.from({ length: 200 }, (_, i) => def.schema.parse(demoFeeNotice(unitOf(i), PERIOD)));
  const job = (i: number) => ({
    type: 'fee_notice' as const,
    data: datas[i % datas.length],
    parties: SAMPLE_PARTIES,
    createdAt: '2026-03-20T08:00:00.000Z',
    fonts: 'standard' as const,
  });
  for (let i = 0; i < 200; i++) await renderDocumentPdf(job(i)); // warm-up
  const started = performance.now();
  for (let i = 0; i < ceilingDocs; i++) await renderDocumentPdf(job(i));
  return ceilingDocs / ((performance.now() - started) / 1000);
}

async function main() {
  const handle = await benchDb(dialect);
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-bench-')),
      LOG_LEVEL: 'silent',
      ...(process.env.RENDER_THREADS ? { RENDER_THREADS: process.env.RENDER_THREADS } : {}),
    },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await createContainer(config, { dbHandle: handle, instanceKey: randomBytes(32) });
  const { db, services } = container;
  const admin = systemActor('bench');

  // Seed: one property, N units with NRBs, one owner each (e-mail, consent), a position and its account.
  const seedStart = Date.now();
  const now = new Date().toISOString();
  const propertyId = newId();
  await db
    .insertInto('properties')
    .values({
      id: propertyId,
      name: 'SM „Benchmark”',
      kind: 'cooperative',
      street: 'ul. Długa 1',
      postal_code: '30-001',
      city: 'Kraków',
      nip: '6762468029',
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (let start = 0; start < documents; start += 500) {
    const units: NewRow<'units'>[] = [];
    const people: NewRow<'recipients'>[] = [];
    const emails: NewRow<'recipient_emails'>[] = [];
    const links: NewRow<'recipient_units'>[] = [];
    for (let i = start; i < Math.min(documents, start + 500); i++) {
      const u = unitOf(i);
      const unitId = newId();
      const personId = newId();
      const name = `Właściciel Łukasz Żółć ${i}`;
      units.push({
        id: unitId,
        property_id: propertyId,
        number: String(i),
        kind: u.kind,
        address: `ul. Długa 1/${i}, 30-001 Kraków`,
        bank_account: nrbWithCheckDigits(`10201026${String(i).padStart(16, '0')}`),
        external_key: u.key,
        created_at: now,
        updated_at: now,
      });
      people.push({
        id: personId,
        name,
        street: `ul. Długa 1/${i}`,
        postal_code: '30-001',
        city: 'Kraków',
        country: 'PL',
        channel: 'email' as const,
        consent_at: '2025-01-02',
        consent_source: 'oświadczenie',
        external_key: `R${i}`,
        search_text: name.toLowerCase(),
        sort_name: name.toLowerCase(),
        created_at: now,
        updated_at: now,
      });
      emails.push({ id: newId(), recipient_id: personId, address: `wlasciciel${i}@example.pl`, position: 0 });
      links.push({ recipient_id: personId, unit_id: unitId, role: 'owner' as const });
    }
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < units.length; i += 50) {
        await tx
          .insertInto('units')
          .values(units.slice(i, i + 50))
          .execute();
        await tx
          .insertInto('recipients')
          .values(people.slice(i, i + 50))
          .execute();
        await tx
          .insertInto('recipient_emails')
          .values(emails.slice(i, i + 50))
          .execute();
        await tx
          .insertInto('recipient_units')
          .values(links.slice(i, i + 50))
          .execute();
      }
    });
  }
  const account = await services.accounts.create(admin, {
    name: 'Czynsze',
    fromName: 'Administracja — Czynsze',
    fromAddress: 'czynsze@example.pl',
    feedbackAddress: 'zwroty@example.pl',
    envelopeMode: 'feedback',
    readReceipt: false,
    host: '127.0.0.1',
    port: 2525,
    security: 'none',
    username: null,
    password: null,
    rates: { perSecond: null, perMinute: null, perHour: null, perDay: null },
    dkim: null,
    status: 'active',
    maxConnections: 5,
  });
  const position = await services.positions.create(admin, { name: 'Czynsze', description: '' });
  await services.positions.setAccounts(admin, position.id, [{ accountId: account.id, role: 'default' }]);
  await services.positions.setProperties(admin, position.id, [propertyId]);
  const items = Array.from({ length: documents }, (_, i) => ({
    line: i + 1,
    recipientKey: unitOf(i).key,
    data: demoFeeNotice(unitOf(i), PERIOD),
  }));
  console.log(`${dialect}: seeded ${documents} units and owners in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  let peakRss = rssMb();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb());
  }, 100);

  // The whole path, timed end to end.
  const started = performance.now();
  const imported = await services.documents.importData(admin, 'fee_notice', items);
  const importedAt = performance.now();
  const batch = await services.batches.create(admin, {
    documentType: 'fee_notice',
    positionId: position.id,
    selection: { importId: imported.importId },
  });
  await services.batches.run(admin, batch.id);
  await services.batches.idle();
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);

  const done = await services.batches.get(admin, batch.id);
  if (done.status !== 'ready' || done.emailCount !== documents) {
    throw new Error(`batch ended ${done.status} with ${done.emailCount} drafts (expected ${documents}): ${done.error}`);
  }
  const size = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.avg<number>('pdf_size').as('avg'))
    .executeTakeFirstOrThrow();
  const docsPerS = documents / elapsed;
  console.log(
    `import (validate, render in ${config.renderThreads ?? 'all'} threads, store): ${((importedAt - started) / 1000).toFixed(1)} s; ` +
      `batch (template, drafts with attachment): ${((performance.now() - importedAt) / 1000).toFixed(1)} s`,
  );
  console.log(
    `whole path: ${documents} fee notices → ${done.emailCount} drafts in ${elapsed.toFixed(1)} s = ${docsPerS.toFixed(0)} docs/s`,
  );
  await container.destroy();

  const ceilingPerS = await ceiling();
  console.log(`ceiling (bare pdfkit loop, Helvetica, one core): ${ceilingPerS.toFixed(0)} docs/s`);
  const result = {
    documents,
    dialect,
    docs_per_s: Math.round(docsPerS),
    ceiling_docs_per_s: Math.round(ceilingPerS),
    ratio: Math.round((docsPerS / ceilingPerS) * 100) / 100,
    bytes_per_pdf: Math.round(Number(size.avg)),
    rss_mb: peakRss,
  };
  console.log(
    `ratio ${result.ratio} (target ≥ 1.5); ${result.bytes_per_pdf} bytes per PDF (target ≤ 30 KB); peak RSS ${peakRss} MB`,
  );
  console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
