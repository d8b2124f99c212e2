import { defineConfig } from 'vitest/config';

/**
 * Browser end-to-end tests (`npm run test:e2e`): a real server process and Debian's Chromium driven by
 * playwright-core. One file at a time: each starts its own server on 127.0.0.1 with a fresh data folder.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // Takes this checkout's e2e lock and builds dist/web once.
    globalSetup: ['e2e/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // beforeAll may build the web bundle and start the server.
    hookTimeout: 180_000,
    fileParallelism: false,
    retry: 0,
  },
});
