import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('bench:generate', () => {
  it('runs the whole path on a few documents and ends with its JSON line', async () => {
    const dialect = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/generate.ts', '--documents=40', '--ceiling-docs=40', `--dialect=${dialect}`],
      { cwd: root, env: { ...process.env, RENDER_THREADS: '1' }, maxBuffer: 1 << 22 },
    );
    expect(stdout).toContain('whole path: 40 fee notices → 40 drafts in ');
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(result)).toEqual([
      'documents',
      'dialect',
      'docs_per_s',
      'ceiling_docs_per_s',
      'ratio',
      'bytes_per_pdf',
      'rss_mb',
    ]);
    expect(result).toMatchObject({ documents: 40, dialect });
    expect(result.docs_per_s).toBeGreaterThan(0);
    expect(result.ceiling_docs_per_s).toBeGreaterThan(0);
    expect(result.ratio).toBeGreaterThan(0);
    expect(result.bytes_per_pdf).toBeGreaterThan(5_000);
    expect(result.bytes_per_pdf).toBeLessThanOrEqual(30 * 1024);
  }, 120_000);
});
