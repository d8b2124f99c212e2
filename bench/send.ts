/**
 * bench:send — the background sender against plain nodemailer, to the same loopback SMTP sink, in one run.
 *
 * Baseline: nodemailer with a pool of 10 connections composing each message from an object at send time.
 * Engine: `listonosz worker`'s code in a process of its own (as in production), sending from the database with
 * all bookkeeping on (claims with leases, frozen MIME from blobs, fenced completion, attempt rows), a pool of 10
 * connections. Messages are queued (frozen) by this process first, as the web server does when a batch is made.
 * The sink runs in a third process. RSS is the worker process's peak.
 * Usage: npm run bench:send [-- --messages=3000] [--rounds=3] [--dialect=postgres]
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
import { createTestDb } from '../test/support/db.js';
import { argValue, rssMb } from './support.js';

const dialect = argValue('dialect', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
const count = Number(argValue('messages', '3000'));
const SIZES = { '2KB': 1200, '100KB': 72_000 } as const;
type Size = keyof typeof SIZES;

interface Counter {
  ask(cmd: 'count' | 'reset'): Promise<{ received: number }>;
}
type Sink = Counter & { child: ChildProcess; port: number };

function fork$(script: string, args: string[], env: Record<string, string> = {}, execArgv: string[] = []) {
  return fork(path.join(import.meta.dirname, script), args, {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
  });
}

function startSink(): Promise<Sink> {
  const child = fork$('sink-process.ts', []);
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

const text = (size: Size) =>
  `Szanowni Państwo,\n\nw załączeniu przesyłamy zawiadomienie. ${'Treść. '.repeat(size === '2KB' ? 60 : 10)}`;
const html = (size: Size) =>
  `<p>Szanowni Państwo,</p><p>w załączeniu przesyłamy zawiadomienie o wysokości opłat za lokal.</p><p>${'Treść. '.repeat(size === '2KB' ? 60 : 10)}</p>`;

async function baseline(sink: Sink, size: Size): Promise<number> {
  await sink.ask('reset');
  const attachment = size === '100KB' ? randomBytes(SIZES[size]) : null;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sink.port,
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
        text: text(size),
        html: html(size),
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

/** Seeds `count` drafts (one PDF each for 100KB) and queues them, as the web server would. */
async function produce(port: number, size: Size) {
  const handle = await createTestDb({ dialect, file: true });
  const instanceKey = randomBytes(32);
  const config = loadConfig(
    { NODE_ENV: 'test', LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-bench-')), LOG_LEVEL: 'silent' },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await createContainer(config, { dbHandle: handle, instanceKey });
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
          mailbox: 'drafts',
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
        await repos.messages.insertBody(tx, { message_id: id, html: html(size), text: text(size) });
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
  const started = performance.now();
  await container.services.delivery.queue(admin, { selection: { ids }, dryRun: false, sendAt: null });
  const queueRate = count / ((performance.now() - started) / 1000);
  return {
    queueRate,
    env: { ...handle.env, LISTONOSZ_SECRET_KEY: instanceKey.toString('base64') },
    async sentCount() {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    destroy: () => container.destroy(),
  };
}

/** The worker process: sends until the sink has everything, reports its rate and peak RSS. */
async function workerProcess() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', WORKER_POLL_MS: '20' });
  const container = await createContainer(config);
  const worker = container.createSendingWorker({ workerId: 'bench' });
  const sink: Counter = {
    ask: (cmd) =>
      new Promise((resolve) => {
        process.once('message', (m) => resolve(m as { received: number }));
        process.send?.({ sink: cmd });
      }),
  };
  let rssPeak = rssMb();
  const started = performance.now();
  worker.start();
  while ((await sink.ask('count')).received < count) {
    rssPeak = Math.max(rssPeak, rssMb());
    await new Promise((r) => setTimeout(r, 10));
  }
  const rate = count / ((performance.now() - started) / 1000);
  await worker.stop();
  await container.destroy();
  process.send?.({ result: { rate, rssPeak } }, () => process.exit(0));
}

function runWorker(sink: Sink, env: Record<string, string>): Promise<{ rate: number; rssPeak: number }> {
  // BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of the worker process.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child = fork$('send.ts', ['--worker-process', `--messages=${count}`], env, profile);
  return new Promise((resolve, reject) => {
    child.on('message', (m: { sink?: 'count' | 'reset'; result?: { rate: number; rssPeak: number } }) => {
      if (m.result) resolve(m.result);
      else if (m.sink) void sink.ask(m.sink).then((answer) => child.send(answer));
    });
    child.once('exit', (code) => (code ? reject(new Error(`worker process exited with ${code}`)) : undefined));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  if (process.argv.includes('--worker-process')) return workerProcess();
  const rounds = Number(argValue('rounds', '3'));
  const sink = await startSink();
  const results = [];
  for (const size of Object.keys(SIZES) as Size[]) {
    // Alternating rounds, medians: one noisy moment on a shared machine does not decide the ratio.
    const base: number[] = [];
    const engine: { rate: number; rssPeak: number }[] = [];
    let queueRate = 0;
    for (let round = 0; round < rounds; round++) {
      base.push(await baseline(sink, size));
      const producer = await produce(sink.port, size);
      await sink.ask('reset');
      engine.push(await runWorker(sink, producer.env));
      const sent = await producer.sentCount();
      if (sent !== count) throw new Error(`only ${sent} of ${count} messages were marked sent`);
      queueRate = producer.queueRate;
      await producer.destroy();
      console.log(
        `${size} round ${round + 1}: baseline ${Math.round(base.at(-1) ?? 0)} msg/s, engine ${Math.round(engine.at(-1)?.rate ?? 0)} msg/s`,
      );
    }
    const engineRate = median(engine.map((e) => e.rate));
    const baseRate = median(base);
    const ratio = Math.round((engineRate / baseRate) * 100) / 100;
    const rss = Math.max(...engine.map((e) => e.rssPeak));
    console.log(
      `${size} (${dialect}): engine ${Math.round(engineRate)} msg/s (every message marked sent), baseline nodemailer ` +
        `${Math.round(baseRate)} msg/s, ratio ${ratio} (medians of ${rounds}); worker RSS peak ${rss} MB; ` +
        `queueing (freezing) ${Math.round(queueRate)} msg/s`,
    );
    results.push({
      messages: count,
      size,
      engine_msgs_per_s: Math.round(engineRate),
      baseline_msgs_per_s: Math.round(baseRate),
      ratio,
      rss_mb: rss,
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
