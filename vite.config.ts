import { defineConfig } from 'vite';

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
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
