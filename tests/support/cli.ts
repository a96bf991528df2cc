import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(REPO, 'packages/gst-ims/bin/gst-ims.js');
export const FIXTURES = join(REPO, 'tests/fixtures');
export const SHARED_FIXTURES = resolve(REPO, '../shared/fixtures/public');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would. */
export function runCli(
  args: readonly string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  if (!existsSync(join(REPO, 'packages/gst-ims/dist/cli/main.js')))
    throw new Error('the CLI is not built: run npm run build first');
  // The developer's own GST_IMS_DB must not reach a test: every test names its workspace.
  const { GST_IMS_DB: _ambient, ...env } = process.env;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    encoding: 'utf8',
    env: { ...env, ...opts.env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'gst-ims-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
