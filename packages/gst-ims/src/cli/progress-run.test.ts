// The CLI's run() with a fake terminal on stderr: bars are drawn there, cleared before normal
// output and before error messages, and stdout is byte for byte what it is without a terminal.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './main.js';
import type { Io } from './session.js';

const CLEAR_LINE = '\x1b[2K';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  /** Everything in write order: stdout, stderr and the bar's stream, tagged. */
  log: { to: 'out' | 'err' | 'bar'; text: string }[];
}

async function cli(args: string[], tty: boolean, env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  const log: Captured['log'] = [];
  const io: Io = {
    stdout: (s) => void log.push({ to: 'out', text: s }),
    stderr: (s) => void log.push({ to: 'err', text: s }),
    env,
    now: () => '2026-11-05T10:00:00.000Z',
    stderrStream: {
      isTTY: tty,
      columns: 120,
      write: (s: string) => {
        log.push({ to: 'bar', text: s });
        return true;
      },
    },
  };
  const code = await run(['node', 'gst-ims', ...args], io);
  const text = (to: 'out' | 'err'): string =>
    log
      .filter((x) => x.to === to)
      .map((x) => x.text)
      .join('');
  return { code, stdout: text('out'), stderr: text('err'), log };
}

const barText = (c: Captured): string =>
  c.log
    .filter((x) => x.to === 'bar')
    .map((x) => x.text)
    .join('');

/** Every normal line was written while no bar was on screen: the bar's last write before it cleared the line. */
function clearedBeforeOutput(c: Captured): void {
  let drawn = false;
  for (const x of c.log) {
    if (x.to === 'bar') drawn = !x.text.endsWith(CLEAR_LINE);
    else expect(drawn, `a bar was on screen when "${x.text.trim()}" was printed`).toBe(false);
  }
  expect(drawn, 'a bar was left on screen at the end').toBe(false);
}

describe('progress bars in the CLI (fake terminal on stderr)', () => {
  let dir: string;
  const db = (name: string): string => join(dir, name);
  let registerFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-progress-'));
    // Two identical workspaces: one driven with a terminal, one without.
    for (const name of ['tty.sqlite', 'plain.sqlite']) {
      const r = await cli(['--db', db(name), 'demo', '--dir', join(dir, 'demo')], false);
      expect(r.code, r.stderr).toBe(0);
    }
    registerFile = join(dir, 'demo', 'purchase-register-tally.csv');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('import register and reconcile: bars on the terminal, stdout identical to a run without one', async () => {
    for (const args of [
      ['import', 'register', registerFile],
      ['reconcile'],
      ['report', 'reconcile'],
    ]) {
      const tty = await cli(['--db', db('tty.sqlite'), ...args], true);
      const plain = await cli(['--db', db('plain.sqlite'), ...args], false);
      expect(tty.code, tty.stderr).toBe(0);
      expect(plain.code, plain.stderr).toBe(0);
      expect(tty.stdout).toBe(plain.stdout);
      expect(tty.stderr).toBe(plain.stderr);
      expect(plain.log.some((x) => x.to === 'bar')).toBe(false);
      clearedBeforeOutput(tty);
    }
  });

  it('names the phases of a register import and of a reconciliation', async () => {
    const imp = await cli(['--db', db('tty.sqlite'), 'import', 'register', registerFile], true);
    expect(barText(imp)).toContain('reading register rows');
    expect(barText(imp)).toContain('writing register documents');
    const rec = await cli(
      ['--db', db('tty.sqlite'), 'reconcile', '--out', join(dir, 'result.csv')],
      true,
    );
    expect(rec.code, rec.stderr).toBe(0);
    expect(barText(rec)).toContain('matching records');
    expect(barText(rec)).toContain('writing the result');
    clearedBeforeOutput(rec);
  });

  it('draws nothing with --format json, GST_IMS_NO_PROGRESS or CI, even on a terminal', async () => {
    for (const [args, env] of [
      [['--format', 'json', 'reconcile'], {}],
      [['reconcile'], { GST_IMS_NO_PROGRESS: '1' }],
      [['reconcile'], { CI: 'true' }],
    ] as const) {
      const r = await cli(['--db', db('tty.sqlite'), ...args], true, env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.log.filter((x) => x.to === 'bar')).toEqual([]);
    }
  });

  it('clears the bar before the error message when a command fails', async () => {
    const bad = join(dir, 'demo', 'nothing-here.csv');
    const r = await cli(['--db', db('tty.sqlite'), 'import', 'register', bad], true);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('nothing-here.csv');
    expect(barText(r)).toContain('reading register rows');
    clearedBeforeOutput(r);
  });
});
