// gst-ims review / approve / export upload on the built binary (issue 16): with accounts in the
// workspace, an upload is refused while decisions wait for approval, naming how many and who
// made them; a reviewer approves and the upload is written. Without accounts nothing changes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO, runCli, tempDir } from '../support/cli.js';

const PASSWORD = 'correct horse 1';

function addUser(db: string, name: string, role: string): void {
  const r = spawnSync(
    process.execPath,
    [BIN, '--db', db, 'user', 'add', name, '--role', role, '--password-stdin'],
    {
      cwd: REPO,
      encoding: 'utf8',
      input: `${PASSWORD}\n`,
      env: { ...process.env, GST_IMS_DB: '' },
    },
  );
  expect(r.status, r.stderr).toBe(0);
}

describe('gst-ims approve', () => {
  it('refuses the upload until a reviewer approves, in a workspace with accounts', () => {
    const dir = tempDir('gst-ims-approve-cli-');
    const db = join(dir, 'ws.sqlite');
    const as = (user: string, ...args: string[]) => runCli(['--db', db, '--user', user, ...args]);
    expect(as('asha', 'import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')).code).toBe(
      0,
    );
    addUser(db, 'meera', 'reviewer');
    addUser(db, 'asha', 'preparer');
    expect(as('asha', 'act', 'accept', '--section', 'b2b').code).toBe(0);

    const out = join(dir, 'upload.json');
    const refused = as('meera', 'export', 'upload', '--out', out);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      '3 decision(s) in this upload are not approved yet (made by asha (3))',
    );
    expect(refused.stderr).toContain('[UNAPPROVED_DECISION]');
    expect(existsSync(out)).toBe(false);

    const review = as('meera', 'review');
    expect(review.code).toBe(0);
    expect(review.stdout).toContain('3 record(s) of');
    expect(review.stdout).toMatch(/asha\s+3\s+3/);
    const json = JSON.parse(as('meera', '--format', 'json', 'review').stdout) as {
      unapproved: number;
      people: { user: string; records: number }[];
    };
    expect(json).toMatchObject({ unapproved: 3, people: [{ user: 'asha', records: 3 }] });

    const byPreparer = as('asha', 'approve');
    expect(byPreparer.code).toBe(3);
    expect(byPreparer.stderr).toContain('ROLE_FORBIDS');

    const approved = as('meera', 'approve');
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('Approved the decisions of 3 record(s) as meera.');
    expect(as('meera', 'approve').code).toBe(4);
    expect(as('meera', 'review').code).toBe(4);

    const written = as('meera', 'export', 'upload', '--out', out);
    expect(written.code, written.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('leaves a workspace without accounts as it was: the upload needs no approval', () => {
    const dir = tempDir('gst-ims-approve-cli-');
    const db = join(dir, 'ws.sqlite');
    const cli = (...args: string[]) => runCli(['--db', db, ...args]);
    expect(cli('import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')).code).toBe(0);
    expect(cli('act', 'accept', '--section', 'b2b').code).toBe(0);
    const r = cli('export', 'upload', '--out', join(dir, 'upload.json'));
    expect(r.code, r.stderr).toBe(0);
  });

  it('splits a period among staff and shows each queue (assign, queue)', () => {
    const dir = tempDir('gst-ims-assign-cli-');
    const db = join(dir, 'ws.sqlite');
    const as = (user: string, ...args: string[]) => runCli(['--db', db, '--user', user, ...args]);
    expect(as('meera', 'import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')).code).toBe(
      0,
    );
    addUser(db, 'meera', 'reviewer');
    addUser(db, 'asha', 'preparer');
    const unknown = as('meera', 'assign', 'nobody', '--period', '102026', '--section', 'b2b');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('there is no enabled account "nobody"');
    const given = as('meera', 'assign', 'asha', '--period', '102026', '--section', 'b2b');
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).toMatch(/asha\s+b2b/);
    type Q = { queues: { user: string; records: number; decided: number; remaining: string[] }[] };
    const queue = (): Q['queues'] =>
      (
        JSON.parse(
          as('asha', '--format', 'json', 'queue', '--period', '102026', '--mine').stdout,
        ) as Q
      ).queues;
    const before = queue();
    expect(before.map((q) => q.user)).toEqual(['asha']);
    expect(before[0]!.records).toBeGreaterThan(0);
    // The download holds a record already decided on the portal: it counts as decided.
    expect(before[0]!.decided).toBeLessThan(before[0]!.records);
    expect(as('asha', 'act', 'accept', '--section', 'b2b').code).toBe(0);
    const after = queue()[0]!;
    expect(after.decided).toBeGreaterThan(before[0]!.decided);
    expect(after.records - after.decided).toBe(after.remaining.length);
  });
});
