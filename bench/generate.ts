/**
 * From data to drafts: fee notices through the whole path — validate, render the PDF (worker threads), store the
 * blob and the document, then a batch renders the template and creates one draft per recipient e-mail (with the
 * PDF attached). The ceiling: a bare loop on one core drawing the same layout with pdfkit's built-in Helvetica
 * (nothing embedded — it cannot even print Polish letters), in a child process (D94).
 *
 * The machine may be busy, so one measurement of each says little: after a warm-up of both (not counted), rounds
 * alternate the ceiling and the whole path (which goes first alternates too); the figures are medians of the
 * rounds and the ratio is the ratio of the medians. Each round imports the same units' notices again.
 *
 *   npm run bench:generate [-- --documents=10000 --rounds=3 --warmup=1000 --ceiling-docs=3000 --dialect=postgres --keep
 *                               --checkpoints=20000,100000 --memory-log]
 *
 * `npm run bench:generate` builds the server (dist/, as `npm run build`) and this file (bench/build.mjs) and runs
 * them under plain node with the flag production starts node with (`--max-semi-space-size=4`, D88): the process is
 * what production runs. `npm run bench:generate:source` runs the sources
 * through tsx instead (quicker to change, not to measure: tsx costs about 70 MB in the main thread and 45 MB in
 * each render thread). The JSON's `code` says which ran: `built` or `source`. `--memory-log` writes the main
 * thread's heap and the process's RSS to stderr every 10 s.
 *
 * The data folder (/tmp/listonosz-bench-*) and the SQLite file are removed at the end unless --keep is given.
 *
 * Human lines, then as the last line one JSON object: {"documents","dialect","rounds","docs_per_s",
 * "ceiling_docs_per_s","ratio","target","bytes_per_pdf","rss_mb","rss_mb_at_<n>"…,"cpu_ms_per_doc",
 * "ceiling_cpu_ms_per_doc","runs":{…every round's figures}}. CPU time per document (all threads of this process) is
 * given too: a busy machine inflates it far less than the rates.
 *
 * Memory (D80): `rss_mb` is the peak RSS of the whole run (every thread of this process). `rss_mb_at_<n>` is the
 * peak RSS from the start until the first measured round had rendered n documents, for each of --checkpoints and
 * for --documents itself (that one includes the round's batch): with --documents=100000 --checkpoints=20000 one
 * long run shows whether memory grows with the import. The items are made as the import reads them, so the bench
 * holds no batch of its own either.
 */
// First, as in main.ts: heaps grow by half their live objects at most (D84).
import '../src/server/lib/heap-growth.js';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/server/config.js';
import { createContainer } from '../src/server/container.js';
import type { NewRow } from '../src/server/db/schema.js';
import { demoFeeNotice, type FeeNoticeUnit } from '../src/server/demo/demo-documents.js';
import { newId } from '../src/server/lib/ids.js';
import { systemActor } from '../src/server/modules/auth/auth.js';
import { nrbWithCheckDigits } from '../src/shared/nrb.js';
import { loopbackAccount } from '../test/support/accounts.js';
import { argValue, benchDb, logMemory, nextMessage, rssMb } from './support.js';

const dialect = argValue('dialect', 'sqlite') as 'sqlite' | 'postgres';
/** Documents per round (and units seeded). */
const documents = Number(argValue('documents', '10000'));
const rounds = Number(argValue('rounds', '3'));
const warmup = Number(argValue('warmup', '1000'));
const ceilingDocs = Number(argValue('ceiling-docs', '3000'));
/** Sizes at which the peak RSS so far is reported, besides --documents. */
const checkpoints = [
  ...new Set([
    ...argValue('checkpoints', '')
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((n) => n > 0 && n < documents),
    documents,
  ]),
].sort((a, b) => a - b);
/** Leave the data folder (and the SQLite file) behind, to look at them. */
const keep = process.argv.includes('--keep');
const TARGET = 1.5;
/** What ran (D84): the production build under plain node, or the sources through tsx (see above). */
const code = import.meta.url.endsWith('.js') ? 'built' : 'source';
const PERIOD = '2026-04';

function unitOf(i: number): FeeNoticeUnit {
  return {
    key: `B${String(i).padStart(6, '0')}`,
    kind: i % 25 === 0 ? 'garage' : 'flat',
    propertyKind: i % 2 ? 'cooperative' : 'community',
  };
}

/** A round's rate and the CPU time it used per document (every thread of this process, user and system). */
interface Round {
  rate: number;
  cpuMs: number;
  /** Share of the render threads' time spent working (the whole path only). */
  renderBusy?: number;
  /** Share of the main thread's time spent working (the whole path only). */
  mainBusy?: number;
}

/** Times `work` (n documents) by the wall clock and by this process's CPU time. */
async function timed(n: number, work: () => Promise<void>): Promise<Round> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { rate: n / ((performance.now() - started) / 1000), cpuMs: (used.user + used.system) / 1000 / n };
}

/**
 * The ceiling: the same layout and data, Helvetica (no embedding), one thread, nothing stored — in a child process of
 * its own (this file with `--ceiling-child`), so that what this process measures (its RSS above all) is what
 * production runs: the ceiling's pdfkit, fonts and garbage stay out of it (D94).
 */
async function ceilingChild(): Promise<void> {
  const { documentType } = await import('../src/server/documents/registry.js');
  const { renderDocumentPdf } = await import('../src/server/documents/render.js');
  const { SAMPLE_PARTIES } = await import('../src/server/documents/templates.js');
  const def = documentType('fee_notice');
  const datas = Array.from({ length: 200 }, (_, i) => def.schema.parse(demoFeeNotice(unitOf(i), PERIOD)));
  const job = (i: number) => ({
    type: 'fee_notice' as const,
    data: datas[i % datas.length],
    parties: SAMPLE_PARTIES,
    createdAt: '2026-03-20T08:00:00.000Z',
    fonts: 'standard' as const,
  });
  process.on('message', async (m: { n: number }) => {
    const round = await timed(m.n, async () => {
      for (let i = 0; i < m.n; i++) await renderDocumentPdf(job(i));
    });
    process.send?.(round);
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.('ready');
}

/** Starts the ceiling's process; `run(n)` renders n documents there and gives back the round. */
async function startCeiling() {
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--ceiling-child'], {
    execArgv: process.execArgv,
  });
  const what = "the ceiling's process";
  await nextMessage(child, what);
  return {
    run(n: number): Promise<Round> {
      const round = nextMessage<Round>(child, what);
      child.send({ n });
      return round;
    },
    stop: () => child.disconnect(),
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function main() {
  const handle = await benchDb(dialect, { keep });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'listonosz-bench-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LISTONOSZ_DATA_DIR: dataDir,
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
  // The seed writes what a recipients import would, directly; like that import, it leaves fresh planner statistics.
  await handle.dialect.analyzeAfterBulkWrite(
    db,
    ['recipients', 'recipient_emails', 'units', 'recipient_units'],
    documents,
  );
  const account = await services.accounts.create(
    admin,
    loopbackAccount({
      name: 'Czynsze',
      fromName: 'Administracja — Czynsze',
      fromAddress: 'czynsze@example.pl',
      feedbackAddress: 'zwroty@example.pl',
      envelopeMode: 'feedback',
      maxConnections: 5,
    }),
  );
  const position = await services.positions.create(admin, { name: 'Czynsze', description: '' });
  await services.positions.setAccounts(admin, position.id, [{ accountId: account.id, role: 'default' }]);
  await services.positions.setProperties(admin, position.id, [propertyId]);
  const ran = code === 'built' ? 'built code (dist/, plain node)' : 'from source (tsx)';
  console.log(
    `${dialect}, ${ran}: seeded ${documents} units and owners in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  let peakRss = rssMb();
  /** Peak RSS so far at each checkpoint (set while the first measured round is under way). */
  const rssAt = new Map<number, number>();
  /** Renders finished when the first measured round began (null before and after it). */
  let measuredFrom: number | null = null;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb());
    if (measuredFrom === null) return;
    const rendered = container.renderPool.stats().completed - measuredFrom;
    for (const n of checkpoints) if (rendered <= n) rssAt.set(n, Math.max(rssAt.get(n) ?? 0, peakRss));
  }, 100);

  if (process.argv.includes('--memory-log')) logMemory(() => container.renderPool.stats().completed);
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  /** The whole path for the first n units, timed end to end. */
  async function wholePath(n: number, label: string, measured = false): Promise<Round> {
    // Made as the import reads them (twice: it checks them all, then stores them chunk by chunk), never all at once.
    const items = {
      *[Symbol.iterator]() {
        for (let i = 0; i < n; i++)
          yield { line: i + 1, recipientKey: unitOf(i).key, data: demoFeeNotice(unitOf(i), PERIOD) };
      },
    };
    if (measured) measuredFrom = container.renderPool.stats().completed;
    const cpu = process.cpuUsage();
    const threadsBefore = container.renderPool.usage();
    const mainBefore = performance.eventLoopUtilization();
    const started = performance.now();
    const imported = await services.documents.importData(admin, 'fee_notice', items);
    const importedAt = performance.now();
    const threadsImported = container.renderPool.usage();
    const mainImported = performance.eventLoopUtilization(mainBefore);
    const batch = await services.batches.create(admin, {
      documentType: 'fee_notice',
      positionId: position.id,
      selection: { importId: imported.importId },
    });
    await services.batches.run(admin, batch.id);
    await services.batches.idle();
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const threadsAfter = container.renderPool.usage();
    const mainAll = performance.eventLoopUtilization(mainBefore);
    const share = (a: { active: number; idle: number }, b: { active: number; idle: number }) =>
      (b.active - a.active) / Math.max(1, b.active - a.active + b.idle - a.idle);
    if (measured) {
      // A checkpoint the sampler never saw (a round shorter than its period) gets the peak so far: never less.
      peakRss = Math.max(peakRss, rssMb());
      for (const c of checkpoints) if (!rssAt.has(c)) rssAt.set(c, peakRss);
      measuredFrom = null;
    }
    const done = await services.batches.get(admin, batch.id);
    if (done.status !== 'ready' || done.emailCount !== n) {
      throw new Error(`batch ended ${done.status} with ${done.emailCount} drafts (expected ${n}): ${done.error}`);
    }
    const round = {
      rate: n / elapsed,
      cpuMs: (used.user + used.system) / 1000 / n,
      renderBusy: share(threadsBefore, threadsAfter),
      mainBusy: mainAll.utilization,
    };
    console.log(
      `${label}: whole path: ${n} fee notices → ${done.emailCount} drafts in ${elapsed.toFixed(1)} s = ${round.rate.toFixed(0)} docs/s, ` +
        `${round.cpuMs.toFixed(2)} ms CPU/doc ` +
        `(import — validate, render in ${config.renderThreads ?? 'all'} threads, store — ${((importedAt - started) / 1000).toFixed(1)} s; ` +
        `batch — template, drafts with attachment — ${((performance.now() - importedAt) / 1000).toFixed(1)} s); ` +
        `render threads busy ${pct(round.renderBusy)} (import ${pct(share(threadsBefore, threadsImported))}), ` +
        `main thread busy ${pct(round.mainBusy)} (import ${pct(mainImported.utilization)})`,
    );
    return round;
  }
  const ceiling = await startCeiling();
  const ceilingRound = async (n: number, label: string) => {
    const round = await ceiling.run(n);
    console.log(
      `${label}: ceiling (bare pdfkit loop, Helvetica, one core): ${n} docs at ${round.rate.toFixed(0)} docs/s, ` +
        `${round.cpuMs.toFixed(2)} ms CPU/doc`,
    );
    return round;
  };

  await ceilingRound(Math.min(200, ceilingDocs), 'warm-up');
  await wholePath(Math.min(warmup, documents), 'warm-up');
  const ours: Round[] = [];
  const bare: Round[] = [];
  for (let round = 1; round <= rounds; round++) {
    const label = `round ${round}`;
    if (round % 2) {
      bare.push(await ceilingRound(ceilingDocs, label));
      ours.push(await wholePath(documents, label, round === 1));
    } else {
      ours.push(await wholePath(documents, label, round === 1));
      bare.push(await ceilingRound(ceilingDocs, label));
    }
  }
  clearInterval(sampler);
  ceiling.stop();

  const size = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.avg<number>('pdf_size').as('avg'))
    .executeTakeFirstOrThrow();
  await container.destroy();
  if (keep) console.log(`data folder kept: ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });

  const docsPerS = median(ours.map((r) => r.rate));
  const ceilingPerS = median(bare.map((r) => r.rate));
  const ms = (x: number) => Math.round(x * 100) / 100;
  const result = {
    documents,
    dialect,
    code,
    rounds,
    docs_per_s: Math.round(docsPerS),
    ceiling_docs_per_s: Math.round(ceilingPerS),
    ratio: Math.round((docsPerS / ceilingPerS) * 100) / 100,
    target: TARGET,
    bytes_per_pdf: Math.round(Number(size.avg)),
    rss_mb: peakRss,
    ...Object.fromEntries(checkpoints.map((n) => [`rss_mb_at_${n}`, rssAt.get(n) ?? null])),
    // CPU time per document (medians): what a busy machine inflates least; the ceiling uses one thread.
    cpu_ms_per_doc: ms(median(ours.map((r) => r.cpuMs))),
    ceiling_cpu_ms_per_doc: ms(median(bare.map((r) => r.cpuMs))),
    // Shares of wall time the render threads (summed) and the main thread spent working in the whole path.
    render_threads_busy: ms(median(ours.map((r) => r.renderBusy ?? 0))),
    main_thread_busy: ms(median(ours.map((r) => r.mainBusy ?? 0))),
    runs: {
      docs_per_s: ours.map((r) => Math.round(r.rate)),
      ceiling_docs_per_s: bare.map((r) => Math.round(r.rate)),
      cpu_ms_per_doc: ours.map((r) => ms(r.cpuMs)),
      ceiling_cpu_ms_per_doc: bare.map((r) => ms(r.cpuMs)),
      render_threads_busy: ours.map((r) => ms(r.renderBusy ?? 0)),
      main_thread_busy: ours.map((r) => ms(r.mainBusy ?? 0)),
    },
  };
  const spread = (xs: Round[]) =>
    `${Math.round(Math.min(...xs.map((r) => r.rate)))}–${Math.round(Math.max(...xs.map((r) => r.rate)))}`;
  console.log(
    `${ran}: medians of ${rounds} rounds: ${result.docs_per_s} docs/s (runs ${spread(ours)}), ceiling ${result.ceiling_docs_per_s} ` +
      `docs/s (runs ${spread(bare)}); CPU per document ${result.cpu_ms_per_doc} ms (ceiling ${result.ceiling_cpu_ms_per_doc} ms); ratio ${result.ratio} (target ≥ ${TARGET}); ${result.bytes_per_pdf} bytes per PDF ` +
      `(target ≤ 30 KB); peak RSS ${peakRss} MB (so far at ${checkpoints.map((n) => `${n}: ${rssAt.get(n)} MB`).join(', ')})`,
  );
  console.log(JSON.stringify(result));
}

(process.argv.includes('--ceiling-child') ? ceilingChild() : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
