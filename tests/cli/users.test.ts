// `gst-ims user ...` and `gst-ims serve --multi-user` as a user runs them (the built binary).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, runCli, tempDir } from '../support/cli.js';

const PASSWORD = 'correct horse 1';

/** The binary with `input` on its standard input. */
function runWithInput(args: readonly string[], input: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    input,
    env: { ...process.env, GST_IMS_DB: '' },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('gst-ims user', () => {
  it('adds the first admin and a preparer, lists them, disables and enables, sets a password', () => {
    const db = join(tempDir(), 'ws.sqlite');
    const admin = runWithInput(
      ['--db', db, 'user', 'add', 'meera', '--role', 'admin', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(admin.stderr).toBe('');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('Added admin meera, who sees every client.');
    const prep = runWithInput(
      [
        '--db',
        db,
        'user',
        'add',
        'asha',
        '--role',
        'preparer',
        '--gstin',
        '27AABCU9603R1ZN',
        '--password-stdin',
      ],
      PASSWORD,
    );
    expect(prep.code).toBe(0);
    expect(prep.stdout).toContain('Added preparer asha, for 27AABCU9603R1ZN.');

    const list = runCli(['--db', db, '--format', 'json', 'user', 'list']);
    expect(list.code).toBe(0);
    const users = JSON.parse(list.stdout) as {
      name: string;
      role: string;
      disabled: boolean;
      gstins: string[];
    }[];
    expect(users.map((u) => [u.name, u.role, u.disabled, u.gstins])).toEqual([
      ['asha', 'preparer', false, ['27AABCU9603R1ZN']],
      ['meera', 'admin', false, ['*']],
    ]);
    // Neither the password nor its hash is ever shown.
    expect(list.stdout).not.toContain(PASSWORD);
    expect(list.stdout).not.toContain('scrypt');

    const dup = runWithInput(
      ['--db', db, 'user', 'add', 'asha', '--role', 'viewer', '--password-stdin'],
      PASSWORD,
    );
    expect(dup.code).toBe(3);
    expect(dup.stderr).toContain('an account "asha" exists already');

    expect(runCli(['--db', db, 'user', 'disable', 'asha']).stdout).toContain('Disabled asha');
    const table = runCli(['--db', db, 'user', 'list']);
    expect(table.stdout).toMatch(/asha\s+preparer\s+disabled\s+27AABCU9603R1ZN/);
    expect(runCli(['--db', db, 'user', 'disable', 'asha', '--enable']).stdout).toContain(
      'Enabled asha again.',
    );
    // The only admin cannot be disabled: nobody could manage accounts.
    const last = runCli(['--db', db, 'user', 'disable', 'meera']);
    expect(last.code).toBe(3);
    expect(last.stderr).toContain('"meera" is the only admin left');

    const pw = runWithInput(
      ['--db', db, 'user', 'password', 'asha', '--password-stdin'],
      'another long one\n',
    );
    expect(pw.code).toBe(0);
    expect(pw.stdout).toContain('Set a new password for asha');
  });

  it('refuses a short password, an unknown role, and a password with no terminal and no --password-stdin', () => {
    const db = join(tempDir(), 'ws.sqlite');
    const short = runWithInput(
      ['--db', db, 'user', 'add', 'asha', '--role', 'admin', '--password-stdin'],
      'short',
    );
    expect(short.code).toBe(3);
    expect(short.stderr).toContain('at least 10 characters');
    const role = runWithInput(
      ['--db', db, 'user', 'add', 'asha', '--role', 'owner', '--password-stdin'],
      PASSWORD,
    );
    expect(role.code).toBe(3);
    expect(role.stderr).toContain(
      '--role: expected one of viewer, preparer, reviewer, admin, found "owner"',
    );
    const noTty = runWithInput(['--db', db, 'user', 'add', 'asha', '--role', 'admin'], PASSWORD);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--password-stdin');
    expect(`${short.stderr}${role.stderr}${noTty.stderr}`).not.toMatch(/\n\s+at /);
    const list = runCli(['--db', db, '--format', 'json', 'user', 'list']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

describe('gst-ims serve beyond this machine', () => {
  it('refuses a non-loopback --host without --multi-user (exit 2), listening nowhere', () => {
    const db = join(tempDir(), 'ws.sqlite');
    const r = runCli(['--db', db, 'serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--host 0.0.0.0: refused to listen beyond this machine without --multi-user',
    );
    expect(r.stdout).not.toContain('is serving');
  });

  it('refuses --multi-user without an admin account (exit 3)', () => {
    const db = join(tempDir(), 'ws.sqlite');
    const r = runCli(['--db', db, 'serve', '--multi-user', '--port', '0']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      '--multi-user needs an admin account first: gst-ims user add NAME --role admin',
    );
  });

  it('serves --multi-user on another address with a loud warning without TLS', async () => {
    const db = join(tempDir(), 'ws.sqlite');
    expect(
      runWithInput(
        ['--db', db, 'user', 'add', 'meera', '--role', 'admin', '--password-stdin'],
        PASSWORD,
      ).code,
    ).toBe(0);
    const child = spawn(
      process.execPath,
      [BIN, '--db', db, 'serve', '--multi-user', '--host', '0.0.0.0', '--port', '0'],
      {
        cwd: REPO,
        env: { ...process.env, GST_IMS_DB: '' },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!/is serving/.test(out) && Date.now() < deadline && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(
        /is serving .* at http:\/\/0\.0\.0\.0:\d+\/ for signed-in accounts \(multi-user\)/,
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(err).toContain('WARNING: serving WITHOUT TLS beyond this machine');
      const port = /0\.0\.0\.0:(\d+)/.exec(out)?.[1];
      const res = await fetch(`http://127.0.0.1:${port}/api/records`);
      expect(res.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
