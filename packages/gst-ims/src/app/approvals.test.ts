import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { NothingToDoError, RefusedError } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { SAMPLE_GSTIN as G, sampleRecords } from '../test-support/sample-records.js';
import { approveDecisions, checkApproved, reviewChanges } from './approvals.js';
import type { AppContext } from './context.js';
import { decide } from './decide.js';
import { exportUpload } from './export-upload.js';

const dir = mkdtempSync(join(tmpdir(), 'gst-ims-approvals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let tick = 0;
const ctxOf = (store: WorkspaceStore, user: string): AppContext => ({
  store,
  user,
  // Each step a minute later, so the log's order is the order of the steps.
  now: () => `2026-11-05T10:${String(++tick % 60).padStart(2, '0')}:00.000Z`,
});

async function seeded(store: WorkspaceStore): Promise<string[]> {
  const rows = sampleRecords(6);
  await store.ensureGstin(G, '2026-11-01T00:00:00.000Z');
  await store.insertRecords(G, rows);
  return rows.map((r) => r.record.key);
}

const act = (ctx: AppContext, keys: string[], verb: 'accept' | 'reject' | 'pending') =>
  decide(ctx, { gstin: G, selector: { keys }, verb, source: 'web' });

const addAccount = (store: WorkspaceStore, name: string) =>
  store.addUser({
    name,
    role: 'reviewer',
    passwordHash: 'x',
    disabled: false,
    createdAt: '2026-11-01T00:00:00.000Z',
  });

describeStores('approval before upload (issue 16)', (kind) => {
  it('shows what changed since the last approval, per person, and approves it', async () => {
    const store = await kind.open();
    try {
      const keys = await seeded(store);
      const arjun = ctxOf(store, 'arjun');
      const priya = ctxOf(store, 'priya');
      const meera = ctxOf(store, 'meera');
      await act(arjun, keys.slice(0, 3), 'accept');
      await act(priya, keys.slice(2, 4), 'reject');
      const review = await reviewChanges(meera, { gstin: G });
      expect(review.unapproved).toBe(4);
      expect(review.people.map((p) => [p.user, p.records, p.changes.length])).toEqual([
        ['arjun', 3, 3],
        ['priya', 2, 2],
      ]);
      expect(review.people[1]!.changes.map((c) => [c.to, c.from]).sort()).toEqual([
        ['reject', 'accept'],
        ['reject', 'noAction'],
      ]);
      const r = await approveDecisions(meera, { gstin: G, seen: review.versions });
      expect(r).toEqual({ approved: 4, changedSince: [] });
      const after = await reviewChanges(meera, { gstin: G });
      expect(after.unapproved).toBe(0);
      expect(after.lastApproval).toMatchObject({ by: 'meera' });
      await expect(approveDecisions(meera, { gstin: G })).rejects.toBeInstanceOf(NothingToDoError);
      // Only the decision made after the approval is shown next time.
      await act(priya, keys.slice(0, 1), 'pending');
      const next = await reviewChanges(meera, { gstin: G });
      expect(next.people).toEqual([
        {
          user: 'priya',
          records: 1,
          changes: [expect.objectContaining({ key: keys[0], from: 'accept', to: 'pending' })],
        },
      ]);
    } finally {
      await store.close();
    }
  });

  it('approves a selection, and leaves a record decided again since the review unapproved', async () => {
    const store = await kind.open();
    try {
      const keys = await seeded(store);
      const arjun = ctxOf(store, 'arjun');
      const meera = ctxOf(store, 'meera');
      await act(arjun, keys.slice(0, 4), 'accept');
      const review = await reviewChanges(meera, { gstin: G });
      await act(arjun, keys.slice(1, 2), 'reject');
      const r = await approveDecisions(meera, {
        gstin: G,
        keys: keys.slice(0, 3),
        seen: review.versions,
      });
      expect(r).toEqual({ approved: 2, changedSince: [keys[1]] });
      expect((await reviewChanges(meera, { gstin: G })).unapproved).toBe(2);
      // A period holding none of the records has nothing to approve.
      expect((await reviewChanges(meera, { gstin: G, period: '092026' })).unapproved).toBe(0);
      expect((await reviewChanges(meera, { gstin: G, period: '102026' })).unapproved).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('refuses an upload with unapproved decisions in a multi-user workspace only', async () => {
    const store = await kind.open();
    try {
      const keys = await seeded(store);
      const arjun = ctxOf(store, 'arjun');
      const meera = ctxOf(store, 'meera');
      await act(arjun, keys.slice(0, 2), 'accept');
      // One person's workspace (no accounts): the upload is made as before.
      await expect(checkApproved(arjun, G, keys)).resolves.toBeUndefined();
      await addAccount(store, 'meera');
      const out = join(dir, `${kind.name}-upload.json`);
      const refused = await exportUpload(arjun, { gstin: G, outFile: out }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(RefusedError);
      expect((refused as RefusedError).message).toMatch(
        /^2 decision\(s\) in this upload are not approved yet \(made by arjun \(2\)\)/,
      );
      expect((refused as RefusedError).refusals.map((x) => x.code)).toEqual([
        'UNAPPROVED_DECISION',
        'UNAPPROVED_DECISION',
      ]);
      // Only an account that may approve approves, once the workspace has accounts.
      await expect(approveDecisions(arjun, { gstin: G })).rejects.toThrow(
        /"arjun" is not an enabled account/,
      );
      await store.addUser({ ...(await store.getUser('meera'))!, name: 'arjun', role: 'preparer' });
      await expect(approveDecisions(arjun, { gstin: G })).rejects.toThrow(/ROLE_FORBIDS/);
      await approveDecisions(meera, { gstin: G });
      const done = await exportUpload(meera, { gstin: G, outFile: out });
      expect(done.save).toBe(2);
    } finally {
      await store.close();
    }
  });
});
