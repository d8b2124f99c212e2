/**
 * bench:queue — queueing (freezing) alone, as bench:send's producer does it, with the CPU it took per message:
 * this process's main thread, all its threads (MIME workers, V8's GC and compiler threads), and the PostgreSQL
 * server processes serving it (found by this process's connections' ports in pg_stat_activity) plus the server's
 * background writers. Figures under load are wall rates that say little; the CPU per message says more (D85).
 * Usage: npm run bench:queue [-- --dialect=postgres] [--size=100KB] [--messages=1000] [--rounds=3]
 *        [--profile=/tmp/queue.cpuprofile] (a CPU profile of the main thread during the last round)
 * Last line: {"dialect","size","messages","queue_msgs_per_s","cpu_ms_per_msg":{"main","process","postgres"}} (medians).
 */
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { testPostgresUrl } from '../test/support/db.js';
import { SIZES, type Size } from './send-content.js';
import { createProducer } from './send-producer.js';
import { argValue } from './support.js';

const dialect = argValue('dialect', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
const size = (argValue('size', '100KB') in SIZES ? argValue('size', '100KB') : '100KB') as Size;
const n = Number(argValue('messages', '1000'));
const rounds = Number(argValue('rounds', '3'));
const profile = argValue('profile', '');
const TICK_MS = 10; // /proc's clock ticks (USER_HZ 100)

/** utime + stime (ms) of a /proc stat line. */
function cpuOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function processCpu() {
  let all = 0;
  for (const task of readdirSync('/proc/self/task')) {
    try {
      all += cpuOf(`/proc/self/task/${task}/stat`);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return { main: cpuOf(`/proc/self/task/${process.pid}/stat`), all };
}

/** Local ports of this process's TCP sockets: its connections to PostgreSQL among them. */
function ownPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (socket) inodes.add(socket[1] as string);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 9 && inodes.has(f[9] as string)) ports.push(Number.parseInt(f[1]?.split(':')[1] as string, 16));
  }
  return ports;
}

async function ownBackends(): Promise<number[]> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  const found = await client.query<{ pid: number }>(
    `select pid from pg_stat_activity where client_port = any($1::int[]) or backend_type in
       ('walwriter', 'checkpointer', 'background writer') and pid <> pg_backend_pid()`,
    [ownPorts()],
  );
  await client.end();
  return found.rows.map((r) => r.pid);
}

function backendsCpu(pids: Iterable<number>) {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    try {
      cpu.set(pid, cpuOf(`/proc/${pid}/stat`));
    } catch {
      // ended
    }
  }
  return cpu;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const producer = await createProducer(dialect, 2525, size);
await producer.fill(Math.min(500, n)); // warms up: the MIME threads, the JIT, the pool's connections
const session = new Session();
session.connect();
const rates: number[] = [];
const main: number[] = [];
const all: number[] = [];
const server: number[] = [];
for (let round = 1; round <= rounds; round++) {
  await producer.seed(n);
  const seen = new Set(dialect === 'postgres' ? await ownBackends() : []);
  const before = backendsCpu(seen);
  const cpu0 = processCpu();
  if (profile && round === rounds) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const rate = await producer.queue();
  if (profile && round === rounds)
    writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
  const cpu1 = processCpu();
  // Connections the pool opened during the round are still open (idle) now.
  for (const pid of dialect === 'postgres' ? await ownBackends() : []) seen.add(pid);
  let pgMs = 0;
  for (const [pid, ms] of backendsCpu(seen)) pgMs += ms - (before.get(pid) ?? 0);
  rates.push(rate);
  main.push((cpu1.main - cpu0.main) / n);
  all.push((cpu1.all - cpu0.all) / n);
  server.push(pgMs / n);
  console.log(
    `${size} ${dialect} round ${round}: ${Math.round(rate)} msg/s; CPU per message: main thread ` +
      `${main.at(-1)?.toFixed(2)} ms, process ${all.at(-1)?.toFixed(2)} ms, PostgreSQL ${server.at(-1)?.toFixed(2)} ms (load ${load()})`,
  );
}
await producer.destroy();
const round2 = (x: number) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    dialect,
    size,
    messages: n,
    queue_msgs_per_s: Math.round(median(rates)),
    cpu_ms_per_msg: { main: round2(median(main)), process: round2(median(all)), postgres: round2(median(server)) },
  }),
);
