import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web app's tests (packages/web/src, each with `// @vitest-environment jsdom`) resolve
  // @core and JSX as the web app's own build does (packages/web/vite.config.mjs).
  esbuild: { jsx: 'automatic' },
  resolve: {
    alias: [
      {
        find: /^@core\/(.*)$/,
        replacement: `${fileURLToPath(new URL('packages/gst-ims/src/core/', import.meta.url))}$1`,
      },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/web/src/**/*.test.tsx',
      'tests/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One PostgreSQL server for the run (a throwaway cluster, or GST_IMS_PG_URL's): decision 0033.
    globalSetup: ['packages/gst-ims/src/test-support/postgres-global-setup.ts'],
  },
});
