// `gst-ims import errors` says the answer's status in words and, for each error code, what to do
// (core's portal-error-advice table, the one the web's Import page shows).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTAL_ERROR_ADVICE } from '../../packages/gst-ims/src/core/vocabulary/portal-error-advice.js';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

const ims = (f: string): string => join(FIXTURES, 'ims', f);

describe('import errors: what to do', () => {
  it('prints the status in words and the advice for the code the portal answered with', () => {
    const dir = tempDir('gst-ims-advice-');
    const db = join(dir, 'ws.sqlite');
    const cli = (...args: string[]) => runCli(['--db', db, '--user', 'ravi', ...args]);
    expect(cli('import', 'ims', ims('offline-download.json')).code).toBe(0);
    expect(cli('act', 'accept', '--number', 'CN-7').code).toBe(0);
    expect(cli('export', 'upload', '--out', join(dir, 'up.json')).code).toBe(0);
    const r = cli('import', 'errors', ims('status-gsp-wrapped-imssav0054.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('status processed with errors (PE)');
    expect(r.stdout).toContain('What to do:');
    expect(r.stdout).toContain(
      `IMSSAV0054 (1 record(s)): ${PORTAL_ERROR_ADVICE.IMSSAV0054.meaning}; ${PORTAL_ERROR_ADVICE.IMSSAV0054.action}.`,
    );
  });
});
