// Text is checked at the door: invalid Unicode in an IMS download is refused with its field path
// (before, a lone surrogate imported once and broke the next import), and control characters
// from files reach the terminal only as visible escapes.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

type Download = { imsDetails: { b2b: Record<string, unknown>[] } };
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function fixtureWith(dir: string, name: string, change: (d: Download) => void): string {
  const d = JSON.parse(
    readFileSync(join(FIXTURES, 'ims', 'offline-download.json'), 'utf8'),
  ) as Download;
  change(d);
  const file = join(dir, name);
  // JSON.stringify writes a lone surrogate as the escape "\ud800", as a damaged file would hold it.
  writeFileSync(file, JSON.stringify(d));
  return file;
}

describe('text at the door (built CLI)', () => {
  const dir = tempDir('gst-ims-text-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a lone surrogate with the field path, changes nothing, and the same import works again once fixed', () => {
    const db = join(dir, 'surrogate.sqlite');
    const cli = (...a: string[]) => runCli(['--db', db, ...a]);
    expect(cli('import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')).code).toBe(0);
    const bad = fixtureWith(dir, 'bad.json', (d) => {
      (d.imsDetails.b2b[2] as Record<string, unknown>).inum = 'INV\ud800X';
    });
    for (let i = 0; i < 2; i++) {
      const r = cli('import', 'ims', bad);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(
        'bad.json: imsDetails.b2b[2].inum: not valid Unicode text [INVALID_UNICODE]',
      );
      expect(r.stderr).not.toContain('internal error');
    }
    const again = cli('import', 'ims', join(FIXTURES, 'ims', 'offline-download.json'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('new 0, updated 0, unchanged 11');
  });

  it('prints control characters and ANSI escapes from a file as visible escapes in tables and messages', () => {
    const db = join(dir, 'ansi.sqlite');
    const cli = (...a: string[]) => runCli(['--db', db, ...a]);
    const file = fixtureWith(dir, 'ansi.json', (d) => {
      const r = d.imsDetails.b2b[0] as Record<string, unknown>;
      r.inum = 'EV\u001b[31mIL\u0007';
      for (const k of ['trdnm', 'tradenm']) if (k in r) r[k] = 'Acme\u009b2J\u001b]0;x\u0007 Ltd';
    });
    const imp = cli('import', 'ims', file);
    expect(imp.code, imp.stderr).toBe(0);
    const act = cli('act', 'accept', '--section', 'b2b', '--dry-run');
    expect(act.code, act.stderr).toBe(0);
    expect(act.stdout).toContain('EV\\u001b[31mIL\\u0007');
    const suppliers = cli('report', 'suppliers');
    expect(suppliers.code, suppliers.stderr).toBe(0);
    expect(suppliers.stdout).toContain('Acme\\u009b2J\\u001b]0;x\\u0007 Ltd');
    // An error message quoting what was typed or read.
    const missing = cli('history', 'X\u001b[2J');
    expect(missing.stderr).toContain('no record matches "X\\u001b[2J"');
    for (const out of [
      act.stdout,
      suppliers.stdout,
      act.stderr,
      suppliers.stderr,
      missing.stdout,
      missing.stderr,
    ])
      expect(out).not.toMatch(RAW_CONTROL);
    // JSON keeps the exact text (escaped by JSON itself).
    const json = cli('--format', 'json', 'act', 'accept', '--section', 'b2b', '--dry-run');
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(json.stdout).toContain('EV\\u001b[31mIL\\u0007');
  });
});
