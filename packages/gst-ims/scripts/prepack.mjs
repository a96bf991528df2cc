// Run by `npm pack` and `npm publish` (prepack): puts the built web app into the package, so that
// an installed gst-ims serves it without the rest of the repository. The compiled JavaScript must
// be there already: `npm run build` at the repository root builds both (`npm publish` runs it
// through prepublishOnly). Stops with a clear message instead of packing a CLI that cannot start.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDist = join(pkg, '..', 'web', 'dist');
// Inside dist/: ignored by git, eslint and prettier like the rest of the build output.
const target = join(pkg, 'dist', 'web');

const missing = [
  [join(pkg, 'dist', 'cli', 'main.js'), 'the compiled CLI (packages/gst-ims/dist)'],
  [join(pkg, 'dist', 'bundle', 'main.js'), 'the bundled CLI (packages/gst-ims/dist/bundle)'],
  [join(webDist, 'index.html'), 'the built web app (packages/web/dist)'],
].filter(([file]) => !existsSync(file));
if (missing.length > 0) {
  console.error(
    `gst-ims prepack: ${missing.map(([, what]) => what).join(' and ')} missing: run npm run build at the repository root first`,
  );
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(webDist, target, { recursive: true });
console.error(`gst-ims prepack: copied the web app from ${webDist} into ${target}`);
