import { createRequire } from 'node:module';

// Read from package.json (src/app and dist/app sit at the same depth) so that `--version`, the
// server's meta and a user's bug report always name the release that is installed.
const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };

export const PACKAGE_VERSION: string = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
