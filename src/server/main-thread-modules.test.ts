import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** An ESM resolve hook that writes every module it resolves to the file named by LISTONOSZ_LOAD_LOG. */
const LOG_HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.LISTONOSZ_LOAD_LOG, result.url + '\\n');
  return result;
}`;

/**
 * D94: the PDF libraries (pdfkit, fontkit and what they bring) are loaded by the render threads, not by the main
 * thread of `serve` and `worker`: the container's module graph reaches them only through imports made on first use
 * (a receipt, a render on the calling thread, a paper pack). Measured, the container alone: heap 42.7 → 36.3 MB,
 * RSS 11 MB less, in every `serve` and `worker` process. The QR encoder too (58 modules, 0.75 MB of heap): it is
 * required at the first QR code drawn (`pdf/qr.ts`).
 */
it('importing the container loads no PDF library on the main thread', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-loads-'));
  const log = path.join(dir, 'loads.txt');
  try {
    const script = [
      `import { register } from 'node:module';`,
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(LOG_HOOKS)}));`,
      `await import('./src/server/container.ts');`,
    ].join('\n');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, LISTONOSZ_LOAD_LOG: log },
      timeout: 50_000,
    });
    const loaded = readFileSync(log, 'utf8').split('\n');
    // The check can see: the container itself and its database and mail libraries are in the log.
    expect(loaded.some((url) => url.endsWith('/src/server/container.ts'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/nodemailer/'))).toBe(true);
    const pdf = loaded.filter((url) =>
      /\/node_modules\/(pdfkit|fontkit|linebreak|brotli|qrcode)\/|\/documents\/pdf\/(sheet|kit|fonts)\.ts$/.test(url),
    );
    expect(pdf).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
