import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { expectError, expectFieldError, expectStatus } from '../../../../test/support/world.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';
import { createDropWatcher } from './drop-folder.js';

/** A drop folder looked at by a watcher in this process (the worker-process version: drop-folder.kill9.test.ts). */
let t: TestApp;
let w: DocumentWorld;
let folder: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t, 30);
  expectStatus(
    await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/intake`, {
      mode: 'now',
      dropFolders: [{ documentType: 'fee_notice', path: 'czynsze/zawiadomienia' }],
    }),
    200,
  );
  folder = path.join(t.container.config.drop.root, 'czynsze', 'zawiadomienia');
  await fs.mkdir(folder, { recursive: true });
}, 60_000);
afterAll(() => t?.close());

function watcher(workerId = 'w1') {
  const c = t.container;
  return createDropWatcher({
    db: c.db,
    repo: c.repos.intake,
    intake: c.services.intake,
    clock: c.clock,
    root: c.config.drop.root,
    pollMs: 10,
    leaseMs: 60_000,
    workerId,
    importLimitBytes: c.config.importLimitBytes,
    onError: (e) => {
      throw e;
    },
  });
}

function feeNotices(period: string) {
  return JSON.stringify(w.units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, period) })));
}

const batchCount = async () =>
  Number(
    (
      await t.container.db
        .selectFrom('batches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('drop folder', () => {
  it('takes a complete file once: a batch queued as the position says, the file moved to przetworzone', async () => {
    const drop = watcher();
    await fs.writeFile(path.join(folder, 'czynsze.json.json'), JSON.stringify({ period: '2027-01' }));
    await fs.writeFile(path.join(folder, 'czynsze.json'), feeNotices('2027-01'));
    await fs.writeFile(path.join(folder, '.ukryty.pdf'), 'x');
    await fs.writeFile(path.join(folder, 'w-trakcie.csv.part'), 'x');
    const before = await batchCount();
    await drop.scan(); // first look: remembered, not taken
    expect(await batchCount()).toBe(before);
    await drop.scan();
    expect(await batchCount()).toBe(before + 1);
    expect(existsSync(path.join(folder, 'przetworzone', 'czynsze.json'))).toBe(true);
    expect(existsSync(path.join(folder, 'przetworzone', 'czynsze.json.json'))).toBe(true);
    expect((await fs.readdir(folder)).sort()).toEqual(['.ukryty.pdf', 'przetworzone', 'w-trakcie.csv.part']);
    const row = await t.container.db.selectFrom('drop_files').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'processed', name: 'czynsze.json', moved_at: expect.any(String) });
    const intake = expectStatus(await call(t, w.clerkA, 'GET', `/api/intake/${row.intake_id}`), 200);
    expect(intake).toMatchObject({ status: 'queued', source: 'drop', mode: 'now' });
    expect(intake.batch.messages.queued).toBeGreaterThan(3);

    // The same bytes under the same name again: not a second batch, a report instead.
    await fs.copyFile(path.join(folder, 'przetworzone', 'czynsze.json'), path.join(folder, 'czynsze.json'));
    await drop.scan();
    await drop.scan();
    expect(await batchCount()).toBe(before + 1);
    const report = await fs.readFile(path.join(folder, 'odrzucone', 'czynsze.json.txt'), 'utf8');
    expect(report).toMatch(/był już przetworzony/);
  }, 60_000);

  it('rejects what it cannot use, with a Polish report saying what to fix', async () => {
    const drop = watcher();
    const files: Record<string, string> = {
      'pusty.pdf': '',
      'list_2027-01.pdf': 'To nie jest PDF, tylko tekst.',
      'bez-okresu.pdf': '%PDF-1.4\n%%EOF\n',
      'zle-wiersze.csv': 'klucz;cokolwiek\nNIE-MA;1\n',
      'zly-rodzaj.json': feeNotices('2027-02'),
      'zly-rodzaj.json.json': JSON.stringify({ type: 'faktura_vat' }),
    };
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(folder, name), text);
    const before = await batchCount();
    await drop.scan();
    await drop.scan();
    expect(await batchCount()).toBe(before);
    const rejected = path.join(folder, 'odrzucone');
    const report = (name: string) => fs.readFile(path.join(rejected, `${name}.txt`), 'utf8');
    expect(await report('pusty.pdf')).toMatch(/Plik jest pusty/);
    expect(await report('list_2027-01.pdf')).toMatch(/Co jest nie tak:\n {2}.*PDF/);
    expect(await report('bez-okresu.pdf')).toMatch(/Podaj okres/);
    expect(await report('zle-wiersze.csv')).toMatch(/Jak to naprawić:/);
    expect(await report('zly-rodzaj.json')).toMatch(/Nieznany rodzaj dokumentów „faktura_vat”/);
    expect(existsSync(path.join(rejected, 'zly-rodzaj.json.json'))).toBe(true);
    const left = (await fs.readdir(folder)).filter((n) => !n.startsWith('.') && !n.endsWith('.part'));
    expect(left.filter((n) => n !== 'odrzucone' && n !== 'przetworzone')).toEqual([]);
  }, 60_000);

  it('waits while a file is still growing', async () => {
    const drop = watcher();
    const file = path.join(folder, 'rosnie_2027-03.json');
    await fs.writeFile(file, '[');
    await drop.scan();
    await fs.appendFile(file, ']');
    await drop.scan(); // the size changed: looked at again next time
    expect(existsSync(file)).toBe(true);
    await drop.scan();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps folders under the drop root unless an absolute path is given; only an administrator sets them', async () => {
    const put = (who: typeof w.admin, p: string) =>
      call(t, who, 'PUT', `/api/positions/${w.positionB}/intake`, {
        mode: 'approval',
        dropFolders: [{ documentType: 'fee_notice', path: p }],
      });
    expectFieldError(await put(w.admin, '../poza'), 'dropFolders.0.path', /wewnątrz folderu zrzutów/);
    expectFieldError(await put(w.admin, 'czynsze/zawiadomienia'), 'dropFolders.0.path', /już przypisany/);
    expectFieldError(await put(w.admin, 'ksiegowosc/odrzucone'), 'dropFolders.0.path', /podfoldery/);
    expectError(await put(w.clerkB, 'ksiegowosc'), 403, 'forbidden');
    const abs = path.join(t.container.config.dataDir, 'gdzie-indziej');
    const saved = expectStatus(await put(w.admin, abs), 200);
    expect(saved.dropFolders).toEqual([{ documentType: 'fee_notice', path: abs, resolvedPath: abs }]);
    expect(expectStatus(await call(t, w.clerkB, 'GET', `/api/positions/${w.positionB}/intake`), 200).mode).toBe(
      'approval',
    );
    expectError(await call(t, w.clerkA, 'GET', `/api/positions/${w.positionB}/intake`), 403, 'forbidden');
  });
});
