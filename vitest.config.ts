import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each test file gets its own database (an in-memory SQLite or a fresh PostgreSQL schema).
    fileParallelism: true,
    // Test files share a worker's module cache instead of importing the whole server again for each of ~200 files
    // (import time 345 s → 24 s of the SQLite suite). Files keep no state in modules: each makes its own container,
    // database and servers (D65).
    isolate: false,
    // …and what a test stubs (fetch in the web tests, environment variables) is put back after it, so it cannot
    // leak into the next file of the worker.
    unstubGlobals: true,
    unstubEnvs: true,
    setupFiles: ['test/support/setup.ts'],
  },
});
