import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { precompressDir } from '../lib/precompress.js';

/** The web app's files: compressed when the browser accepts it (built .br/.gz), cached by whether they are hashed. */
let t: TestApp;
let script: Buffer;
const SCRIPT = '/assets/index-B3xk9QzA.js';

beforeAll(async () => {
  const web = mkdtempSync(path.join(tmpdir(), 'listonosz-web-'));
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(
    path.join(web, 'index.html'),
    `<!doctype html><title>Listonosz</title><script src="${SCRIPT}"></script>`,
  );
  // Something like a bundle: 200 KB of varied code (Polish letters too), not one repeated line.
  const lines = Array.from({ length: 4000 }, (_, i) => `export const n${i} = ${i * 7919}; /* źdźbło ${i % 97} */`);
  script = Buffer.from(lines.join('\n'));
  writeFileSync(path.join(web, SCRIPT), script);
  expect(precompressDir(web)).toEqual([path.join('assets', 'index-B3xk9QzA.js')]); // index.html is under 1 KiB
  t = await createTestApp({ webRoot: web });
});
afterAll(() => t?.close());

const get = (url: string, encoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('the web app is served compressed and cached by name', () => {
  it('sends the main script Brotli-compressed to a browser that accepts br, the same bytes decompressed', async () => {
    const res = await get(SCRIPT, 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(res.rawPayload).equals(script)).toBe(true);
  });

  it('sends gzip to one that accepts only gzip, and the file itself to one that accepts neither', async () => {
    const gz = await get(SCRIPT, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(script)).toBe(true);
    const plain = await get(SCRIPT);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(script)).toBe(true);
  });

  it('lets browsers keep hashed files for a year and revalidate index.html on every visit', async () => {
    for (const enc of ['br', 'gzip', undefined]) {
      expect((await get(SCRIPT, enc)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const root = await get('/', 'gzip, br');
    expect(root.statusCode).toBe(200);
    expect(root.headers['cache-control']).toBe('no-cache');
    expect((await get('/index.html')).headers['cache-control']).toBe('no-cache');
    const route = await get('/skrzynki/sent', 'br');
    expect(route.statusCode).toBe(200);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(route.body).toContain(SCRIPT);
  });

  it('the build wrote .br and .gz beside the built main script (checked when a build is present)', () => {
    const built = path.resolve(import.meta.dirname, '../../../dist/web/index.html');
    if (!existsSync(built)) return; // no build in this checkout: `npm run build` runs the Vite plugin
    const main = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(built, 'utf8'))?.[1];
    expect(main).toBeDefined();
    const file = path.join(path.dirname(built), main!);
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(readFileSync(file))).toBe(true);
    expect(gunzipSync(readFileSync(`${file}.gz`)).equals(readFileSync(file))).toBe(true);
  });
});
