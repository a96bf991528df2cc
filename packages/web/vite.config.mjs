// Vite 7 build of the web app into dist/, served by `gst-ims serve`. JSX through esbuild's
// automatic runtime (no React plugin needed). The engine's pure core is shared through @core.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  esbuild: { jsx: 'automatic' },
  resolve: {
    // One core module at a time (@core/money.js ...): the bundle takes only the pure formatters
    // and types the UI uses, not the whole engine.
    alias: [
      {
        find: /^@core\/(.*)$/,
        replacement: `${fileURLToPath(new URL('../gst-ims/src/core/', import.meta.url))}$1`,
      },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    // `npm run dev -w @gst-ims/web` next to `gst-ims serve --port 5177`: the API is proxied.
    proxy: { '/api': 'http://127.0.0.1:5177' },
  },
});
