import { expect } from 'vitest';
import { call, type Session } from './app.js';

export { pdfText, qpdfCheck } from './pdf.js';

import { createHarness, type Harness } from './sending.js';
import type { Behaviour } from './smtp-sink.js';
import { auditEntries, createWorld, expectStatus, type World } from './world.js';

const ACCEPT: Behaviour = { kind: 'accept' };

export const reject550 = (address: string): Behaviour => ({
  kind: 'reject',
  at: 'rcpt',
  code: 550,
  message: `5.1.1 <${address}>: Recipient address rejected: User unknown`,
});

export interface DeliveryWorld {
  h: Harness;
  w: World;
  /** Per-recipient scripts for the sink: `n` is the attempt number at the server; absent = accept. */
  behaviours: Map<string, (n: number) => Behaviour>;
}

/**
 * The API with the scoping world (two positions, two accounts, clerks, admin) whose accounts both send to a
 * real SMTP sink on 127.0.0.1; workers come from `h.worker()`.
 */
export async function createDeliveryWorld(env?: Record<string, string>): Promise<DeliveryWorld> {
  const behaviours = new Map<string, (n: number) => Behaviour>();
  const h = await createHarness({ script: (rcpt, n) => behaviours.get(rcpt)?.(n) ?? ACCEPT }, {}, { env });
  const w = await createWorld(h.t);
  for (const account of [w.accountA, w.accountB]) {
    expectStatus(await call(h.t, w.admin, 'PATCH', `/api/accounts/${account}`, { port: h.sink.port }), 200);
  }
  return { h, w, behaviours };
}

/** Polls `check` until it returns a truthy value (or fails after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a worker while `during` runs, then stops it (gracefully: every outcome is written). */
export async function withWorker<T>(h: Harness, during: () => Promise<T>): Promise<T> {
  const worker = h.worker();
  worker.start();
  try {
    return await during();
  } finally {
    await worker.stop();
  }
}

/** The message as the API shows it. */
export async function messageDetail(dw: DeliveryWorld, session: Session, id: string) {
  return expectStatus(await call(dw.h.t, session, 'GET', `/api/messages/${id}`), 200);
}

/** Waits until the API shows the message in `status`. */
export function untilStatus(dw: DeliveryWorld, session: Session, id: string, status: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const m = await messageDetail(dw, session, id);
      return m.status === status ? m : null;
    },
    timeoutMs,
    `message ${id} to be ${status}`,
  );
}

/** The audit entries of one entity: action and parsed details, oldest first. */
export function auditOf(dw: DeliveryWorld, entityId: string) {
  return auditEntries(dw.h.t, entityId);
}

export function expectPdf(res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  return res.rawPayload;
}
