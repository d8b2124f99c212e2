import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { killed, spawnWorker, whenRunning } from '../../../../test/support/worker-process.js';
import { expectStatus } from '../../../../test/support/world.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';

/**
 * The evidence of issue 13, point 4: 50 files dropped at once (some bad) while `listonosz worker` processes are
 * killed with SIGKILL twice → each good file is exactly one batch, each bad file is in odrzucone/ with its report,
 * nothing is processed twice.
 */
let t: TestApp;
let w: DocumentWorld;
let folder: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestApp({ fileDb: true, realClock: true });
  w = await createDocumentWorld(t, 30);
  expectStatus(
    await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/intake`, {
      mode: 'approval',
      dropFolders: [{ documentType: 'fee_notice', path: 'czynsze/zawiadomienia' }],
    }),
    200,
  );
  folder = path.join(t.container.config.drop.root, 'czynsze', 'zawiadomienia');
  await fs.mkdir(folder, { recursive: true });
}, 60_000);
afterAll(async () => {
  await Promise.all(children.splice(0).map((c) => killed(c, 'SIGKILL')));
  await t?.close();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (table: 'batches' | 'drop_files', where?: [string, string]) => {
  let q = t.container.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as never, '=', where[1] as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

/** 40 good files (two notices each, a period of their own) and 10 bad ones, written at once. */
async function dropFiles() {
  const good: string[] = [];
  const bad: string[] = [];
  for (let i = 0; i < 40; i++) {
    const period = `${2027 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    const units = [w.units[i % w.units.length]!, w.units[(i + 7) % w.units.length]!];
    const name = `czynsze_${period}.json`;
    const items = units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, period) }));
    await fs.writeFile(path.join(folder, name), JSON.stringify(items));
    good.push(name);
  }
  const bads: Record<string, string> = {
    'nie-pdf_2027-01.pdf': 'zwykły tekst',
    'nie-pdf_2027-02.pdf': '<html>strona</html>',
    'nie-pdf_2027-03.pdf': 'GIF89a',
    'pusty-1.csv': '',
    'pusty-2.json': '',
    'pusty_2027-04.pdf': '',
    'zle-wiersze-1.csv': 'klucz;cokolwiek\nNIE-MA;1\n',
    'zle-wiersze-2.csv': 'Klucz\nNIE-MA-TAKIEGO\n',
    'zly-rodzaj-1.json': '[]',
    'zly-rodzaj-2.json': '[]',
  };
  for (const [name, text] of Object.entries(bads)) {
    if (name.startsWith('zly-rodzaj')) {
      await fs.writeFile(path.join(folder, `${name}.json`), JSON.stringify({ type: 'nieznany_rodzaj' }));
    }
    await fs.writeFile(path.join(folder, name), text);
    bad.push(name);
  }
  return { good, bad };
}

describe('a drop folder while the worker is killed', () => {
  it('turns each good file into exactly one batch and each bad one into a report, across two SIGKILLs', async () => {
    const { good, bad } = await dropFiles();
    expect(good.length + bad.length).toBe(50);
    const env = {
      ...t.env,
      DROP_ROOT: t.container.config.drop.root,
      DROP_POLL_MS: '100',
      DROP_LEASE_SECONDS: '2',
    };
    // Two workers die with SIGKILL in the middle of the work; a third finishes it.
    for (const doneBeforeKill of [4, 14]) {
      const child = spawnWorker(env);
      children.push(child);
      await whenRunning(child);
      // Killed while a file is being worked on (claimed, not finished).
      await waitFor(
        async () =>
          (await count('drop_files')) >= doneBeforeKill && (await count('drop_files', ['status', 'working'])) > 0,
        60_000,
      );
      await killed(child, 'SIGKILL');
    }
    const last = spawnWorker(env);
    children.push(last);
    await whenRunning(last);
    await waitFor(
      async () =>
        (await fs.readdir(folder)).filter((n) => n !== 'przetworzone' && n !== 'odrzucone').length === 0 &&
        (await count('drop_files', ['status', 'working'])) === 0,
      150_000,
    ).catch(async (e) => {
      // What was left, to tell a slow machine from a stuck file.
      const left = await t.container.db.selectFrom('drop_files').selectAll().where('moved_at', 'is', null).execute();
      console.error('left in the folder:', await fs.readdir(folder), left);
      throw e;
    });

    const rows = await t.container.db.selectFrom('drop_files').selectAll().execute();
    expect(rows).toHaveLength(50);
    expect(
      rows
        .filter((r) => r.status === 'processed')
        .map((r) => r.name)
        .sort(),
    ).toEqual([...good].sort());
    // Exactly one batch per good file, and it is the batch of that file's intake.
    expect(await count('batches')).toBe(good.length);
    const batches = await t.container.db.selectFrom('batches').select(['id', 'status', 'total']).execute();
    expect(new Set(batches.map((b) => b.id))).toEqual(
      new Set(rows.filter((r) => r.status === 'processed').map((r) => r.intake_id)),
    );
    expect(batches.every((b) => b.status === 'ready' && b.total === 2)).toBe(true);
    // Nothing made twice: one draft per address and document in every batch.
    const drafts = await t.container.db
      .selectFrom('batch_items')
      .select(['batch_id', 'document_id', 'address'])
      .where('channel', '=', 'email')
      .execute();
    expect(new Set(drafts.map((d) => `${d.batch_id}|${d.document_id}|${d.address}`)).size).toBe(drafts.length);

    expect((await fs.readdir(path.join(folder, 'przetworzone'))).sort()).toEqual([...good].sort());
    const rejected = await fs.readdir(path.join(folder, 'odrzucone'));
    for (const name of bad) {
      expect(rejected).toContain(name);
      const report = await fs.readFile(path.join(folder, 'odrzucone', `${name}.txt`), 'utf8');
      expect(report).toMatch(/^Plik: .*\nOdrzucony: .*\n\nCo jest nie tak:\n {2}\S/);
      expect(report).toMatch(/Jak to naprawić:/);
    }
    expect(rejected.filter((n) => n.endsWith('.txt'))).toHaveLength(bad.length);
    expect(await fs.readFile(path.join(folder, 'odrzucone', 'zly-rodzaj-1.json.txt'), 'utf8')).toMatch(
      /Nieznany rodzaj dokumentów/,
    );
    // Files a killed worker held were taken over by the next one (and still made one batch each).
    expect(rows.filter((r) => r.attempts > 1).length).toBeGreaterThan(0);
  }, 240_000);
});
