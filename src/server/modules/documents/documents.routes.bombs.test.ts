import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainThread } from 'node:worker_threads';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { heapBomb, inflationBomb, pageBomb } from '../../documents/pdf-bombs.fixture.js';
import { noticePage, nrb, printout } from '../../documents/printout.fixture.js';

/**
 * PDF bombs sent to a real listening server: each is refused with the limit it hit, and meanwhile the server
 * answers GET /api/health (polled every 50 ms) within 200 ms every time, its event loop never held for 200 ms
 * (time spent waiting for a CPU taken by other programs on the machine not counted).
 */
let t: TestApp;
let w: DocumentWorld;
let base: string;
const agent = new http.Agent({ keepAlive: true });

beforeAll(async () => {
  t = await createTestApp({
    env: { PDF_READ_TIMEOUT_SECONDS: '5', PDF_READ_MEMORY_MB: '128', PDF_READ_PROCESSES: '1' },
  });
  w = await createDocumentWorld(t);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  // The first PDF after start-up starts the reading processes (a fork of this process, once): not measured.
  const first = await printout([noticePage(w.units[0]!.key, nrb(1), 1, 1)]);
  const send = await uploader(
    w.admin,
    '/api/documents/pdf',
    { name: 'nota.pdf', data: first },
    {
      type: 'general_letter',
      recipientKey: w.units[0]!.key,
      period: '2026-03',
    },
  );
  expect((await send()).status).toBe(201);
}, 120_000);
afterAll(async () => {
  agent.destroy();
  await t?.close();
});

function health(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/health`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

/** A multipart upload, its body made beforehand: while the server reads, the client does next to nothing. */
async function uploader(session: Session, url: string, file: { name: string; data: Uint8Array }, fields = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  form.append('file', new Blob([new Uint8Array(file.data)], { type: 'application/pdf' }), file.name);
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const headers = {
    'content-type': encoded.headers.get('content-type')!,
    'content-length': String(body.length),
    cookie: session.cookie,
    'x-csrf-token': session.csrf,
  };
  return () =>
    new Promise<{ status: number; body: Record<string, unknown> & { error?: Record<string, unknown> } }>(
      (resolve, reject) => {
        const req = http.request(`${base}${url}`, { method: 'POST', headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
          );
        });
        req.on('error', reject);
        req.end(body);
      },
    );
}

/**
 * How long this thread has waited for a CPU while runnable, in ms (Linux's schedstat; 0 elsewhere). The machine
 * may be busy with other programs: what is measured is how long the server kept its own event loop, so the time
 * the thread only waited for the processor is taken off.
 */
function cpuWaitMs(): number {
  if (!isMainThread) return 0;
  try {
    return Number(readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

/** Runs `work` while polling health every 50 ms; returns its result, every answer's time and the loop's stalls. */
async function watchingHealth<T>(work: () => Promise<T>) {
  const TICK = 10;
  let worstStallMs = 0;
  let last = { at: performance.now(), wait: cpuWaitMs() };
  const ticker = setInterval(() => {
    const now = { at: performance.now(), wait: cpuWaitMs() };
    worstStallMs = Math.max(worstStallMs, now.at - last.at - TICK - (now.wait - last.wait));
    last = now;
  }, TICK);
  let done = false;
  const running = work().finally(() => {
    done = true;
  });
  const answers: { status: number; ms: number; waitedMs: number }[] = [];
  while (!done) {
    const started = { at: performance.now(), wait: cpuWaitMs() };
    const status = await health();
    const waitedMs = cpuWaitMs() - started.wait;
    answers.push({ status, ms: performance.now() - started.at - waitedMs, waitedMs });
    await sleep(50);
  }
  clearInterval(ticker);
  return { result: await running, answers, worstStallMs };
}

async function documentCount() {
  const row = await t.container.db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const TOO_COMPLEX = /^Plik PDF jest zbyt złożony — .*\(limit (czasu|pamięci) na jeden plik\)\. Zapisz go ponownie/;

function expectResponsive(watch: Awaited<ReturnType<typeof watchingHealth>>) {
  expect(watch.answers.length).toBeGreaterThan(0);
  expect(watch.answers.filter((a) => a.status !== 200 || a.ms >= 200)).toEqual([]);
  expect(watch.worstStallMs).toBeLessThan(200);
}

describe('PDF bombs: refused, while the server keeps answering', () => {
  const printoutFields = { type: 'fee_notice', period: '2026-07' };
  const pdfFields = { type: 'general_letter', recipientKey: 'SMP-0003', period: '2026-04' };

  const cases: { name: string; url: string; fields: Record<string, string>; make: () => Promise<Buffer> }[] = [
    {
      name: 'a stream inflating to 300 MB, as a printout',
      url: '/api/documents/printout',
      fields: printoutFields,
      make: () => inflationBomb(300),
    },
    {
      name: 'an object stream filling the heap, as a ready PDF',
      url: '/api/documents/pdf',
      fields: pdfFields,
      make: () => heapBomb(8),
    },
    {
      name: '1000 pages drawing one heavy stream, as a printout',
      url: '/api/documents/printout',
      fields: printoutFields,
      make: () => pageBomb(1000, 256),
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const bomb = await c.make();
      expect(bomb.length).toBeLessThan(400 * 1024);
      const before = await documentCount();
      const send = await uploader(w.admin, c.url, { name: 'wydruk.pdf', data: bomb }, c.fields);
      const watch = await watchingHealth(send);
      expect(watch.result.status).toBe(400);
      expect(watch.result.body.error).toMatchObject({
        code: 'validation_failed',
        message: expect.stringMatching(TOO_COMPLEX),
        fields: [{ path: 'file', message: 'Zbyt złożony PDF.' }],
      });
      expectResponsive(watch);
      expect(await documentCount()).toBe(before);
    }, 180_000);
  }

  it('a bomb inside a ZIP: that file is refused by name, nothing is stored', async () => {
    const good = await printout([noticePage(w.units[0]!.key, nrb(1), 1, 1)]);
    const zip = zipSync({ [`${w.units[0]!.key}.pdf`]: good, [`${w.units[1]!.key}.pdf`]: await inflationBomb(300) });
    const before = await documentCount();
    const watch = await watchingHealth(
      await uploader(w.admin, '/api/documents/zip', { name: 'pliki.zip', data: zip }, printoutFields),
    );
    expect(watch.result.status).toBe(422);
    expect(watch.result.body.error).toMatchObject({
      code: 'rows_rejected',
      rows: [{ line: 1, key: `${w.units[1]!.key}.pdf`, path: 'file', message: expect.stringMatching(TOO_COMPLEX) }],
    });
    expectResponsive(watch);
    expect(await documentCount()).toBe(before);
  }, 180_000);

  it('after the bombs, a good printout is split as before', async () => {
    const keys = [w.units[0]!.key, w.units[1]!.key];
    const pdf = await printout(keys.map((key, i) => noticePage(key, nrb(i + 1), 1, 1)));
    const watch = await watchingHealth(
      await uploader(w.admin, '/api/documents/printout', { name: 'wydruk.pdf', data: pdf }, printoutFields),
    );
    expect(watch.result.status).toBe(201);
    expect(watch.result.body).toMatchObject({ created: 2, unmatchedPages: [] });
    expectResponsive(watch);
  }, 180_000);
});
