import { createServer } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { call } from '../../../test/support/app.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import { createWorld, expectStatus } from '../../../test/support/world.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

/**
 * Issue 11 (c): when an account's circuit opens, its waiting messages are held for the account — but a message that
 * already waits for its own reason (the recipient's full mailbox) keeps that reason; only messages without one of
 * their own take the account's.
 */
let h: Harness;
afterAll(() => h?.close());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(what: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}

it("a held message keeps its own true reason when the account's circuit opens", async () => {
  h = await createHarness({
    script: (rcpt) =>
      rcpt === 'pelna@example.pl'
        ? {
            kind: 'reject',
            at: 'rcpt',
            code: 452,
            message: '4.2.2 The email account that you tried to reach is over quota.',
          }
        : { kind: 'accept' },
  });
  const w = await createWorld(h.t);
  const [full] = await h.queue(['pelna@example.pl']);
  let worker = h.worker({ policy: DEFAULT_RETRY_POLICY });
  worker.start();
  await until(async () => (await h.message(full!)).status === 'retry_wait');
  await worker.stop();
  const own = (await h.message(full!)).error_hint;
  expect(own).toMatch(/pełn|skrzynk/i);

  // The server becomes unreachable: the next message's attempt opens the account's circuit.
  const port = await closedPort();
  expectStatus(await call(h.t, w.admin, 'PATCH', `/api/accounts/${h.accountId}`, { port }), 200);
  const [other] = await h.queue(['a@example.pl']);
  worker = h.worker({ policy: DEFAULT_RETRY_POLICY });
  worker.start();
  await until(async () => (await h.message(other!)).status === 'held');
  await worker.stop();

  const fresh = await h.message(other!);
  expect(fresh).toMatchObject({ held_reason: 'account' });
  expect(fresh.error_hint).toContain(`Nie można połączyć się z serwerem 127.0.0.1:${port}`);
  const waiting = await h.message(full!);
  expect(waiting).toMatchObject({ status: 'held', held_reason: 'account' });
  // Its own reason stays: the account's problem is shown by the hold (and on the account), not instead of it.
  expect(waiting.error_hint).toBe(own);
}, 60_000);
