// gst-ims assign / assign list / assign remove on the built binary (issue 16): a period split
// among staff by section and by a saved view of the Records page, the overlap shown, shares
// taken back by id and by person, and the exit codes of a bad or empty request.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO, runCli, tempDir } from '../support/cli.js';

const PASSWORD = 'correct horse 1';
const SUPPLIER = '27AAACS1234F1ZS';

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

interface Queues {
  shares?: {
    id: number;
    assignee: string;
    kind: string;
    value: string;
    viewOwner: string | null;
  }[];
  queues: {
    user: string;
    records: number;
    decided: number;
    remaining: string[];
    overlapping: number;
  }[];
  unassigned: number;
  overlaps: { users: string[]; records: number }[];
}

describe('gst-ims assign', () => {
  it('splits a period by section and saved view, lists the shares, takes them back', () => {
    const dir = tempDir('gst-ims-assign-view-cli-');
    const db = join(dir, 'ws.sqlite');
    const as = (user: string, ...args: string[]) => runCli(['--db', db, '--user', user, ...args]);
    const json = (user: string, ...args: string[]): Queues => {
      const r = as(user, '--format', 'json', ...args);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Queues;
    };
    expect(as('meera', 'import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')).code).toBe(
      0,
    );
    addUser(db, 'meera', 'reviewer');
    addUser(db, 'asha', 'preparer');
    addUser(db, 'ravi', 'preparer');
    addUser(db, 'vik', 'viewer');
    // A view Meera saved on the Records page (the web app's JSON): one supplier, every tab.
    const sqlite = new Database(db);
    const gstin = String(sqlite.prepare('select gstin from gstins').pluck().get());
    sqlite
      .prepare('insert into saved_views (gstin, user, name, view, at) values (?, ?, ?, ?, ?)')
      .run(
        gstin,
        'meera',
        'Sharma',
        JSON.stringify({ v: 1, view: 'all', supplier: SUPPLIER, search: '', filterModel: {} }),
        '2026-11-01T00:00:00.000Z',
      );
    sqlite.close();

    const none = json('meera', 'queue', '--period', '102026');
    const total = none.unassigned;
    expect(total).toBeGreaterThan(3);

    const b2b = as('meera', 'assign', 'asha', '--period', '102026', '--section', 'b2b');
    expect(b2b.code, b2b.stderr).toBe(0);
    expect(b2b.stdout).toContain("Added 1 share(s) to asha's queue: b2b.");
    const viewed = json('meera', 'assign', 'ravi', '--period', '102026', '--view', 'Sharma');
    const [asha, ravi] = viewed.queues;
    expect(asha!.user).toBe('asha');
    expect(ravi!.user).toBe('ravi');
    // Sharma's October records: its two invoices (b2b, in Asha's share too) and its credit note.
    expect(ravi!.records).toBe(3);
    expect(viewed.overlaps).toEqual([{ users: ['asha', 'ravi'], records: 2 }]);
    expect(ravi!.overlapping).toBe(2);
    expect(viewed.unassigned).toBe(total - asha!.records - 1);

    const listed = as('meera', 'assign', 'list', '--period', '102026');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/1\s+asha\s+b2b\s+meera/);
    expect(listed.stdout).toMatch(/2\s+ravi\s+view "Sharma" \(meera\)\s+meera/);
    expect(listed.stdout).toContain("2 record(s) are in both asha's and ravi's queues.");

    // Refusals: a view nobody saved, a viewer, no period, nothing new.
    const nope = as('meera', 'assign', 'ravi', '--period', '102026', '--view', 'Nope');
    expect(nope.code).toBe(3);
    expect(nope.stderr).toContain('saved view "Nope": meera has no saved view of that name');
    const viewer = as('meera', 'assign', 'vik', '--period', '102026', '--section', 'b2b');
    expect(viewer.code).toBe(3);
    expect(viewer.stderr).toContain('vik is a viewer');
    const noPeriod = as('meera', 'assign', 'list');
    expect(noPeriod.code).toBe(2);
    expect(noPeriod.stderr).toContain("'--period <MMYYYY>'");
    const twice = as('meera', 'assign', 'asha', '--period', '102026', '--section', 'b2b');
    expect(twice.code).toBe(4);

    // Taken back: Ravi's view by id, then Asha's whole share by name.
    const shares = json('meera', 'assign', 'list', '--period', '102026').shares!;
    const view = shares.find((s) => s.kind === 'view')!;
    expect([view.assignee, view.value, view.viewOwner]).toEqual(['ravi', 'Sharma', 'meera']);
    const byId = json('meera', 'assign', 'remove', '--period', '102026', '--id', String(view.id));
    expect(byId.queues.map((q) => q.user)).toEqual(['asha']);
    expect(byId.overlaps).toEqual([]);
    const unknownId = as(
      'meera',
      'assign',
      'remove',
      '--period',
      '102026',
      '--id',
      String(view.id),
    );
    expect(unknownId.code).toBe(3);
    const byUser = as('meera', 'assign', 'remove', 'asha', '--period', '102026');
    expect(byUser.code, byUser.stderr).toBe(0);
    expect(byUser.stdout).toContain('Removed 1 share(s): asha b2b.');
    expect(json('meera', 'queue', '--period', '102026').unassigned).toBe(total);
    expect(as('meera', 'assign', 'remove', 'asha', '--period', '102026').code).toBe(4);
  });
});
