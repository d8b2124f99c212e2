import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/app.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import { killed, spawnWorker, whenRunning } from '../../../test/support/worker-process.js';
import { PortInUseError, startProcessMetrics } from '../runtime.js';

/**
 * How a worker's counters reach Prometheus (D74): the real `listonosz worker` process serves its own /metrics on
 * 127.0.0.1:METRICS_PORT — its sends, not the database's queue (that is the web's) — and a taken port stops the start
 * with one Polish line naming METRICS_PORT.
 */
let h: Harness | undefined;
const children: ChildProcess[] = [];
const held: Server[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killed(c, 'SIGKILL')));
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
  await h?.close();
  h = undefined;
});

async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  held.push(server);
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

async function freePort(): Promise<number> {
  const { server, port } = await holdPort();
  held.splice(held.indexOf(server), 1);
  await new Promise((r) => server.close(r));
  return port;
}

function scrape(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

describe('a worker process’s own /metrics', () => {
  it('shows the sends this worker made, and not the queue gauges', async () => {
    h = await createHarness({}, {}, { fileDb: true });
    const port = await freePort();
    await h.queue(['jan@example.pl', 'anna@example.pl', 'piotr@example.pl']);
    const child = spawnWorker({ ...h.t.env, METRICS_PORT: String(port) });
    children.push(child);
    await whenRunning(child);
    await h.settle(60_000);
    let text = '';
    const until = Date.now() + 10_000;
    const sent = `listonosz_send_attempts_total{account="${h.accountId}",outcome="sent"} 3`;
    while (!text.includes(sent) && Date.now() < until) {
      text = await scrape(port);
      if (!text.includes(sent)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toContain(sent);
    expect(text).toMatch(/^listonosz_worker_heartbeat_timestamp_seconds\{loop="sending"\} \d/m);
    expect(text).toMatch(/^listonosz_process_resident_memory_bytes \d+/m);
    expect(text).not.toContain('listonosz_outbox_messages');
  }, 120_000);

  it('a taken METRICS_PORT stops the start with one Polish line naming the variable', async () => {
    const { port } = await holdPort();
    const t = await createTestApp({ env: { METRICS_PORT: String(port) } });
    try {
      const start = startProcessMetrics(t.container);
      await expect(start).rejects.toBeInstanceOf(PortInUseError);
      await expect(start).rejects.toThrow(new RegExp(`^Port ${port} .*METRICS_PORT`));
    } finally {
      await t.close();
    }
  });
});
