// decideSelection (the CLI's `act`, decision 0049) against decide(), the whole-selection path it
// replaced: for any sequence of selections and decisions, a batch at a time gives the same
// counts, changes, refusals, warnings and declarations, and leaves the same records, audit log
// and versions. Plus what only the batched path does: progress, records decided meanwhile.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DecisionVerb, ItcReduction, RecordSelector, WorkspaceRecord } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import type { WorkspaceStore } from '../store/index.js';
import { describeStores } from '../test-support/stores.js';
import { racingStore } from '../test-support/racing-store.js';
import type { AppContext } from './context.js';
import type { DecideResult } from './decide.js';
import { decide } from './decide.js';
import type { DecideSelectionResult } from './decide-selection.js';
import { decideSelection } from './decide-selection.js';
import { importIms } from './import-ims.js';

const RECIPIENT = '27AABCU9603R1ZN';

/** The workspace as a person sees it: every record's state, every audit entry, the versions. */
async function snapshot(store: WorkspaceStore, gstin: string) {
  const records = (await store.loadRecords(gstin))
    .map((r) => `${r.record.key}=${JSON.stringify(r.state)}`)
    .sort();
  const audit = (await store.auditFor(gstin, null))
    .map((e) =>
      JSON.stringify([
        e.recordKey,
        e.at,
        e.user,
        e.gstin,
        e.fromAction,
        e.toAction,
        e.remark,
        e.itcReduction,
        e.source,
      ]),
    )
    .sort();
  const versions = [...(await store.recordVersions(gstin, null))].sort();
  return { records, audit, versions };
}

const byKey = <T extends { key?: string; recordKey?: string }>(xs: readonly T[]): string[] =>
  xs.map((x) => JSON.stringify(x)).sort();

/** What decide() told: changes as actions, every list in one order. */
function told(r: DecideResult) {
  return {
    selected: r.selected,
    changes: byKey(r.changes.map((c) => ({ key: c.key, from: c.from.action, to: c.to.action }))),
    unchanged: r.unchanged,
    refused: byKey(r.refused),
    warnings: r.warnings.map((w) => JSON.stringify(w)).sort(),
    declarations: r.declarations,
    applied: r.applied,
  };
}

function toldBatched(r: DecideSelectionResult) {
  return {
    selected: r.selected,
    changes: byKey(r.changes),
    unchanged: r.unchanged,
    refused: byKey(r.refused),
    warnings: r.warnings.map((w) => JSON.stringify(w)).sort(),
    declarations: r.declarations,
    applied: r.applied,
  };
}

const refusedRecords = (r: DecideSelectionResult): number =>
  new Set(r.refused.map((x) => x.recordKey)).size;

interface Act {
  readonly selector: RecordSelector;
  readonly verb: DecisionVerb;
  readonly remark: string | null;
  readonly itcReduction: ItcReduction | null;
  readonly dryRun: boolean;
  readonly skipRefused: boolean;
  readonly batchSize: number;
}

/** Selectors over the workspace's own values (and a few that match nothing). */
function selectorArb(rows: readonly WorkspaceRecord[]): fc.Arbitrary<RecordSelector> {
  const pick = fc.constantFrom(...rows.map((r) => r.record));
  const criterion = fc.oneof(
    fc.constant<RecordSelector>({ all: true }),
    fc
      .uniqueArray(fc.constantFrom('b2b', 'b2ba', 'b2bcn', 'b2bcna', 'b2bdn', 'b2bdna', 'ecom'), {
        minLength: 1,
        maxLength: 3,
      })
      .map((sections): RecordSelector => ({ sections: sections })),
    // Supplier GSTINs as typed: any case, spaces around (compared trimmed and upper-cased).
    fc.array(pick, { minLength: 1, maxLength: 3 }).map((rs): RecordSelector => ({
      supplierGstins: rs.map((r, i) =>
        i % 2 ? ` ${r.supplierGstin.toLowerCase()} ` : r.supplierGstin,
      ),
    })),
    fc
      .array(pick, { minLength: 1, maxLength: 4 })
      .map((rs): RecordSelector => ({ docNumbers: rs.map((r) => r.docNumber.toLowerCase()) })),
    fc
      .tuple(pick, pick)
      .map(([a, b]): RecordSelector =>
        a.docDate <= b.docDate ? { from: a.docDate, to: b.docDate } : { from: a.docDate },
      ),
    fc.tuple(pick, pick).map(([a, b]): RecordSelector => ({
      minValue: a.amounts.value <= b.amounts.value ? a.amounts.value : b.amounts.value,
      maxValue: a.amounts.value <= b.amounts.value ? b.amounts.value : a.amounts.value,
    })),
    // Keys as a keys file gives them: duplicates, and one the workspace does not hold.
    fc.array(pick, { minLength: 1, maxLength: 40 }).map((rs): RecordSelector => ({
      keys: [...rs.map((r) => r.key), rs[0]!.key, 'b2b|27AAAAA0000A1Z5|NOSUCH|2026-27'],
    })),
    fc
      .uniqueArray(fc.constantFrom('accept', 'reject', 'pending', 'noAction'), { minLength: 1 })
      .map((a): RecordSelector => ({ portalActions: a })),
  );
  // One to three criteria together (all must hold).
  return fc
    .array(criterion, { minLength: 1, maxLength: 3 })
    .map((cs) => Object.assign({}, ...cs) as RecordSelector);
}

function actArb(rows: readonly WorkspaceRecord[]): fc.Arbitrary<Act> {
  return fc.record({
    selector: selectorArb(rows),
    verb: fc.constantFrom<DecisionVerb>('accept', 'reject', 'pending', 'reset'),
    remark: fc.constantFrom(null, 'not ours', '  spaced  '),
    itcReduction: fc.constantFrom<ItcReduction | null>(null, { kind: 'full' }, { kind: 'none' }),
    dryRun: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    skipRefused: fc.boolean(),
    batchSize: fc.constantFrom(1, 7, 50, 5000),
  });
}

describeStores('decideSelection', (kind) => {
  let dir: string;
  // The same workspace twice: one decided by decide(), the other by decideSelection.
  let whole: AppContext;
  let batched: AppContext;
  let rows: WorkspaceRecord[];
  const gstin = RECIPIENT;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-decide-selection-'));
    const ims = join(dir, 'ims.json');
    const download = generateImsDownload({
      seed: 23,
      count: 400,
      recipientGstin: RECIPIENT,
      returnPeriod: '102026',
    });
    await writeFile(ims, JSON.stringify(download.json));
    const now = () => '2026-11-05T10:00:00.000Z';
    whole = { store: await kind.open(), user: 'asha', now };
    batched = { store: await kind.open(), user: 'asha', now };
    await importIms(whole, { file: ims });
    await importIms(batched, { file: ims });
    rows = await whole.store.loadRecords(gstin);
  }, 120_000);
  afterAll(async () => {
    await whole.store.close();
    await batched.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives what decide() gives, and leaves the same workspace, for any sequence of decisions', async () => {
    const runs = kind.name === 'SQLite' ? 25 : 12;
    let stepped = 0;
    let changed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(actArb(rows), { minLength: 1, maxLength: 4 }), async (acts) => {
        for (const a of acts) {
          const opts = {
            gstin,
            selector: a.selector,
            verb: a.verb,
            remark: a.remark,
            itcReduction: a.itcReduction,
            source: 'cli' as const,
            dryRun: a.dryRun,
            skipRefused: a.skipRefused,
          };
          const w = await decide(whole, opts);
          const b = await decideSelection(batched, { ...opts, batchSize: a.batchSize });
          expect(toldBatched(b)).toEqual(told(w));
          expect(b.skipped).toEqual([]);
          // A record refused by two rules has two refusals: the counts add up by record.
          expect(b.changes.length + b.unchanged + refusedRecords(b) + b.skipped.length).toBe(
            b.selected,
          );
          stepped++;
          if (w.applied) changed++;
          if (w.refused.length > 0) refused++;
        }
        expect(await snapshot(batched.store, gstin)).toEqual(await snapshot(whole.store, gstin));
      }),
      { numRuns: runs, seed: 49 },
    );
    // The sequences did change records and did meet refusals (the comparison is not vacuous).
    expect(stepped).toBeGreaterThan(runs);
    expect(changed).toBeGreaterThanOrEqual(3);
    expect(refused).toBeGreaterThan(0);
  }, 300_000);

  it('reports progress a batch at a time and audits one action under one time', async () => {
    let clock = 0;
    const ticking: AppContext = {
      ...batched,
      now: () => `2026-11-06T10:00:${String(clock++ % 60).padStart(2, '0')}.000Z`,
    };
    const seen: string[] = [];
    const before = (await batched.store.auditFor(gstin, null)).length;
    const r = await decideSelection(ticking, {
      gstin,
      selector: { all: true },
      verb: 'pending',
      remark: 'checking with the supplier',
      source: 'cli',
      skipRefused: true,
      batchSize: 60,
      onProgress: (p) => seen.push(`${p.phase}:${p.done}/${p.total}`),
    });
    expect(r.applied).toBe(true);
    expect(r.changes.length).toBeGreaterThan(60);
    const checking = seen.filter((s) => s.startsWith('checking'));
    expect(checking).toHaveLength(Math.ceil(rows.length / 60));
    expect(checking.at(-1)).toBe(`checking:${rows.length}/${rows.length}`);
    expect(seen.filter((s) => s.startsWith('writing')).at(-1)).toBe(
      `writing:${r.changes.length}/${r.changes.length}`,
    );
    const audit = (await batched.store.auditFor(gstin, null)).slice(before);
    expect(audit).toHaveLength(r.changes.length);
    expect(new Set(audit.map((e) => e.at)).size).toBe(1);
  });

  it('leaves a record someone decided while it was being checked as they decided it (skipped)', async () => {
    const keys = rows.map((r) => r.record.key).sort();
    const theirs = keys.slice(0, 3);
    let done = false;
    const r = await decideSelection(batched, {
      gstin,
      selector: { all: true },
      verb: 'reset',
      source: 'cli',
      skipRefused: true,
      batchSize: 100,
      onProgress: (p) => {
        if (p.phase !== 'checking' || done) return;
        done = true;
        // Another writer, between two batches of the check.
        void decide(
          { ...batched, user: 'ravi' },
          { gstin, selector: { keys: theirs }, verb: 'reject', remark: 'duplicate', source: 'cli' },
        );
      },
    });
    expect(r.skipped.map((s) => s.recordKey).sort()).toEqual(theirs);
    expect(r.skipped[0]).toMatchObject({ code: 'STALE_RECORD', by: 'ravi' });
    expect(r.changes.length + r.unchanged + refusedRecords(r) + r.skipped.length).toBe(r.selected);
    const now = await batched.store.loadRecordsByKeys(gstin, theirs);
    expect(now.map((w) => w.state.decision.action)).toEqual(['reject', 'reject', 'reject']);
  });
  // Last: it imports a changed download into the batched workspace (the two differ afterwards).
  it('checks the records again against an IMS download imported while it was checking', async () => {
    const ims = join(dir, 'ims.json');
    const download = JSON.parse(await readFile(ims, 'utf8')) as {
      imsDetails: { b2b: { action: string; inum: string; stin: string }[] };
    };
    const b2b = download.imsDetails.b2b;
    // As the records are now (the tests above decided on them).
    const undecided = (await batched.store.loadRecords(gstin)).filter(
      (w) => w.record.section === 'b2b' && w.state.decision.action === 'noAction',
    );
    const [first, second] = undecided.map((w) => w.record);
    if (first === undefined || second === undefined) throw new Error('the fixture has none');
    // The portal now says the first was accepted there.
    const there = b2b.find((x) => x.inum === first.docNumber && x.stin === first.supplierGstin);
    if (there === undefined) throw new Error(`${first.key} is not in the download`);
    there.action = 'A';
    const next = join(dir, 'ims-next.json');
    await writeFile(next, JSON.stringify(download));
    // Imported after the first record was read and checked, before the second is read.
    const store = batched.store;
    const racing = racingStore(store, 1, () =>
      importIms({ ...batched, user: 'meera' }, { file: next }),
    );
    const r = await decideSelection(
      { ...batched, store: racing },
      {
        gstin,
        selector: { keys: [first.key, second.key] },
        verb: 'reject',
        remark: 'not ours',
        source: 'cli',
        batchSize: 1,
      },
    );
    expect(r.recheckedAfter).toMatchObject({ kind: 'ims', file: 'ims-next.json', user: 'meera' });
    // Checked as the records now are: the first is changed from the portal's Accept.
    expect(r.changes).toEqual([
      { key: first.key, from: 'accept', to: 'reject' },
      { key: second.key, from: 'noAction', to: 'reject' },
    ]);
    expect(r.applied).toBe(true);
    const audit = await store.auditFor(gstin, [first.key]);
    const last = audit.reduce((a, b) => ((b.id ?? 0) > (a.id ?? 0) ? b : a));
    expect([last.fromAction, last.toAction, last.user]).toEqual(['accept', 'reject', 'asha']);
  });
});
