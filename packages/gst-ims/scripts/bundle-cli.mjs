// Run by `npm run build` after tsc (decision 0056): bundles the compiled CLI with
// esbuild into dist/bundle/, the launcher's entry. A command's start-up was mostly Node.js
// resolving and reading kysely's and zod's few hundred ES modules (0.5 s of CPU in 1 s); one file
// per lazily loaded command (code splitting keeps decision 0047's narrow imports) costs a
// fraction of that. Packages that load native code, read their own files at run time, or are
// CommonJS (whose require of Node.js built-ins an ES bundle cannot hold) stay outside: they load
// from node_modules as before. dist/bundle/ sits at the depth of dist/cli/, so the paths taken
// from import.meta.url (package.json, the web app's files) resolve as they did.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(pkg, 'dist', 'bundle');

export const EXTERNAL = [
  'better-sqlite3',
  'pg',
  'exceljs',
  'hono',
  '@hono/node-server',
  'iconv-lite',
  'cli-progress',
  'commander',
  'csv-parse',
];

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints: [join(pkg, 'dist', 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Subpaths too (exceljs/lib/..., hono/...): esbuild matches the package name and its paths.
  external: EXTERNAL.flatMap((p) => [p, `${p}/*`]),
  logLevel: 'warning',
  legalComments: 'none',
});
console.error(`gst-ims: bundled the CLI into ${outdir} in ${Date.now() - started} ms`);
