import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One PostgreSQL server for the run (a throwaway cluster, or GST_IMS_PG_URL's): decision 0033.
    globalSetup: ['packages/gst-ims/src/test-support/postgres-global-setup.ts'],
  },
});
