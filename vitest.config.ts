import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // test/browser holds a page and its helpers as well as browser.test.ts; only *.test.ts files
    // are collected, so nothing else needs excluding.
    exclude: ['**/node_modules/**', 'dist/**'],
    // Some suites (training, the real-browser run, bundle checks) are slow on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
