import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('bench:generate', () => {
  it('alternates rounds of the whole path and the ceiling on a few documents and ends with its JSON line', async () => {
    const dialect = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/generate.ts',
        '--documents=40',
        '--rounds=3',
        '--warmup=20',
        '--ceiling-docs=40',
        '--checkpoints=20',
        `--dialect=${dialect}`,
      ],
      { cwd: root, env: { ...process.env, RENDER_THREADS: '1' }, maxBuffer: 1 << 22 },
    );
    expect(stdout).toContain('warm-up: whole path: 20 fee notices → 20 drafts in ');
    for (const round of [1, 2, 3]) {
      expect(stdout).toContain(`round ${round}: whole path: 40 fee notices → 40 drafts in `);
      expect(stdout).toContain(`round ${round}: ceiling (bare pdfkit loop, Helvetica, one core): 40 docs at `);
    }
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(result)).toEqual([
      'documents',
      'dialect',
      'code',
      'rounds',
      'docs_per_s',
      'ceiling_docs_per_s',
      'ratio',
      'target',
      'bytes_per_pdf',
      'rss_mb',
      'rss_mb_at_20',
      'rss_mb_at_40',
      'cpu_ms_per_doc',
      'ceiling_cpu_ms_per_doc',
      'render_threads_busy',
      'main_thread_busy',
      'runs',
    ]);
    expect(result).toMatchObject({ documents: 40, dialect, code: 'source', rounds: 3, target: 1.5 });
    // Peak RSS so far at each checkpoint of the first measured round: never falling, never above the whole run's.
    expect(result.rss_mb_at_20).toBeGreaterThan(0);
    expect(result.rss_mb_at_40).toBeGreaterThanOrEqual(result.rss_mb_at_20);
    expect(result.rss_mb).toBeGreaterThanOrEqual(result.rss_mb_at_40);
    // The figures are the medians of the rounds, the ratio theirs.
    const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    expect(result.runs.docs_per_s).toHaveLength(3);
    expect(result.runs.ceiling_docs_per_s).toHaveLength(3);
    expect(result.cpu_ms_per_doc).toBe(middle(result.runs.cpu_ms_per_doc));
    expect(result.ceiling_cpu_ms_per_doc).toBe(middle(result.runs.ceiling_cpu_ms_per_doc));
    expect(result.ceiling_cpu_ms_per_doc).toBeGreaterThan(0);
    expect(result.docs_per_s).toBe(middle(result.runs.docs_per_s));
    expect(result.ceiling_docs_per_s).toBe(middle(result.runs.ceiling_docs_per_s));
    // The rates are printed rounded to whole documents per second, the ratio from the exact ones: on a loaded machine
    // (13 docs/s) the rounding alone moves the quotient by several hundredths, so the ratio is checked within it.
    const { docs_per_s: d, ceiling_docs_per_s: c } = result;
    expect(result.ratio).toBeGreaterThanOrEqual(Math.floor(((d - 0.5) / (c + 0.5)) * 100) / 100);
    expect(result.ratio).toBeLessThanOrEqual(Math.ceil(((d + 0.5) / (c - 0.5)) * 100) / 100);
    expect(result.docs_per_s).toBeGreaterThan(0);
    expect(result.ceiling_docs_per_s).toBeGreaterThan(0);
    expect(result.ratio).toBeGreaterThan(0);
    expect(result.bytes_per_pdf).toBeGreaterThan(5_000);
    // Shares of the whole path's time: the render threads had a document in hand, the main thread was not idle.
    expect(result.render_threads_busy).toBeGreaterThan(0);
    expect(result.render_threads_busy).toBeLessThanOrEqual(1);
    expect(result.main_thread_busy).toBeGreaterThan(0);
    expect(result.main_thread_busy).toBeLessThanOrEqual(1);
    expect(result.bytes_per_pdf).toBeLessThanOrEqual(30 * 1024);
  }, 300_000);
});
