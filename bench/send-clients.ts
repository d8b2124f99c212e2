/**
 * The two senders of bench:send, each in a long-lived process of its own (forked by bench/send.ts), so both are
 * measured warm, as a sending server runs, and neither shares an event loop with the benchmark's bookkeeping.
 * - `--role=baseline`: plain nodemailer, a pool of 10 connections, composing every message from an object.
 * - `--role=engine`: `listonosz worker`'s code over the database the parent filled (env), all bookkeeping on.
 * - `--role=socket`: the wire limit — the same frozen bytes over bare sockets (bench/send-socket.ts), read from
 *   that database before the clock starts.
 * Each answers `{cmd:'run', n, size}` with `{result:{rate, rssPeak}}` once n messages were delivered.
 */
import nodemailer from 'nodemailer';
import {
  attachmentBytes,
  attachmentName,
  FEEDBACK_ADDRESS,
  FROM_ADDRESS,
  FROM_NAME,
  html,
  type Size,
  subject,
  text,
  toAddress,
  toName,
} from './send-content.js';
import type { WireMessage } from './send-socket.js';
import { argValue, rssMb } from './support.js';

export interface RunResult {
  rate: number;
  rssPeak: number;
  /** CPU time (user + system, all threads) of this process per message delivered. */
  cpuMsPerMessage: number;
}
interface RunCommand {
  cmd: 'run';
  n: number;
  size: Size;
  /** The socket role: the queued messages whose frozen bytes it sends. */
  ids?: string[];
}
type Command = RunCommand | { cmd: 'exit' };

/** Peak RSS of this process while `work` runs. */
async function measured(n: number, work: () => Promise<void>): Promise<RunResult> {
  let rssPeak = rssMb();
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb());
  }, 10);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const rate = n / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  return { rate, rssPeak: Math.max(rssPeak, rssMb()), cpuMsPerMessage: (used.user + used.system) / 1000 / n };
}

/** Asks the parent to pass a command to the sink and waits for the sink's answer. */
function askSink(cmd: { cmd: 'wait'; n: number }): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (m: { sinkAnswer?: unknown }) => {
      if (!m.sinkAnswer) return;
      process.off('message', onMessage);
      resolve(m.sinkAnswer);
    };
    process.on('message', onMessage);
    process.send?.({ sink: cmd });
  });
}

async function baselineRole(port: number) {
  const attachments = new Map<Size, Buffer | null>();
  const run = async ({ n, size }: RunCommand) => {
    if (!attachments.has(size)) attachments.set(size, attachmentBytes(size));
    const attachment = attachments.get(size);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 10,
      maxMessages: 100,
    });
    const result = await measured(n, async () => {
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          transport.sendMail({
            from: { name: FROM_NAME, address: FROM_ADDRESS },
            replyTo: FEEDBACK_ADDRESS,
            to: { name: toName(i), address: toAddress(i) },
            subject: subject(i),
            text: text(size),
            html: html(size),
            attachments: attachment
              ? [{ filename: attachmentName(i), content: attachment, contentType: 'application/pdf' }]
              : [],
          }),
        ),
      );
    });
    transport.close();
    return result;
  };
  return { run, close: async () => {} };
}

async function engineRole() {
  // Loaded here only: the baseline process carries nothing of the application.
  const { loadConfig } = await import('../src/server/config.js');
  const { createContainer } = await import('../src/server/container.js');
  // The production configuration: default poll interval, lease and pool settings.
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const container = await createContainer(config);
  const run = async ({ n }: RunCommand) => {
    // A worker per run (as after a restart), in a process that stays warm between runs.
    const worker = container.createSendingWorker({ workerId: 'bench' });
    const result = await measured(n, async () => {
      worker.start();
      await askSink({ cmd: 'wait', n });
    });
    await worker.stop(); // every outcome written: the parent checks that all n are marked sent
    return result;
  };
  return { run, close: () => container.destroy() };
}

async function socketRole(port: number) {
  const { loadConfig } = await import('../src/server/config.js');
  const { createContainer } = await import('../src/server/container.js');
  const { chunks } = await import('../src/server/lib/chunks.js');
  const { sendBare } = await import('./send-socket.js');
  const container = await createContainer(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
  const run = async ({ n, ids = [] }: RunCommand) => {
    const messages: WireMessage[] = [];
    for (const part of chunks(ids, 500)) {
      const rows = await container.db
        .selectFrom('messages')
        .select(['eml_sha256', 'envelope_from', 'to_address'])
        .where('id', 'in', part)
        .execute();
      const bytes = await container.blobReader.read(rows.map((r) => r.eml_sha256 as string));
      for (const r of rows) {
        messages.push({
          from: r.envelope_from as string,
          to: r.to_address,
          raw: bytes.get(r.eml_sha256 as string) as Buffer,
        });
      }
    }
    if (messages.length !== n) throw new Error(`socket role: ${messages.length} of ${n} frozen messages found`);
    return measured(n, async () => {
      await sendBare(port, messages);
      await askSink({ cmd: 'wait', n });
    });
  };
  return { run, close: () => container.destroy() };
}

async function main() {
  const role = argValue('role', '');
  const port = Number(argValue('port', '0'));
  const client =
    role === 'engine' ? await engineRole() : role === 'socket' ? await socketRole(port) : await baselineRole(port);
  process.on('message', (m: Command) => {
    if (m.cmd === 'run') void client.run(m).then((result) => process.send?.({ result }));
    // A normal exit, so that a CPU profile (--cpu-prof) is written.
    if (m.cmd === 'exit') void client.close().then(() => process.exit(0));
  });
  process.send?.({ ready: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
