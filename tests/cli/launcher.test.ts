// The launcher (bin/gst-ims.js) runs the bundled CLI (decision 0056) unless the bundle is older
// than the compiled files: a `tsc` run without the bundle step must not leave old code running.
// Staged in a copy of the package's layout whose two entries say which one ran.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, runCli, tempDir } from '../support/cli.js';

function stage(): { bin: string; bundle: string; compiled: string } {
  const pkg = tempDir('gst-ims-launcher-');
  mkdirSync(join(pkg, 'bin'));
  mkdirSync(join(pkg, 'dist', 'bundle'), { recursive: true });
  mkdirSync(join(pkg, 'dist', 'cli'), { recursive: true });
  const bin = join(pkg, 'bin', 'gst-ims.js');
  copyFileSync(BIN, bin);
  writeFileSync(join(pkg, 'package.json'), '{"type":"module"}');
  const entry = (which: string): string =>
    `export async function main() { process.stdout.write('${which}'); return 0; }\n`;
  const bundle = join(pkg, 'dist', 'bundle', 'main.js');
  const compiled = join(pkg, 'dist', 'cli', 'main.js');
  writeFileSync(bundle, entry('bundle'));
  writeFileSync(compiled, entry('compiled'));
  return { bin, bundle, compiled };
}

const ran = (bin: string): string =>
  spawnSync(process.execPath, [bin], { encoding: 'utf8', timeout: 60_000 }).stdout;

describe('the launcher', () => {
  it('runs the bundle when it is as new as the compiled files, or newer', () => {
    const s = stage();
    utimesSync(s.compiled, 1_000, 1_000);
    utimesSync(s.bundle, 2_000, 2_000);
    expect(ran(s.bin)).toBe('bundle');
    // An installed package: npm gives every file the same time.
    utimesSync(s.compiled, 2_000, 2_000);
    expect(ran(s.bin)).toBe('bundle');
  });

  it('runs the compiled files when the bundle is older than they are, or missing', () => {
    const s = stage();
    utimesSync(s.bundle, 1_000, 1_000);
    utimesSync(s.compiled, 2_000, 2_000);
    expect(ran(s.bin)).toBe('compiled');
    rmSync(s.bundle);
    expect(ran(s.bin)).toBe('compiled');
  });

  it('in this repository, after npm run build, the bundle is there and is the one that runs', () => {
    const bundle = join(REPO, 'packages/gst-ims/dist/bundle/main.js');
    expect(existsSync(bundle)).toBe(true);
    // So every CLI test of the suite runs the bundle, as a user's command does.
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(
      statSync(join(REPO, 'packages/gst-ims/dist/cli/main.js')).mtimeMs,
    );
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
