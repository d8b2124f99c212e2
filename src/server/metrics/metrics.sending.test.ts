import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/app.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';

/**
 * /metrics after real sends through a loopback SMTP sink (D74): the sending counters, the latency histogram and the
 * heartbeat come from the worker's observer, the queue gauges from the database (SQLite and PostgreSQL), the process
 * figures from prom-client's defaults; no address and no message id ever appears in a label.
 */
let h: Harness;
const logged: string[] = [];
afterEach(() => h?.close());

async function scrape() {
  const res = await h.t.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

/** The value of one series, found by its name and labels exactly as printed. */
function value(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe('/metrics after real sends', () => {
  it('counts sends by outcome and failure class, times them, and shows the queue draining', async () => {
    h = await createHarness(
      {
        script: (rcpt) =>
          rcpt.startsWith('nie-ma')
            ? { kind: 'reject', at: 'rcpt', code: 550, message: '5.1.1 User unknown' }
            : { kind: 'accept' },
      },
      {},
      { env: { WORKER_POLL_MS: '20', LOG_LEVEL: 'debug' }, logStream: { write: (line: string) => logged.push(line) } },
    );
    const a = h.accountId;
    const ids = await h.queue(['jan@example.pl', 'anna@example.pl', 'nie-ma@example.pl']);
    // Two of them as if made in a batch (the log line names it; messages.batch_id has no foreign key).
    await h.t.container.db
      .updateTable('messages')
      .set({ batch_id: 'wysylka-1' })
      .where('id', 'in', [ids[0] as string, ids[2] as string])
      .execute();

    const before = await scrape();
    expect(value(before, 'listonosz_database_up')).toBe(1);
    expect(value(before, `listonosz_outbox_messages{account="${a}",state="queued"}`)).toBe(3);
    expect(value(before, `listonosz_outbox_messages{account="${a}",state="held"}`)).toBe(0);
    expect(value(before, `listonosz_outbox_oldest_due_age_seconds{account="${a}"}`)).toBeGreaterThanOrEqual(0);
    expect(value(before, `listonosz_account_circuit_open{account="${a}",name="Konto testowe",state="closed"}`)).toBe(0);
    // No worker has run in this process yet: no heartbeat series at all (a 0 would read as a worker stuck since 1970).
    expect(before).toContain('# TYPE listonosz_worker_heartbeat_timestamp_seconds gauge');
    expect(before).not.toMatch(/^listonosz_worker_heartbeat_timestamp_seconds/m);

    const worker = h.t.container.createSendingWorker({ workerId: 'metryki-1' });
    worker.start();
    try {
      await h.settle();
    } finally {
      await worker.stop();
    }
    expect(h.sink.received).toHaveLength(2);

    const after = await scrape();
    expect(value(after, `listonosz_send_attempts_total{account="${a}",outcome="sent"}`)).toBe(2);
    expect(value(after, `listonosz_send_attempts_total{account="${a}",outcome="recipient"}`)).toBe(1);
    expect(
      value(after, `listonosz_send_failures_total{account="${a}",class="recipient",reason="recipient_unknown"}`),
    ).toBe(1);
    expect(value(after, `listonosz_send_attempt_duration_seconds_count{account="${a}"}`)).toBe(3);
    expect(value(after, `listonosz_send_attempt_duration_seconds_bucket{le="+Inf",account="${a}"}`)).toBe(3);
    expect(value(after, `listonosz_send_attempt_duration_seconds_sum{account="${a}"}`)).toBeGreaterThan(0);
    const beat = value(after, 'listonosz_worker_heartbeat_timestamp_seconds{loop="sending"}') ?? 0;
    expect(Math.abs(beat - Date.now() / 1000)).toBeLessThan(30);
    expect(value(after, `listonosz_outbox_messages{account="${a}",state="queued"}`)).toBe(0);
    expect(value(after, `listonosz_outbox_messages{account="${a}",state="sending"}`)).toBe(0);
    expect(value(after, `listonosz_outbox_oldest_due_age_seconds{account="${a}"}`)).toBe(0);
    // The process itself (prom-client's defaults, under the same prefix) and the render pool.
    expect(value(after, 'listonosz_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after).toMatch(/^listonosz_nodejs_heap_size_used_bytes \d+/m);
    expect(value(after, 'listonosz_render_pool_queue_length')).toBe(0);
    expect(value(after, 'listonosz_render_pool_tasks_total{result="completed"}')).toBe(0);
    // Bounded labels: no address, no message id.
    expect(after).not.toContain('@');
    for (const id of ids) expect(after).not.toContain(id);

    // One JSON line per attempt from the worker's child logger: ids, never the address.
    const lines = logged.map((l) => JSON.parse(l)).filter((l) => l.component === 'sending-worker');
    expect(lines).toHaveLength(3);
    expect(logged.join('')).not.toContain('@example.pl');
    const byId = new Map(lines.map((l) => [l.messageId, l]));
    expect(byId.get(ids[2])).toMatchObject({
      level: 40,
      msg: 'message failed',
      workerId: 'metryki-1',
      batchId: 'wysylka-1',
      accountId: a,
      outcome: 'recipient',
      failureClass: 'recipient',
      reason: 'recipient_unknown',
      smtpCode: 550,
    });
    expect(byId.get(ids[0])).toMatchObject({ level: 20, msg: 'message sent', batchId: 'wysylka-1', accountId: a });
    expect(byId.get(ids[1])).toMatchObject({ level: 20, batchId: null, accountId: a, outcome: 'sent' });
  });

  it('counts feedback events by kind and a scrape survives a database that stopped answering', async () => {
    h = await createHarness();
    const { metrics } = h.t.container.observability;
    metrics.feedbackEvent('hard_bounce');
    metrics.feedbackEvent('hard_bounce');
    metrics.feedbackEvent('reply');
    const text = await scrape();
    expect(value(text, 'listonosz_feedback_events_total{kind="hard_bounce"}')).toBe(2);
    expect(value(text, 'listonosz_feedback_events_total{kind="reply"}')).toBe(1);

    // Every series the example dashboard and operations.md name exists (histograms by their base name).
    const named = (file: string) =>
      new Set(
        // Whole names only: `listonosz_process_*` and `listonosz_render_pool_{…}` in the table are families.
        [...readFileSync(file, 'utf8').matchAll(/listonosz_[a-z_]*[a-z](?![a-z_*{])/g)].map((m) =>
          m[0].replace(/_(bucket|sum|count)$/, ''),
        ),
      );
    for (const file of ['docs/grafana/listonosz.json', 'docs/operations.md']) {
      const missing = [...named(file)].filter((n) => !new RegExp(`^# TYPE ${n} `, 'm').test(text));
      expect(missing, file).toEqual([]);
    }

    const down = await createTestApp();
    await down.container.destroy();
    try {
      const res = await down.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(value(res.body, 'listonosz_database_up')).toBe(0);
      expect(res.body).not.toMatch(/^listonosz_outbox_messages\{/m);
    } finally {
      await down.app.close();
    }
  });
});
