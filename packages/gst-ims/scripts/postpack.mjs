// After `npm pack` / `npm publish`: the web app copy belongs in the tarball, not in the clone,
// where packages/web/dist is the one the server reads.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

rmSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web'), {
  recursive: true,
  force: true,
});
