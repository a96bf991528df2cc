// The bulk decision by filter as a server job, in process: started (202), followed to the end,
// one per GSTIN (409), cancelled mid-way on a generated 20,000-record workspace (the workspace
// as it was), and on a multi-user server another person's decision made during the job is
// neither overwritten nor lost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { importIms } from '../app/import-ims.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import type { WorkspaceStore } from '../store/index.js';
import { openSqliteStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { createServer } from './create-server.js';
import type { JobPayload, JobStartedPayload } from './job-api-types.js';
import { apiClient } from './test-support/api-client.js';
import type { Browser } from './test-support/multi-user-fixture.js';
import { G, fillWorkspace, multiUserServer, signIn } from './test-support/multi-user-fixture.js';

const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';
const GSTIN = '27AABCU9603R1ZN';
const ALL = { view: 'all', supplier: null, section: null, terms: [] };
const NOT_DECIDED = { ...ALL, view: 'noAction' };

/** A store whose writes inside a transaction take a while: a job long enough to cancel mid-way. */
function slowWrites(store: WorkspaceStore, ms: number): WorkspaceStore {
  const pause = (): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const wrap = (s: WorkspaceStore, inTx: boolean): WorkspaceStore =>
    new Proxy(s, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target);
        if (typeof v !== 'function') return v;
        const f = (v as (...a: unknown[]) => unknown).bind(target);
        if (prop === 'transaction')
          return (fn: (tx: WorkspaceStore) => Promise<unknown>) =>
            target.transaction((tx) => fn(wrap(tx, true)));
        if (inTx && prop === 'setDecision')
          return async (...a: unknown[]) => {
            await pause();
            return f(...a);
          };
        return f;
      },
    });
  return wrap(store, false);
}

/** The workspace as a person sees it: the status counts, each decision, the audit log. */
async function snapshot(store: WorkspaceStore, gstin: string) {
  const actions: Record<string, number> = {};
  for (const r of await store.loadRecords(gstin))
    actions[r.state.decision.action] = (actions[r.state.decision.action] ?? 0) + 1;
  return {
    actions,
    audit: (await store.auditFor(gstin, null)).length,
    versions: (await store.recordVersions(gstin, null)).size,
  };
}

const sum = (r: NonNullable<JobPayload['result']>): number =>
  r.applied + r.unchanged + r.refused + r.skipped;

describe('job API over a generated 20,000-record workspace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-job-api-'));
  let ctx: AppContext;
  let app: Hono;
  let before: Awaited<ReturnType<typeof snapshot>>;
  const { get, post, json } = apiClient(() => app, TOKEN);

  const waitFor = async (
    id: string,
    until: (j: JobPayload) => boolean,
    limitMs = 120_000,
  ): Promise<JobPayload> => {
    const end = Date.now() + limitMs;
    for (;;) {
      const j = await get<JobPayload>(`/api/jobs/${id}`);
      if (until(j)) return j;
      if (j.state !== 'running' || Date.now() > end)
        throw new Error(`job ${id} did not get there: ${JSON.stringify({ ...j, result: null })}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  beforeAll(async () => {
    const file = join(dir, 'ims.json');
    writeFileSync(
      file,
      JSON.stringify(
        generateImsDownload({
          seed: 5,
          count: 20_000,
          recipientGstin: GSTIN,
          returnPeriod: '102026',
        }).json,
      ),
    );
    const store = await openSqliteStore(join(dir, 'ws.sqlite'));
    ctx = { store, user: 'asha', now: () => new Date().toISOString() };
    await importIms(ctx, { file });
    app = createServer({
      ctx: { ...ctx, store: slowWrites(store, 40) },
      token: TOKEN,
      port: () => 5177,
      webDir: null,
      log: () => undefined,
    });
    before = await snapshot(store, GSTIN);
  }, 120_000);
  afterAll(async () => {
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cancels mid-way while writing: the workspace is exactly as it was', async () => {
    expect((await ctx.store.loadRecords(GSTIN)).length).toBeGreaterThanOrEqual(20_000);
    const { jobId } = await json<JobStartedPayload>(
      post('/api/decide-filtered', {
        gstin: GSTIN,
        filter: NOT_DECIDED,
        verb: 'reject',
        remark: 'not ours',
        skipRefused: true,
      }),
      202,
    );
    // One batch written, more to come: the transaction holds writes by now.
    const mid = await waitFor(
      jobId,
      (j) => j.phase === 'writing' && j.phaseDone > 0 && j.phaseDone < j.phaseTotal,
    );
    expect(mid.state).toBe('running');
    expect(mid.done).toBeLessThan(mid.total);
    const cancel = await json<JobPayload>(post(`/api/jobs/${jobId}/cancel`, {}), 202);
    expect(cancel.id).toBe(jobId);
    const end = await waitFor(jobId, (j) => j.state !== 'running');
    expect(end.state).toBe('cancelled');
    expect(end.result).toBeNull();
    expect(await snapshot(ctx.store, GSTIN)).toEqual(before);
  }, 120_000);

  it('runs one job per GSTIN at a time, then answers with counts that add up', async () => {
    const { jobId } = await json<JobStartedPayload>(
      post('/api/decide-filtered', {
        gstin: GSTIN,
        filter: { ...NOT_DECIDED, terms: ['b2b|'] },
        verb: 'accept',
        skipRefused: true,
      }),
      202,
    );
    const second = await json<{ kind: string; details: { jobId: string } }>(
      post('/api/decide-filtered', { gstin: GSTIN, filter: ALL, verb: 'reject', remark: 'x' }),
      409,
    );
    expect(second.kind).toBe('conflict');
    expect(second.details.jobId).toBe(jobId);
    const listed = await get<JobPayload[]>(`/api/jobs?gstin=${GSTIN}`);
    expect(listed[0]?.id).toBe(jobId);
    const end = await waitFor(jobId, (j) => j.state !== 'running');
    expect(end.state).toBe('done');
    const r = end.result!;
    // Progress counts records, each once: done of the records matched.
    expect(end.done).toBe(end.total);
    expect(end.total).toBe(r.matched);
    expect(r.matched).toBeGreaterThan(5000);
    expect(sum(r)).toBe(r.matched);
    expect(r.written).toBe(true);
    const after = await snapshot(ctx.store, GSTIN);
    expect(after.actions.accept).toBe((before.actions.accept ?? 0) + r.applied);
    // Only b2b records changed (the search word is in their key).
    const audit = await ctx.store.auditFor(GSTIN, null);
    expect(audit).toHaveLength(r.applied);
    expect(audit.every((e) => e.recordKey.startsWith('b2b|') && e.toAction === 'accept')).toBe(
      true,
    );
    expect((await get<{ auditPoint: number }>(`/api/audit-point?gstin=${GSTIN}`)).auditPoint).toBe(
      r.auditPoint,
    );
  }, 120_000);

  it('refuses a body it cannot read, naming the field, and an unknown job', async () => {
    const bad = await json<{ error: string }>(
      post('/api/decide-filtered', {
        gstin: GSTIN,
        filter: { ...ALL, view: 'someday' },
        verb: 'accept',
      }),
      400,
    );
    expect(bad.error).toMatch(/filter\.view/);
    const itc = await json<{ error: string }>(
      post('/api/decide-filtered', {
        gstin: GSTIN,
        filter: ALL,
        verb: 'accept',
        itcReduction: { kind: 'partial', igst: 'lots', cgst: 0, sgst: 0, cess: 0 },
      }),
      400,
    );
    expect(itc.error).toMatch(/itcReduction\.igst/);
    await json(post('/api/jobs/no-such-job/cancel', {}), 404);
  });
});

describeStores('job API on a multi-user server', (kind) => {
  it('keeps the decision another person made during the job, skipping it as STALE_RECORD', async () => {
    const store = await kind.open();
    try {
      const keys = (
        await fillWorkspace(store, 12_000, [
          { name: 'asha', role: 'preparer', gstins: [G] },
          { name: 'arjun', role: 'preparer', gstins: [G] },
          { name: 'vijay', role: 'viewer', gstins: [G] },
          { name: 'ravi', role: 'preparer', gstins: [] },
        ])
      ).sort();
      // Reads of the job's batches take a while, so that arjun decides while asha's job checks.
      const slow = new Proxy(store, {
        get(target, prop) {
          const v: unknown = Reflect.get(target, prop, target);
          if (typeof v !== 'function') return v;
          const f = (v as (...a: unknown[]) => unknown).bind(target);
          if (prop !== 'loadRecordsByKeys') return f;
          return async (...a: unknown[]) => {
            await new Promise((r) => setTimeout(r, 100));
            return f(...a);
          };
        },
      });
      const app = multiUserServer(slow);
      const asha = await signIn(app, 'asha');
      const arjun = await signIn(app, 'arjun');
      const { auditPoint } = (await (await asha.req(`/api/audit-point?gstin=${G}`)).json()) as {
        auditPoint: number;
      };
      // Before the job: arjun decides three records asha's page never saw decided.
      const early = keys.slice(10, 13);
      expect((await decideAs(arjun, early, 'reject')).status).toBe(200);

      const start = await asha.req('/api/decide-filtered', {
        body: { gstin: G, filter: ALL, verb: 'accept', seenUpTo: auditPoint },
      });
      expect(start.status, await start.clone().text()).toBe(202);
      const { jobId } = (await start.json()) as JobStartedPayload;
      // During the job (it is checking the records): arjun decides two more, in batches not yet read.
      const during = [keys[9000] as string, keys[11_999] as string];
      await until(asha, jobId, (j) => j.phase === 'checking' && j.done > 0);
      const mid = await decideAs(arjun, during, 'pending');
      expect(mid.status, await mid.clone().text()).toBe(200);
      const end = await until(asha, jobId, (j) => j.state !== 'running');
      expect(end.state).toBe('done');
      const r = end.result!;
      expect(r.matched).toBe(12_000);
      expect(sum(r)).toBe(12_000);
      expect(r.skippedRecords.map((s) => s.recordKey).sort()).toEqual([...early, ...during].sort());
      expect(r.skippedRecords.every((s) => s.code === 'STALE_RECORD' && s.by === 'arjun')).toBe(
        true,
      );

      const now = new Map((await store.loadRecords(G)).map((w) => [w.record.key, w]));
      for (const k of early) expect(now.get(k)?.state.decision.action).toBe('reject');
      for (const k of during) expect(now.get(k)?.state.decision.action).toBe('pending');
      const audit = await store.auditFor(G, null);
      expect(audit.filter((e) => e.user === 'asha')).toHaveLength(r.applied);
      expect(audit.filter((e) => e.user === 'arjun')).toHaveLength(5);
      expect(r.applied).toBe(12_000 - 5);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('asks for seenUpTo, lets a preparer of the GSTIN only, and shows a job only to those granted it', async () => {
    const store = await kind.open();
    try {
      await fillWorkspace(store, 20, [
        { name: 'asha', role: 'preparer', gstins: [G] },
        { name: 'vijay', role: 'viewer', gstins: [G] },
        { name: 'ravi', role: 'preparer', gstins: [] },
      ]);
      const app = multiUserServer(store);
      const asha = await signIn(app, 'asha');
      const vijay = await signIn(app, 'vijay');
      const ravi = await signIn(app, 'ravi');
      const body = { gstin: G, filter: ALL, verb: 'accept' };
      const noPoint = await asha.req('/api/decide-filtered', { body });
      expect(noPoint.status).toBe(400);
      expect(await noPoint.text()).toMatch(/seenUpTo/);
      expect(
        (await vijay.req('/api/decide-filtered', { body: { ...body, seenUpTo: 0 } })).status,
      ).toBe(403);
      expect(
        (await ravi.req('/api/decide-filtered', { body: { ...body, seenUpTo: 0 } })).status,
      ).toBe(403);
      const start = await asha.req('/api/decide-filtered', { body: { ...body, seenUpTo: 0 } });
      expect(start.status).toBe(202);
      const { jobId } = (await start.json()) as JobStartedPayload;
      expect((await ravi.req(`/api/jobs/${jobId}`)).status).toBe(403);
      expect(
        (await ravi.req(`/api/jobs/${jobId}/cancel`, { method: 'POST', body: {} })).status,
      ).toBe(403);
      expect(
        (await vijay.req(`/api/jobs/${jobId}/cancel`, { method: 'POST', body: {} })).status,
      ).toBe(403);
      const end = await until(vijay, jobId, (j) => j.state !== 'running');
      expect(end.state).toBe('done');
      expect(end.user).toBe('asha');
      expect(end.result?.applied).toBe(20);
    } finally {
      await store.close();
    }
  });
});

function decideAs(b: Browser, keys: readonly string[], verb: string): Promise<Response> {
  return b.req('/api/decide', {
    body: { gstin: G, keys, verb, remark: verb === 'accept' ? null : 'checked', versions: {} },
  });
}

async function until(b: Browser, id: string, ok: (j: JobPayload) => boolean): Promise<JobPayload> {
  const end = Date.now() + 60_000;
  for (;;) {
    const res = await b.req(`/api/jobs/${id}`);
    expect(res.status).toBe(200);
    const j = (await res.json()) as JobPayload;
    if (ok(j)) return j;
    if (j.state !== 'running' || Date.now() > end)
      throw new Error(`job ${id} did not get there: ${JSON.stringify({ ...j, result: null })}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
