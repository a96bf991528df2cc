// gst-ims undo and gst-ims history on the built binary: an action taken back through the rules,
// a record changed since left alone and listed, event ids to name actions by, exit codes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';

interface Action {
  id: number;
  user: string;
  records: number;
  source: string;
  undoes: number | null;
  undoneBy: number | null;
  decisions: { toAction: string }[];
}
interface Undo {
  event: Action;
  records: number;
  undone: number;
  skipped: { recordKey: string; code: string; message: string }[];
  restores: { key: string; from: { action: string }; to: { action: string } }[];
  applied: boolean;
  undoEvent: number | null;
}

describe('gst-ims undo / history', () => {
  const dir = tempDir('gst-ims-undo-cli-');
  const db = join(dir, 'ws.sqlite');
  const cli = (...args: string[]) => runCli(['--db', db, '--user', 'asha', ...args]);
  const json = <T>(...args: string[]): T => {
    const r = cli('--format', 'json', ...args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  // A record's decision now: what its latest audit entry set (every decision is audited).
  const decisions = (): Map<string, string> =>
    new Map(
      accepted.map((key) => {
        const h = json<{ entries: { toAction: string }[] }>('history', key);
        return [key, h.entries[h.entries.length - 1]?.toAction ?? 'noAction'];
      }),
    );
  let accepted: string[] = [];
  let acceptId = 0;

  beforeAll(() => {
    expect(cli('import', 'ims', join(FIXTURES, 'ims', 'offline-download.json')).code).toBe(0);
    const r = json<{ changes: { key: string }[] }>('act', 'accept', '--section', 'b2b');
    accepted = r.changes.map((c) => c.key);
    expect(accepted.length).toBe(3);
  });

  it('history lists the actions with their event ids', () => {
    const actions = json<Action[]>('history');
    expect(actions.length).toBe(1);
    expect(actions[0]).toMatchObject({ user: 'asha', records: 3, source: 'cli' });
    acceptId = actions[0]?.id ?? 0;
    const table = cli('history');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`\\b${acceptId}\\b.*asha.*Accept.*\\b3\\b`));
  });

  it('a dry run says what it would restore and changes nothing', () => {
    const r = cli('undo', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Event ${acceptId}: Accepted by asha`);
    expect(r.stdout).toContain('Would restore: 3; skipped: 0.');
    for (const k of accepted) expect(decisions().get(k)).toBe('accept');
  });

  it('leaves a record decided since as it is, lists why, restores the rest', () => {
    const keys = join(dir, 'one.txt');
    writeFileSync(keys, `${accepted[0]}\n`);
    expect(cli('act', 'reject', '--keys-file', keys, '--remark', 'duplicate').code).toBe(0);
    const r = cli('undo', '--event', String(acceptId));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Restored: 2; skipped: 1.');
    expect(r.stderr).toContain('UNDO_RECORD_CHANGED_SINCE');
    expect(r.stderr).toContain(accepted[0]);
    const now = decisions();
    expect(now.get(accepted[0] as string)).toBe('reject');
    expect(now.get(accepted[1] as string)).toBe('noAction');
    expect(now.get(accepted[2] as string)).toBe('noAction');
  });

  it("a record's trail names each entry's event, the undo's included", () => {
    const actions = json<Action[]>('history');
    const undo = actions.find((a) => a.undoes === acceptId);
    expect(undo).toBeDefined();
    expect(actions.find((a) => a.id === acceptId)?.undoneBy).toBe(undo?.id);
    const r = cli('history', accepted[1] as string);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`undo:${acceptId}`);
    expect(r.stdout).toMatch(new RegExp(`\\b${undo?.id}\\b.*asha.*Accept.*No Action`));
  });

  it('by default undoes the last action not undone yet; then says there is nothing left', () => {
    const r = json<Undo>('undo');
    expect(r.event.decisions[0]?.toAction).toBe('reject');
    expect(r.undone + r.skipped.length).toBe(r.records);
    expect(r.restores.map((x) => [x.key, x.from.action, x.to.action])).toEqual([
      [accepted[0], 'reject', 'accept'],
    ]);
    // Back to the Accept the rejection replaced.
    expect(decisions().get(accepted[0] as string)).toBe('accept');
    const none = cli('undo');
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/nothing to undo/);
  });

  it('refuses an unknown event and a malformed id with clear messages', () => {
    const unknown = cli('undo', '--event', '99999');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/event 99999: GSTIN \w+ has no audit event with this id/);
    expect(unknown.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const bad = cli('undo', '--event', 'last');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--event: expected a whole number above 0, found "last"');
  });
});
