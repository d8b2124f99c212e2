import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { auditActions, expectError, expectStatus } from '../../../../test/support/world.js';
import type { ReaderStore } from '../../feedback/ports.js';
import { createReaderStore } from '../../feedback/reader-store.js';

/** The reader's status over the API (D51) and what deleting a mailbox with recorded messages does. */

let t: TestApp;
let admin: Session;
let clerk: Session;
let store: ReaderStore;
const WORKER = 'serwer-1:4242:a1b2c3';

const input = (name: string) => ({
  name,
  host: '127.0.0.1',
  port: 993,
  security: 'tls',
  username: 'zwroty',
  password: 'Hasło-skrzynki-1',
});

async function create(name: string) {
  return expectStatus(await call(t, admin, 'POST', '/api/feedback-mailboxes', input(name)), 201);
}
const get = async (id: string) => expectStatus(await call(t, admin, 'GET', `/api/feedback-mailboxes/${id}`), 200);

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'szef', 'admin');
  await createUser(t, 'urzednik', 'clerk');
  admin = await login(t, 'szef');
  clerk = await login(t, 'urzednik');
  store = createReaderStore({ db: t.container.db, clock: t.clock, leaseMs: 60_000 });
});
afterAll(() => t?.close());

describe("the reader's status in Ustawienia → Skrzynki zwrotne", () => {
  it('says who reads a mailbox, the last good read, the error and since when, and when nobody reads it', async () => {
    const box = await create('Zwroty czynsze');
    expect(box.reader).toEqual({
      worker: null,
      status: 'idle',
      error: null,
      errorDetail: null,
      errorSince: null,
      lastOkAt: null,
    });

    expect(await store.claimLease(box.id, WORKER)).toBe(true);
    await store.reportStatus(box.id, WORKER, null);
    const okAt = t.clock.now().toISOString();
    expect((await get(box.id)).reader).toMatchObject({ worker: WORKER, status: 'ok', lastOkAt: okAt, error: null });

    t.clock.advance(10_000);
    const failedAt = t.clock.now().toISOString();
    await store.reportStatus(box.id, WORKER, {
      message: 'Serwer odrzucił nazwę użytkownika lub hasło. Wpisz aktualne hasło w ustawieniach skrzynki.',
      detail: 'AUTHENTICATIONFAILED: Authentication failed.',
    });
    t.clock.advance(10_000);
    await store.reportStatus(box.id, WORKER, { message: 'Nadal źle.', detail: null });
    const [listed] = expectStatus(await call(t, admin, 'GET', '/api/feedback-mailboxes'), 200);
    expect(listed.reader).toEqual({
      worker: WORKER,
      status: 'error',
      error: 'Nadal źle.',
      errorDetail: null,
      errorSince: failedAt,
      lastOkAt: okAt,
    });

    // The worker stopped without giving the lease back: once it runs out, nobody reads the mailbox.
    t.clock.advance(61_000);
    expect((await get(box.id)).reader).toMatchObject({ worker: null, status: 'error', errorSince: failedAt });
    expectError(await call(t, clerk, 'GET', '/api/feedback-mailboxes'), 403, 'forbidden');
  });

  it('refuses to delete a mailbox with recorded messages (evidence), in Polish; one without them goes with its lease', async () => {
    const kept = await create('Z dowodami');
    expect(await store.claimLease(kept.id, WORKER)).toBe(true);
    await store.folderState(kept.id, WORKER, 'INBOX', '7');
    await store.record(WORKER, {
      mailboxId: kept.id,
      folder: 'INBOX',
      uidvalidity: '7',
      uid: 1,
      sha256: 'sha',
      messageId: '<1@x>',
      size: 100,
      kind: 'hard_bounce',
      targetFolder: 'Zwroty',
      duplicateOf: null,
      receivedAt: null,
      details: {},
      processed: true,
    });
    expectError(
      await call(t, admin, 'DELETE', `/api/feedback-mailboxes/${kept.id}`),
      409,
      'conflict',
      /^Nie można usunąć skrzynki „Z dowodami”: odczytano z niej już wiadomości \(1\).*ustaw ją jako wyłączoną/,
    );
    expect((await get(kept.id)).name).toBe('Z dowodami');
    expect(await auditActions(t, kept.id)).toEqual(['feedback_mailbox.create']);
    expectStatus(await call(t, admin, 'PATCH', `/api/feedback-mailboxes/${kept.id}`, { status: 'inactive' }), 200);

    const empty = await create('Bez wiadomości');
    expect(await store.claimLease(empty.id, WORKER)).toBe(true);
    await store.folderState(empty.id, WORKER, 'INBOX', '9');
    expectStatus(await call(t, admin, 'DELETE', `/api/feedback-mailboxes/${empty.id}`), 204);
    const left = await t.container.db
      .selectFrom('feedback_reader_leases')
      .select('mailbox_id')
      .where('mailbox_id', '=', empty.id)
      .execute();
    expect(left).toEqual([]);
  });
});
