import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../test/support/api-keys.js';
import { call, createTestApp, type TestApp } from '../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, importFeeNotices, PERIOD } from '../../../test/support/documents.js';
import { draft } from '../../../test/support/triage-world.js';
import { expectStatus } from '../../../test/support/world.js';
import { demoFeeNotice } from '../demo/demo-documents.js';

/** The CLI over HTTP (issue 13, point 6): the real `listonosz` process against a server listening on 127.0.0.1. */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
let t: TestApp;
let w: DocumentWorld;
let url: string;

function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TEST_DB: '', LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  }).catch((err: { code: number; stdout: string; stderr: string }) => err);
}

beforeAll(async () => {
  t = await createTestApp({ fileDb: true });
  w = await createDocumentWorld(t, 30);
  await importFeeNotices(t, w);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 90_000);
afterAll(() => t?.close());

describe('listonosz remote', () => {
  it('shows a batch and the open failures with a key made by `listonosz key create`', {
    timeout: 120_000,
  }, async () => {
    const made = await cli(
      ['key', 'create', '--name', 'Czynsze SM', '--position', w.positionA, '--scopes', 'batches:read,messages:read'],
      t.env,
    );
    const secret = made.stdout.match(/lst_[A-Za-z0-9_-]{43}/)?.[0];
    expect(secret, made.stdout + ('stderr' in made ? made.stderr : '')).toBeDefined();
    const listed = expectStatus(await call(t, w.admin, 'GET', '/api/api-keys'), 200) as {
      name: string;
      positionId: string;
    }[];
    expect(listed).toContainEqual(expect.objectContaining({ name: 'Czynsze SM', positionId: w.positionA }));

    const batch = expectStatus(
      await call(t, w.admin, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { period: PERIOD },
      }),
      201,
    );
    const shown = await cli(['remote', 'batch', batch.id, '--url', url, '--key', secret as string]);
    expect(shown.stdout).toContain(`(${batch.id})`);
    expect(shown.stdout).toMatch(/przetworzono \d+\/\d+/);

    const failed = await draft(t, w.clerkA, w.accountA, 'nie.ma@example.pl');
    await t.container.db
      .updateTable('messages')
      .set({ status: 'failed', mailbox: 'failed', last_error: '550 5.1.1 No such user' })
      .where('id', '=', failed.id)
      .execute();
    const failures = await cli(['remote', 'failures'], { LISTONOSZ_URL: url, LISTONOSZ_API_KEY: secret as string });
    expect(failures.stdout).toContain('nie.ma@example.pl');

    const refused = await cli(['remote', 'failures', '--url', url, '--key', 'lst_zly']);
    expect('code' in refused && refused.code).toBe(2);
    expect(refused.stderr).toMatch(/HTTP 401.*Klucz API jest nieprawidłowy/);
  });

  it('sends a data file in one call with `listonosz remote send`; the same key again makes no second batch', {
    timeout: 120_000,
  }, async () => {
    const { secret } = await createApiKey(t, w.admin, {
      name: 'Czynsze — wysyłka',
      positionId: w.positionA,
      scopes: ['batches:write', 'batches:read'],
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-remote-'));
    const file = path.join(dir, 'czynsze-2026-06.json');
    const items = w.units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, '2026-06') }));
    writeFileSync(file, JSON.stringify({ items }));
    const args = ['remote', 'send', file, '--type', 'fee_notice', '--position', w.positionA, '--period', '2026-06'];
    const target = ['--url', url, '--key', secret, '--idempotency-key', 'czynsze-2026-06'];
    const sent = await cli([...args, ...target]);
    const batchId = sent.stdout.match(/Przyjęto: wysyłka (\S+)/)?.[1];
    expect(batchId, sent.stdout + ('stderr' in sent ? sent.stderr : '')).toBeDefined();
    await t.container.services.intake.idle();
    // The rent system retries (a lost answer): the same batch, not a second one.
    const again = await cli([...args, ...target]);
    expect(again.stdout).toContain(`Przyjęto: wysyłka ${batchId}`);
    const batches = await t.container.db
      .selectFrom('batches')
      .select('id')
      .where('id', '=', batchId as string)
      .execute();
    expect(batches).toHaveLength(1);
    const intakes = await t.container.db.selectFrom('intakes').select('id').execute();
    expect(intakes).toHaveLength(1);
    // The position waits for a clerk's approval by default: the drafts are in Robocze, the batch says so.
    const shown = await cli(['remote', 'batch', batchId as string, '--url', url, '--key', secret]);
    expect(shown.stdout).toContain(`(${batchId})`);
  });
});
