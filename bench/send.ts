/**
 * bench:send — the background sender against plain nodemailer, to the same loopback SMTP sink, in one run.
 *
 * Baseline: nodemailer with a pool of 10 connections composing each message from an object at send time.
 * Engine: our worker sending from the database with all bookkeeping on (claims with leases, frozen MIME from
 * blobs, fenced completion, attempt rows), pool of 10 connections per account. Messages are queued (frozen)
 * before the clock starts, as in production, where queueing happens when a batch is created.
 * Usage: npm run bench:send [-- --messages=3000] [--dialect=postgres]
 * Last line: {"results":[{"messages","size","engine_msgs_per_s","baseline_msgs_per_s","ratio","rss_mb"}, …]}.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/server/config.js';
import { createContainer } from '../src/server/container.js';
import { newId } from '../src/server/lib/ids.js';
import { systemActor } from '../src/server/modules/auth/auth.js';
import { messageIdHeader, messageSearchFields } from '../src/server/modules/messages/messages.js';
import { argValue, benchDb, rssMb } from './support.js';

const dialect = argValue('dialect', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
const count = Number(argValue('messages', '3000'));
const SIZES = { '2KB': 1200, '100KB': 72_000 } as const;

function startSink(): Promise<{ child: ChildProcess; port: number; ask(cmd: string): Promise<{ received: number }> }> {
  const child = fork(path.join(import.meta.dirname, 'sink-process.ts'), [], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve) => {
    child.once('message', (m: { port: number }) =>
      resolve({
        child,
        port: m.port,
        ask: (cmd) =>
          new Promise((r) => {
            child.once('message', (answer) => r(answer as { received: number }));
            child.send({ cmd });
          }),
      }),
    );
  });
}

const html = (filler: number) =>
  `<p>Szanowni Państwo,</p><p>w załączeniu przesyłamy zawiadomienie o wysokości opłat za lokal.</p><p>${'Treść. '.repeat(filler)}</p>`;

async function waitForSink(sink: Awaited<ReturnType<typeof startSink>>, target: number) {
  let rssPeak = rssMb();
  for (;;) {
    const { received } = await sink.ask('count');
    rssPeak = Math.max(rssPeak, rssMb());
    if (received >= target) return rssPeak;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function baseline(port: number, size: keyof typeof SIZES, sink: Awaited<ReturnType<typeof startSink>>) {
  await sink.ask('reset');
  const attachment = size === '100KB' ? randomBytes(SIZES[size]) : null;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 10,
    maxMessages: 100,
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({
        from: '"Spółdzielnia Mieszkaniowa „Przyszłość”" <czynsze@example.pl>',
        replyTo: 'zwroty@example.pl',
        to: `"Adresat ${i} Żółć" <adresat${i}@example.pl>`,
        subject: `Zawiadomienie o wysokości opłat od 01.04.2026 — lokal ${i}`,
        text: `Szanowni Państwo,\n\nw załączeniu przesyłamy zawiadomienie. ${'Treść. '.repeat(size === '2KB' ? 60 : 10)}`,
        html: html(size === '2KB' ? 60 : 10),
        attachments: attachment
          ? [{ filename: `zawiadomienie_${i}.pdf`, content: attachment, contentType: 'application/pdf' }]
          : [],
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return count / seconds;
}

async function engine(port: number, size: keyof typeof SIZES, sink: Awaited<ReturnType<typeof startSink>>) {
  await sink.ask('reset');
  const handle = await benchDb(dialect);
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-bench-')),
      LOG_LEVEL: 'silent',
      WORKER_POLL_MS: '20',
    },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await createContainer(config, { dbHandle: handle, instanceKey: randomBytes(32) });
  const admin = systemActor('bench');
  const account = await container.services.accounts.create(admin, {
    name: 'Konto',
    fromName: 'Spółdzielnia Mieszkaniowa „Przyszłość”',
    fromAddress: 'czynsze@example.pl',
    feedbackAddress: 'zwroty@example.pl',
    envelopeMode: 'verp',
    host: '127.0.0.1',
    port,
    security: 'none',
    username: null,
    password: null,
    rates: { perSecond: null, perMinute: null, perHour: null, perDay: null },
    dkim: null,
    status: 'active',
    maxConnections: 10,
  });
  const { db, repos } = container;
  const now = new Date().toISOString();
  const attachment = size === '100KB' ? randomBytes(SIZES[size]) : null;
  const ids: string[] = [];
  for (let i = 0; i < count; i += 500) {
    await db.transaction().execute(async (tx) => {
      for (let j = i; j < Math.min(count, i + 500); j++) {
        const id = newId();
        ids.push(id);
        const toName = `Adresat ${j} Żółć`;
        const toAddress = `adresat${j}@example.pl`;
        const subject = `Zawiadomienie o wysokości opłat od 01.04.2026 — lokal ${j}`;
        await repos.messages.insert(tx, {
          id,
          account_id: account.id,
          recipient_id: null,
          to_name: toName,
          to_address: toAddress,
          subject,
          status: 'draft',
          message_id_header: messageIdHeader(id, account.fromAddress),
          document_type: 'fee_notice',
          send_at: null,
          queued_at: null,
          sent_at: null,
          last_error: null,
          ...messageSearchFields({ subject, toName, toAddress }),
          created_by: null,
          created_at: now,
          updated_at: now,
        });
        await repos.messages.insertBody(tx, {
          message_id: id,
          html: html(size === '2KB' ? 60 : 10),
          text: `Szanowni Państwo,\n\nw załączeniu przesyłamy zawiadomienie. ${'Treść. '.repeat(size === '2KB' ? 60 : 10)}`,
        });
        if (attachment) {
          const blob = await container.services.blobs.put(tx, Buffer.concat([attachment, Buffer.from(String(j))]));
          await repos.messages.insertAttachment(tx, {
            id: newId(),
            message_id: id,
            blob_sha256: blob.sha256,
            filename: `zawiadomienie_${j}.pdf`,
            content_type: 'application/pdf',
            size: blob.size,
            position: 0,
          });
        }
      }
    });
  }
  const queueStarted = performance.now();
  await container.services.delivery.queue(admin, { selection: { ids }, dryRun: false, sendAt: null });
  const queueSeconds = (performance.now() - queueStarted) / 1000;

  const worker = container.createSendingWorker({ workerId: 'bench' });
  const started = performance.now();
  worker.start();
  const rssPeak = await waitForSink(sink, count);
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  const sent = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  await container.destroy();
  return { rate: count / seconds, queueRate: count / queueSeconds, rssPeak, sent: Number(sent.n) };
}

async function main() {
  const sink = await startSink();
  const results = [];
  for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
    // --only=engine skips the baseline (for profiling the engine alone).
    const base = argValue('only', '') === 'engine' ? Number.NaN : await baseline(sink.port, size, sink);
    const eng = await engine(sink.port, size, sink);
    const ratio = Math.round((eng.rate / base) * 100) / 100;
    console.log(
      `${size}: engine ${Math.round(eng.rate)} msg/s (all ${eng.sent} marked sent; queueing ${Math.round(eng.queueRate)} msg/s), ` +
        `baseline nodemailer ${Math.round(base)} msg/s, ratio ${ratio}, peak RSS ${eng.rssPeak} MB`,
    );
    results.push({
      messages: count,
      size,
      engine_msgs_per_s: Math.round(eng.rate),
      baseline_msgs_per_s: Math.round(base),
      ratio,
      rss_mb: eng.rssPeak,
      dialect,
    });
  }
  sink.child.send({ cmd: 'stop' });
  console.log(JSON.stringify({ results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
