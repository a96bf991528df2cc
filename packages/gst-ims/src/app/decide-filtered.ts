// A decision on every record a Records filter matches (issue 18: "decide all 500,000 matching"),
// through the same rules and write path as every other decision (planDecisions, writeDecisions):
// portal rules, refusals with their codes, the ITC-reduction declaration, one audit action.
//
// Two phases, so that the workspace's write lock is held only while writing (decision 0044):
//   1. checking: the matched records are read a batch at a time and planned, outside any
//      transaction (other requests keep being served between batches);
//   2. writing: one transaction writes the planned changes a batch at a time.
// The event loop turns and the AbortSignal is looked at between batches (a server answers the
// job's progress and a cancel meanwhile): cancelled while checking, nothing was written;
// cancelled while writing, the transaction is rolled back. Either way the workspace is exactly as
// it was (JobCancelledError).
//
// No lost update (issue 16): a record decided by someone else after the point the page saw
// (`seenUpTo`, an audit event id), or by anyone while this decision was being checked, is left as
// it is and listed as skipped (STALE_RECORD). applied + unchanged + refused + skipped = matched.
//
// Nor a decision checked against records that have since changed: an import that changes what
// the check read (a portal download, an error file, the books, an Excel file) may be committed
// between the two phases. The write phase looks for one under its lock and, if there is, checks
// the records it had matched again there, against what they now are (the result names the
// import: `recheckedAfter`). Records the import added are not part of the decision; a matched
// record that no longer matches the selection (or is no longer there) is left as it is and listed
// as skipped (CHANGED_BY_IMPORT), so that the counts still add up to the records matched.
//
// The CLI's `act` takes the same two phases over its own selection (decideBatched: candidate keys
// and a test on each loaded record; app/decide-selection.ts, decision 0049).
import type {
  Action,
  AuditSource,
  Decision,
  DeclarationFit,
  DecisionVerb,
  Issue,
  ItcReduction,
  PortalRecord,
  RecordFilter,
  WorkspaceRecord,
} from '../core/index.js';
import { ACTIONS, emptyDeclarationCounts } from '../core/index.js';
import type { ImportLogEntry, WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import type { DecisionChange, Refusal } from './decide.js';
import { booksPresence, decisionFor, planDecisions, writeDecisions } from './decide.js';
import { writesChanges } from './refusal-policy.js';
import { decidedSinceEvent } from './stale-records.js';

/** Why a matched record was left as it is, besides the portal's rules (stable codes). */
export const DECIDE_SKIP_CODES = {
  STALE_RECORD: 'decided by someone else after the page you acted on was loaded',
  CHANGED_BY_IMPORT:
    'changed by an import while this decision was being checked: it no longer matches the selection',
} as const;
export type DecideSkipCode = keyof typeof DECIDE_SKIP_CODES;

export interface SkippedRecord {
  readonly recordKey: string;
  readonly code: DecideSkipCode;
  readonly message: string;
  /** Who decided it meanwhile, and when. */
  readonly by: string;
  readonly at: string;
}

export type DecideFilteredPhase = 'checking' | 'writing';

/**
 * Progress of a phase: checking, `done` of `total` matched records checked (`changes`: how many of
 * them are to change so far); writing, `done` of `total` changes written.
 */
export type DecideFilteredProgress = (p: {
  phase: DecideFilteredPhase;
  done: number;
  total: number;
  changes: number;
}) => void;

export interface DecideFilteredOptions {
  readonly gstin: string;
  readonly filter: RecordFilter;
  readonly verb: DecisionVerb;
  readonly remark?: string | null | undefined;
  readonly itcReduction?: ItcReduction | null | undefined;
  readonly source: AuditSource;
  readonly dryRun?: boolean | undefined;
  readonly skipRefused?: boolean | undefined;
  /**
   * The newest audit event id of the GSTIN the person's page had seen (latestAuditPoint): records
   * another person decided after it are skipped (STALE_RECORD). Absent: nobody else's is skipped
   * (single-user); records decided while this decision runs are skipped all the same.
   */
  readonly seenUpTo?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: DecideFilteredProgress | undefined;
  /** Records per read and per write (default 5,000). */
  readonly batchSize?: number | undefined;
}

/** At most this many refusals, skipped records and warnings are listed (all are counted). */
export const LISTED = 1000;

/**
 * decideFiltered's two phases over any set of records (the CLI's `act` selection, decision
 * 0049): the candidate keys, each loaded a batch at a time; a loaded record is matched when it
 * passes `where` (absent: every loaded record). Unknown keys are not matched.
 */
export interface DecideBatchedOptions extends Omit<DecideFilteredOptions, 'filter'> {
  readonly candidates: (store: WorkspaceStore) => Promise<readonly string[]>;
  readonly where?: ((record: PortalRecord) => boolean) | undefined;
  /** How many changes, refusals, skipped records and warnings are listed (default LISTED). */
  readonly listed?: number | undefined;
}

export interface DecideFilteredResult {
  readonly matched: number;
  /** Records changed (or that would change: dry run, or stopped by refusals; see `written`). */
  readonly applied: number;
  readonly unchanged: number;
  /** Records refused by the portal's rules (each listed in `refusals`, up to LISTED). */
  readonly refused: number;
  readonly skipped: number;
  readonly refusals: readonly Refusal[];
  readonly skippedRecords: readonly SkippedRecord[];
  /** The first LISTED changes (key, from, to). */
  readonly changes: readonly { key: string; from: string; to: string }[];
  readonly warnings: readonly Issue[];
  readonly declarations: Readonly<Record<DeclarationFit, number>>;
  /** Whether the changes were written: false on a dry run and when refusals stopped them. */
  readonly written: boolean;
  /** The GSTIN's newest audit event id afterwards: the page's next `seenUpTo`. */
  readonly auditPoint: number;
  /**
   * The import committed while the records were being checked, after which they were checked
   * again (the latest, when several were); null when none was.
   */
  readonly recheckedAfter: ImportNotice | null;
}

/** An import, as a person is told about it (`message`: the sentence the CLI and the web show). */
export interface ImportNotice {
  readonly kind: string;
  readonly file: string;
  readonly at: string;
  readonly user: string;
  readonly message: string;
}

const IMPORT_KIND_WORDS: Readonly<Record<string, string>> = {
  ims: 'the IMS download',
  errors: "the portal's error file",
  register: 'the purchase register',
  excel: 'the Excel file',
};

function importNotice(e: ImportLogEntry): ImportNotice {
  const what = IMPORT_KIND_WORDS[e.kind] ?? `the ${e.kind} file`;
  return {
    kind: e.kind,
    file: e.file,
    at: e.at,
    user: e.user,
    message: `${e.user} imported ${what} ${e.file} at ${e.at} while this decision was being checked: every selected record was checked again against it before anything was written (records it added are not part of this decision).`,
  };
}

/**
 * Imports that change what a decision is checked against: the portal's records and actions (ims),
 * their errors (errors), the books' presence (register), decisions (excel). Returns, supplier
 * view and sales register do not.
 */
export const RECHECK_IMPORT_KINDS: ReadonlySet<string> = new Set([
  'ims',
  'errors',
  'register',
  'excel',
]);

/** Cancelled by its AbortSignal: nothing was written (a transaction under way was rolled back). */
export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor() {
    super('cancelled: nothing was changed, the workspace is as it was');
  }
}

/** The newest audit event id of the GSTIN (0 when nothing was ever decided): a page's `seenUpTo`. */
export async function latestAuditPoint(
  store: Pick<WorkspaceStore, 'listAuditEvents'>,
  gstin: string,
): Promise<number> {
  const [e] = await store.listAuditEvents(gstin, { limit: 1, counts: false });
  return e?.id ?? 0;
}

/** Keys of the records the filter matches, in key order (found in SQL: no record is loaded). */
export function matchingKeys(
  store: WorkspaceStore,
  gstin: string,
  filter: RecordFilter,
): Promise<string[]> {
  return store.recordKeysMatching(gstin, filter);
}

type Change = DecisionChange;

interface Plan {
  /** Keys of the matched records (loaded, and passing `where`). */
  readonly matched: string[];
  readonly changes: Change[];
  unchanged: number;
  readonly refusedKeys: Set<string>;
  readonly refusals: Refusal[];
  readonly warnings: Issue[];
  readonly declarations: Record<DeclarationFit, number>;
  readonly skipped: SkippedRecord[];
}

export function decideFiltered(
  ctx: AppContext,
  opts: DecideFilteredOptions,
): Promise<DecideFilteredResult> {
  const { filter, ...rest } = opts;
  return decideBatched(ctx, {
    ...rest,
    candidates: (store) => matchingKeys(store, opts.gstin, filter),
  });
}

export async function decideBatched(
  ctx: AppContext,
  opts: DecideBatchedOptions,
): Promise<DecideFilteredResult> {
  const batch = Math.max(1, opts.batchSize ?? 5000);
  const listed = opts.listed ?? LISTED;
  const store = ctx.store;
  // Taken before anything is read: whatever is decided or imported from here on is seen by the
  // write phase.
  const startPoint = await latestAuditPoint(store, opts.gstin);
  const startImport = (await lastRecheckImport(store, opts.gstin))?.id ?? 0;
  const keys = await opts.candidates(store);
  checkAbort(opts.signal);
  let plan = await planAll(ctx, opts, keys, batch, listed);
  const { written, recheckedAfter } = await store.transaction(async (tx) => {
    // Under the lock nothing more can be imported: a check made before an import is made again.
    const last = await lastRecheckImport(tx, opts.gstin);
    const imported = (last?.id ?? 0) > startImport && last ? importNotice(last) : null;
    if (imported !== null)
      plan = await recheck({ ...ctx, store: tx }, opts, plan, imported, batch, listed);
    // Someone decided while the records were being checked: their decision stands.
    const moved = await decidedSinceEvent(tx, opts.gstin, startPoint);
    if (moved.size > 0) reclassify(plan, plan.matched, moved);
    const write = writesChanges(
      { refused: plan.refusedKeys.size, changes: plan.changes.length },
      opts,
    );
    if (write) await writeAll(ctx, tx, opts, plan.changes, batch);
    return { written: write, recheckedAfter: imported };
  });
  return {
    matched: plan.matched.length,
    applied: plan.changes.length,
    unchanged: plan.unchanged,
    refused: plan.refusedKeys.size,
    skipped: plan.skipped.length,
    refusals: plan.refusals.slice(0, listed),
    skippedRecords: plan.skipped.slice(0, listed),
    changes: plan.changes
      .slice(0, listed)
      .map((c) => ({ key: c.key, from: c.from.action, to: c.to.action })),
    warnings: plan.warnings.slice(0, listed),
    declarations: plan.declarations,
    written,
    auditPoint: await latestAuditPoint(store, opts.gstin),
    recheckedAfter,
  };
}

/** The GSTIN's latest import that changes what a decision is checked against (ids only grow). */
function lastRecheckImport(
  store: Pick<WorkspaceStore, 'lastImport'>,
  gstin: string,
): Promise<ImportLogEntry | undefined> {
  return store.lastImport(gstin, [...RECHECK_IMPORT_KINDS]);
}

/** Phase 1: reads and plans the matched records a batch at a time; writes nothing. */
async function planAll(
  ctx: AppContext,
  opts: DecideBatchedOptions,
  keys: readonly string[],
  batch: number,
  listed: number,
): Promise<Plan> {
  const store = ctx.store;
  const others =
    opts.seenUpTo === undefined
      ? new Map<string, { by: string; at: string }>()
      : new Map(
          [...(await decidedSinceEvent(store, opts.gstin, opts.seenUpTo))].filter(
            ([, d]) => d.by !== ctx.user,
          ),
        );
  const target = decisionFor(opts.verb, opts.remark, opts.itcReduction);
  const inBooks = target.action === 'accept' ? await booksPresence(store, opts.gstin) : undefined;
  const today = todayOf(ctx);
  const plan: Plan = {
    matched: [],
    changes: [],
    unchanged: 0,
    refusedKeys: new Set(),
    refusals: [],
    warnings: [],
    declarations: emptyDeclarationCounts(),
    skipped: [],
  };
  for (let start = 0; start < keys.length; start += batch) {
    await turn();
    checkAbort(opts.signal);
    const slice = keys.slice(start, start + batch);
    const rows = await store.loadRecordsByKeys(opts.gstin, slice);
    const fresh: WorkspaceRecord[] = [];
    for (const w of rows) {
      if (opts.where !== undefined && !opts.where(w.record)) continue;
      plan.matched.push(w.record.key);
      const d = others.get(w.record.key);
      if (d === undefined) fresh.push(w);
      else plan.skipped.push(stale(w.record.key, d));
    }
    const p = planDecisions(
      fresh.map((current) => ({ current, decision: target })),
      { today, inBooks },
    );
    // Only key, from and to are kept: a million planned rows need not stay in memory.
    for (const c of p.changes) plan.changes.push({ key: c.key, from: bare(c.from), to: c.to });
    plan.unchanged += p.unchanged;
    for (const r of p.refused) {
      plan.refusedKeys.add(r.recordKey);
      if (plan.refusals.length < listed) plan.refusals.push(r);
    }
    for (const w of p.warnings) if (plan.warnings.length < listed) plan.warnings.push(w);
    for (const [fit, n] of Object.entries(p.declarations) as [DeclarationFit, number][])
      plan.declarations[fit] += n;
    opts.onProgress?.({
      phase: 'checking',
      done: Math.min(start + batch, keys.length),
      total: keys.length,
      changes: plan.changes.length,
    });
  }
  return plan;
}

/**
 * The plan made again, inside the write transaction, after an import: the records the first plan
 * matched that still match are planned as they now are; the others are skipped (CHANGED_BY_IMPORT).
 */
async function recheck(
  ctx: AppContext,
  opts: DecideBatchedOptions,
  first: Plan,
  imported: ImportNotice,
  batch: number,
  listed: number,
): Promise<Plan> {
  const still = new Set(await opts.candidates(ctx.store));
  const plan = await planAll(
    ctx,
    opts,
    first.matched.filter((k) => still.has(k)),
    batch,
    listed,
  );
  const rematched = new Set(plan.matched);
  for (const key of first.matched)
    if (!rematched.has(key))
      plan.skipped.push({
        recordKey: key,
        code: 'CHANGED_BY_IMPORT',
        message: `${key}: changed by ${imported.user}'s import of ${imported.file} at ${imported.at} while this decision was being checked, and no longer matches the selection (or is no longer in the workspace); left as it is`,
        by: imported.user,
        at: imported.at,
      });
  return { ...plan, matched: first.matched };
}

/** Records decided while the plan was made leave whichever count they were in for `skipped`. */
function reclassify(
  plan: Plan,
  matched: readonly string[],
  moved: ReadonlyMap<string, { by: string; at: string }>,
): void {
  const already = new Set(plan.skipped.map((s) => s.recordKey));
  const changing = new Set(plan.changes.filter((c) => moved.has(c.key)).map((c) => c.key));
  if (changing.size > 0) {
    const kept = plan.changes.filter((c) => !changing.has(c.key));
    plan.changes.length = 0;
    plan.changes.push(...kept);
  }
  const unrefused = new Set<string>();
  for (const key of matched) {
    const d = moved.get(key);
    if (d === undefined || already.has(key)) continue;
    plan.skipped.push(stale(key, d));
    if (changing.has(key)) continue;
    if (plan.refusedKeys.delete(key)) unrefused.add(key);
    else plan.unchanged--;
  }
  if (unrefused.size > 0) {
    const left = plan.refusals.filter((r) => !unrefused.has(r.recordKey));
    plan.refusals.length = 0;
    plan.refusals.push(...left);
  }
}

/** Phase 2, inside the transaction: the changes a batch at a time, under one audit time. */
async function writeAll(
  ctx: AppContext,
  tx: WorkspaceStore,
  opts: DecideBatchedOptions,
  changes: readonly Change[],
  batch: number,
): Promise<void> {
  const at = ctx.now();
  // One time for every batch: the audit shows (and undo takes back) one action.
  const once: AppContext = { store: tx, user: ctx.user, now: () => at };
  for (let start = 0; start < changes.length; start += batch) {
    await turn();
    checkAbort(opts.signal);
    await writeDecisions(once, tx, opts.gstin, changes.slice(start, start + batch), opts.source);
    opts.onProgress?.({
      phase: 'writing',
      done: Math.min(start + batch, changes.length),
      total: changes.length,
      changes: changes.length,
    });
  }
  // A cancel that came with the last batch still rolls back: nothing is kept half-asked.
  checkAbort(opts.signal);
}

/** Decisions with no remark and no declaration, one object per action (see bare). */
const BARE: ReadonlyMap<Action, Decision> = new Map(
  ACTIONS.map((action) => [action, Object.freeze({ action, remark: null, itcReduction: null })]),
);

/**
 * The decision a change comes from, shared when it is a bare action (most are): a million
 * planned changes need not keep a million loaded decision objects (only its action is written).
 */
function bare(d: Decision): Decision {
  return d.remark === null && d.itcReduction === null ? (BARE.get(d.action) ?? d) : d;
}

function stale(recordKey: string, d: { by: string; at: string }): SkippedRecord {
  return {
    recordKey,
    code: 'STALE_RECORD',
    message: `${recordKey}: decided by ${d.by} at ${d.at}, after the page you acted on was loaded; left as ${d.by} decided it`,
    by: d.by,
    at: d.at,
  };
}

/**
 * Lets the event loop turn between two batches. SQLite answers each statement synchronously, so a
 * phase of awaited statements is one chain of microtasks: without a turn, a server answered no
 * poll of the job's progress and no cancel until the whole decision had committed (measured at a
 * million records: the bar stood still while saving, Cancel came too late). Other requests that
 * read the workspace still wait for the write transaction (the store has one connection).
 */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new JobCancelledError();
}
