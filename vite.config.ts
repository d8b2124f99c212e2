import { defineConfig } from 'vite';

/** The web UI: built into dist/web and served by `listonosz serve`; `npm run dev:web` proxies /api to :3000. */
export default defineConfig({
  root: 'src/web',
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
