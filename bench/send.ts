/**
 * bench:send — the background sender against plain nodemailer, to the same loopback SMTP sink, in one run.
 *
 * Baseline: nodemailer with a pool of 10 connections composing each message from an object at send time.
 * Bare socket (the wire limit): the engine's frozen bytes written to 10 plain sockets, SMTP pipelined, nothing else
 * (bench/send-socket.ts); `engine_share` is the engine's rate over it.
 * Engine: `listonosz worker`'s code sending from the database with all bookkeeping on (claims with leases, frozen
 * MIME from blobs, fenced completion, attempt rows), a pool of 10 connections, production settings.
 * Each side runs in a long-lived process of its own (bench/send-clients.ts), warmed up with `--warmup` messages
 * before the measured rounds, as a sending server is warm; the sink runs in a third process. Before each engine
 * round this process seeds drafts and queues (freezes) them, as the web server does when a batch is made, while
 * the worker is stopped (timed: `queue_msgs_per_s`). Each round runs baseline, bare socket, engine; the figures are
 * medians. RSS is the worker's peak.
 * Usage: npm run bench:send [-- --messages=3000] [--rounds=3] [--warmup=500] [--dialect=postgres] [--size=100KB]
 * Last line: {"results":[{"messages","size","dialect","engine_msgs_per_s","baseline_msgs_per_s","socket_msgs_per_s",
 * "ratio","engine_share","baseline_share","queue_msgs_per_s","rss_mb"}, …]}. `baseline_share` is plain nodemailer's
 * rate over the bare socket's: what the engine's share can be held against, the engine sending through nodemailer.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { RunResult } from './send-clients.js';
import { SIZES, type Size } from './send-content.js';
import { createProducer } from './send-producer.js';
import { argValue } from './support.js';

const dialect = argValue('dialect', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
const count = Number(argValue('messages', '3000'));
const rounds = Number(argValue('rounds', '3'));
const warmup = Number(argValue('warmup', '500'));

type SinkCommand = { cmd: 'count' | 'reset' | 'stop' } | { cmd: 'wait'; n: number };
interface Sink {
  port: number;
  ask(cmd: SinkCommand): Promise<unknown>;
  stop(): void;
}

function forkTs(script: string, args: string[], env: Record<string, string> = {}, execArgv: string[] = []) {
  return fork(path.join(import.meta.dirname, script), args, {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
  });
}

function startSink(): Promise<Sink> {
  const child = forkTs('sink-process.ts', []);
  return new Promise((resolve) => {
    child.once('message', (m: { port: number }) =>
      resolve({
        port: m.port,
        // One question at a time: answers come back in order.
        ask: (cmd) =>
          new Promise((r) => {
            child.once('message', r);
            child.send(cmd);
          }),
        stop: () => child.send({ cmd: 'stop' }),
      }),
    );
  });
}

/** A sender process (baseline or engine); its `run` resolves with the rate once n messages were delivered. */
function startClient(role: 'baseline' | 'engine' | 'socket', sink: Sink, env: Record<string, string> = {}) {
  // BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of each sender process.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child: ChildProcess = forkTs('send-clients.ts', [`--role=${role}`, `--port=${sink.port}`], env, profile);
  let pending: { resolve: (r: RunResult) => void; reject: (e: Error) => void } | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; sink?: SinkCommand; result?: RunResult }) => {
      if (m.ready) resolve();
      else if (m.sink) void sink.ask(m.sink).then((sinkAnswer) => child.send({ sinkAnswer }));
      else if (m.result) pending?.resolve(m.result);
    });
    child.once('exit', (code) => {
      const err = new Error(`${role} process exited with ${code}`);
      reject(err);
      pending?.reject(err);
    });
  });
  return {
    ready,
    run(n: number, size: Size, ids?: string[]): Promise<RunResult> {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ cmd: 'run', n, size, ids });
      });
    },
    stop(): Promise<void> {
      child.removeAllListeners('exit');
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ cmd: 'exit' });
      });
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function measureSize(sink: Sink, size: Size) {
  const producer = await createProducer(dialect, sink.port, size);
  const baseline = startClient('baseline', sink);
  const engine = startClient('engine', sink, producer.env);
  const socket = startClient('socket', sink, producer.env);
  await Promise.all([baseline.ready, engine.ready, socket.ready]);
  const base: number[] = [];
  const eng: RunResult[] = [];
  const bare: number[] = [];
  const queueRates: number[] = [];
  let expectedSent = 0;
  // Round 0 warms the processes up and is not counted.
  for (let round = 0; round <= rounds; round++) {
    const n = round === 0 ? warmup : count;
    await sink.ask({ cmd: 'reset' });
    const b = await baseline.run(n, size);
    await producer.seed(n);
    const queueRate = await producer.queue();
    await sink.ask({ cmd: 'reset' });
    // The same frozen bytes over bare sockets; the messages stay queued for the engine.
    const w = await socket.run(n, size, producer.lastIds());
    await sink.ask({ cmd: 'reset' });
    const e = await engine.run(n, size);
    expectedSent += n;
    const sent = await producer.sentCount();
    if (sent !== expectedSent) throw new Error(`only ${sent} of ${expectedSent} messages were marked sent`);
    const line =
      `baseline ${Math.round(b.rate)} msg/s (${b.cpuMsPerMessage.toFixed(2)} ms CPU/msg), ` +
      `engine ${Math.round(e.rate)} msg/s (${e.cpuMsPerMessage.toFixed(2)} ms CPU/msg), ` +
      `bare socket ${Math.round(w.rate)} msg/s (${w.cpuMsPerMessage.toFixed(2)} ms CPU/msg), queueing ${Math.round(queueRate)} msg/s`;
    if (round === 0) {
      console.log(`${size} warm-up (${n} messages each): ${line}`);
      continue;
    }
    base.push(b.rate);
    eng.push(e);
    bare.push(w.rate);
    queueRates.push(queueRate);
    console.log(`${size} round ${round}: ${line}`);
  }
  await Promise.all([baseline.stop(), engine.stop(), socket.stop()]);
  await producer.destroy();
  const engineRate = median(eng.map((e) => e.rate));
  const baseRate = median(base);
  const bareRate = median(bare);
  const queueRate = median(queueRates);
  const ratio = Math.round((engineRate / baseRate) * 100) / 100;
  const share = Math.round((engineRate / bareRate) * 100) / 100;
  const baselineShare = Math.round((baseRate / bareRate) * 100) / 100;
  const rss = Math.max(...eng.map((e) => e.rssPeak));
  console.log(
    `${size} (${dialect}): engine ${Math.round(engineRate)} msg/s (every message marked sent), baseline nodemailer ` +
      `${Math.round(baseRate)} msg/s, ratio ${ratio}; bare socket ${Math.round(bareRate)} msg/s, engine share ${share} ` +
      `(nodemailer's ${baselineShare}) ` +
      `(medians of ${rounds}); worker RSS peak ${rss} MB; queueing (freezing) ${Math.round(queueRate)} msg/s`,
  );
  return {
    messages: count,
    size,
    dialect,
    engine_msgs_per_s: Math.round(engineRate),
    baseline_msgs_per_s: Math.round(baseRate),
    socket_msgs_per_s: Math.round(bareRate),
    ratio,
    engine_share: share,
    baseline_share: baselineShare,
    queue_msgs_per_s: Math.round(queueRate),
    rss_mb: rss,
  };
}

async function main() {
  const sink = await startSink();
  const results = [];
  const only = argValue('size', '');
  for (const size of Object.keys(SIZES) as Size[]) {
    if (!only || only === size) results.push(await measureSize(sink, size));
  }
  sink.stop();
  console.log(JSON.stringify({ results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
