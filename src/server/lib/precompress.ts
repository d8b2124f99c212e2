/**
 * Build-time compression of the web app's files: beside each text file over 1 KiB, `.br` (Brotli, best) and `.gz`
 * (gzip, best), served by @fastify/static's `preCompressed` to clients that accept them (the 1.1 MB script goes
 * out as ~300 KB). Run by the Vite build (vite.config.ts); nothing is compressed per request.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|ico)$/i;
const MIN_BYTES = 1024;

/** Writes `.br` and `.gz` beside each compressible file under `dir`; returns the files compressed. */
export function precompressDir(dir: string): string[] {
  const done: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, entry);
    if (!COMPRESSIBLE.test(file) || !statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    if (bytes.length < MIN_BYTES) continue;
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    done.push(entry);
  }
  return done;
}

/** Cache-Control for a served web file: hashed assets (`/assets/name-HASH.js`) for a year, the rest revalidated. */
export function webCacheControl(filePath: string): string {
  const hashed = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/.test(filePath);
  return hashed ? 'public, max-age=31536000, immutable' : 'no-cache';
}
