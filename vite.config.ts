import path from 'node:path';
import { defineConfig } from 'vite';
import { precompressDir } from './src/server/lib/precompress.js';

/** The web UI: built into dist/web and served by `listonosz serve`; `npm run dev:web` proxies /api to :3000. */
export default defineConfig({
  root: 'src/web',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // Mantine marks its modules 'use client' (for React Server Components); a plain SPA ignores it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  plugins: [
    {
      // .br and .gz beside each built file, served by @fastify/static's preCompressed (src/server/app.ts).
      name: 'listonosz-precompress',
      apply: 'build',
      closeBundle() {
        precompressDir(path.resolve(import.meta.dirname, 'dist/web'));
      },
    },
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
