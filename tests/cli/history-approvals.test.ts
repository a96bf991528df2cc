// gst-ims history shows who approved (issue 16), on the built binary: the latest actions with
// the approvals among them, and a record's trail with who approved its current decision.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO, runCli, tempDir } from '../support/cli.js';

function addUser(db: string, name: string, role: string): void {
  const r = spawnSync(
    process.execPath,
    [BIN, '--db', db, 'user', 'add', name, '--role', role, '--password-stdin'],
    {
      cwd: REPO,
      encoding: 'utf8',
      input: 'correct horse 1\n',
      env: { ...process.env, GST_IMS_DB: '' },
    },
  );
  expect(r.status, r.stderr).toBe(0);
}

describe('gst-ims history with approvals', () => {
  it('lists who approved beside who decided, and per record', () => {
    const dir = tempDir('gst-ims-history-approvals-');
    const db = join(dir, 'ws.sqlite');
    const as = (user: string, ...args: string[]) => runCli(['--db', db, '--user', user, ...args]);
    expect(as('asha', 'import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')).code).toBe(
      0,
    );
    addUser(db, 'meera', 'reviewer');
    addUser(db, 'asha', 'preparer');
    expect(as('asha', 'act', 'accept', '--section', 'b2b').code).toBe(0);
    expect(as('meera', 'approve').code).toBe(0);
    expect(as('asha', 'act', 'reject', '--number', '0004512').code).toBe(0);

    type Line = { type: string; by?: string; user?: string; records: number };
    const lines = JSON.parse(as('meera', '--format', 'json', 'history').stdout) as Line[];
    // Newest first: the Reject, the approval, the Accept, then the download's own records.
    expect(lines.slice(0, 3).map((l) => [l.type, l.by ?? l.user, l.records])).toEqual([
      ['action', 'asha', 1],
      ['approval', 'meera', 3],
      ['action', 'asha', 3],
    ]);
    const text = as('meera', 'history');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/approved by meera at \d{4}-\d\d-\d\dT[\d:.]+Z, 3 record\(s\)/);

    const approvedRecord = as('meera', 'history', 'INV/2026-27/0001');
    expect(approvedRecord.code).toBe(0);
    expect(approvedRecord.stdout).toMatch(/Approved by meera at \S+ \(its current decision\)\./);
    const decidedAgain = as('meera', 'history', '0004512');
    expect(decidedAgain.stdout).toMatch(
      /Last approved by meera at \S+; decided again since \(version 2, approved 1\): waiting for approval\./,
    );
    const json = JSON.parse(as('meera', '--format', 'json', 'history', '0004512').stdout) as {
      approvals: { by: string; current: boolean; version: number; recordVersion: number }[];
    };
    expect(json.approvals).toMatchObject([
      { by: 'meera', current: false, version: 1, recordVersion: 2 },
    ]);
  });
});
