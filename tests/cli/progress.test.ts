// Progress bars on the built binary: spawned with a pipe for stderr (how scripts and these tests
// run it) there is no bar at all; under a pseudo-terminal (util-linux `script`, where present) the
// bar goes to the terminal and stdout stays byte for byte the same.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from '../support/cli.js';

// Progress is on by default: make sure the environment running the tests does not turn it off.
const PROGRESS_ON = { CI: '', GST_IMS_NO_PROGRESS: '' };
const ESC = '\x1b';
const BAR_TRACES =
  /\[[#.]{5,}|reading register rows|writing register documents|matching records|writing the result/;

describe('gst-ims progress bars on the built binary', () => {
  const dir = tempDir('gst-ims-progress-');
  const demoDir = join(dir, 'demo');
  const registerFile = join(demoDir, 'purchase-register-tally.csv');
  const cli = (db: string, ...args: string[]) =>
    runCli(['--db', join(dir, db), ...args], { env: PROGRESS_ON });

  beforeAll(() => {
    for (const db of ['a.sqlite', 'b.sqlite', 'c.sqlite']) {
      const r = cli(db, 'demo', '--dir', demoDir);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('draws nothing when stderr is not a terminal: stderr holds only messages', () => {
    const imp = cli('a.sqlite', 'import', 'register', registerFile);
    expect(imp.code, imp.stderr).toBe(0);
    const rec = cli('a.sqlite', 'reconcile', '--out', join(dir, 'a.csv'));
    expect(rec.code, rec.stderr).toBe(0);
    const bad = cli('a.sqlite', 'import', 'register', join(dir, 'absent.csv'));
    expect(bad.code).toBe(3);
    for (const r of [imp, rec, bad]) {
      expect(r.stderr).not.toContain(ESC);
      expect(r.stderr).not.toMatch(BAR_TRACES);
      expect(r.stdout).not.toMatch(BAR_TRACES);
    }
    // What is there is what the commands say, line by line.
    expect(bad.stderr).toMatch(/^gst-ims: .*absent\.csv/);
  });

  it('under a terminal: a bar on stderr, cleared, and the same stdout as without one', (ctx) => {
    // util-linux script(1): -q quiet, -e child's exit code, -c the command; the transcript to /dev/null.
    const probe =
      process.platform === 'linux' && existsSync('/usr/bin/script')
        ? spawnSync('script', ['-qec', 'true', '/dev/null'], { encoding: 'utf8' })
        : null;
    if (probe === null || probe.status !== 0) return ctx.skip();
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const underTty = (
      db: string,
      args: string[],
      out: string,
    ): { code: number; terminal: string; stdout: string } => {
      const command =
        [process.execPath, BIN, '--db', join(dir, db), ...args].map(quote).join(' ') +
        ` > ${quote(out)}`;
      const r = spawnSync('script', ['-qec', command, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, GST_IMS_DB: '', ...PROGRESS_ON, TERM: 'xterm' },
        timeout: 120_000,
      });
      return { code: r.status ?? -1, terminal: r.stdout, stdout: readFileSync(out, 'utf8') };
    };

    const tty = underTty(
      'b.sqlite',
      ['import', 'register', registerFile],
      join(dir, 'b-import.txt'),
    );
    expect(tty.code, tty.terminal).toBe(0);
    expect(tty.terminal).toContain('writing register documents');
    // The bar's line is cleared (ESC[2K) when it ends.
    expect(tty.terminal).toContain('\x1b[2K');
    const recTty = underTty('b.sqlite', ['reconcile'], join(dir, 'b-reconcile.txt'));
    expect(recTty.code, recTty.terminal).toBe(0);
    expect(recTty.terminal).toContain('matching records');

    // The same commands without a terminal, on a workspace in the same state.
    const plainImp = cli('c.sqlite', 'import', 'register', registerFile);
    const plainRec = cli('c.sqlite', 'reconcile');
    expect(plainRec.code, plainRec.stderr).toBe(0);
    expect(tty.stdout).toMatch(/^Imported \d+ document\(s\)/);
    expect(tty.stdout).toBe(plainImp.stdout);
    expect(recTty.stdout).toBe(plainRec.stdout);

    // --format json on a terminal: no bar.
    const json = underTty('b.sqlite', ['--format', 'json', 'reconcile'], join(dir, 'b-json.txt'));
    expect(json.code).toBe(0);
    expect(json.terminal).not.toContain(ESC);
    expect(json.terminal).not.toMatch(BAR_TRACES);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });
});
