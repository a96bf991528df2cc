// `--period MMYYYY`: a command sees only the records of one GSTR-2B period (the supplier's return
// period; GSTR-1A records the next one, core/pending-window.ts twoBPeriod). Done once here, as a
// view of the store, so that status, reports, exports and reconciliation need no period logic
// of their own and cannot disagree on which records a period holds.
import type { IsoDate, MatchResult, WorkspaceRecord } from '../core/index.js';
import { UsageError, addDays, isoDate, outlineOf, periodIndex, twoBPeriod } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import { PERIOD_SETTING } from './reconcile-config.js';

/** "102025" -> "102025"; "10-2025", "10/2025" accepted too. Throws a usage error otherwise. */
export function parsePeriod(raw: string, flag = '--period'): string {
  const t = raw.trim().replace(/[-/ ]/, '');
  if (periodIndex(t) === null)
    throw new UsageError(
      `${flag}: expected a return period as MMYYYY (e.g. 102025), found "${raw}"`,
    );
  return t;
}

/** First and last day of a period "MMYYYY". */
export function periodDays(period: string): { from: IsoDate; to: IsoDate } {
  const m = Number(period.slice(0, 2));
  const y = Number(period.slice(2));
  const from = isoDate(y, m, 1) as IsoDate;
  const nextFirst = (m === 12 ? isoDate(y + 1, 1, 1) : isoDate(y, m + 1, 1)) as IsoDate;
  return { from, to: addDays(nextFirst, -1) };
}

export const inPeriod =
  (period: string) =>
  (r: WorkspaceRecord): boolean =>
    twoBPeriod(r.record) === period;

/**
 * The context with a store that shows only the records of `period` and the register documents
 * dated in that month; reconciliation takes the period as its IMS period, and saving its matches
 * replaces only those of the period's records and documents (the other periods' stay).
 */
export function scopeToPeriod(ctx: AppContext, period: string | undefined): AppContext {
  if (period === undefined) return ctx;
  return { ...ctx, store: scopeStore(ctx.store, period) };
}

/** The store's methods a period narrows (scopeStore below gives each its own form). */
export const PERIOD_NARROWED = [
  'transaction',
  'loadRecords',
  'loadUploadCandidates',
  'loadUploadCandidatePage',
  'loadRecordsByKeys',
  'loadRecordOutlines',
  'loadRecordOutlinePage',
  'loadRegister',
  'listRegisterRefs',
  'getSetting',
  'loadMatches',
  'saveMatches',
  'recordStatus',
] as const satisfies readonly (keyof WorkspaceStore)[];

/**
 * Reads and writes of the grouped reconcile (reconcile-by-groups.ts, above GROUP_ABOVE records),
 * which a period's store refuses: they read and save by id, ref and supplier, which a period
 * cannot narrow without loading what they spare, and saving in parts would drop the other
 * periods' results. A period's reconcile takes the single run (isPeriodScoped).
 */
export const PERIOD_REFUSED = [
  'loadRecordIndex',
  'loadRecordsByIds',
  'loadRegisterIndex',
  'loadRegisterByRefs',
  'loadRegisterOfSuppliers',
  'saveMatchesFrom',
] as const satisfies readonly (keyof WorkspaceStore)[];

const SCOPED = new WeakSet<object>();

/** Whether the store is a period's view of the workspace (scopeToPeriod). */
export function isPeriodScoped(store: WorkspaceStore): boolean {
  return SCOPED.has(store);
}

/**
 * Reads of records a period leaves as they are, each on purpose: the Records grid's pages,
 * counts and filtered keys serve a page that has no period; versions and approvals are asked
 * for by key, of records already narrowed; the practice view asks for each period's counts
 * itself. A new read of records must be placed here or above (period-scope.test.ts).
 */
export const PERIOD_BLIND_READS = [
  'pageRecords',
  'recordKeysMatching',
  'recordSummary',
  'recordVersions',
  'matchOutcomes',
  'unapprovedRecords',
  'recordApprovals',
  'practicePeriods',
  'practiceCounts',
  // The period the web opens on, asked of the whole workspace (app/work-period.ts).
  'returnPeriodTally',
  // The log of register imports, not their documents.
  'listRegisterImports',
  // A register import's look at what it replaces: asked for by the import's own period.
  'registerForReplacement',
  // The greatest id given to a record: an import's bound between records it found and added.
  'lastRecordId',
  // Outlines of the upload candidates: export upload reads each record back through
  // loadRecordsByKeys, which the period narrows, and plans only those it gets.
  'loadUploadPlanRows',
  // A write, given the keys the reviewer approved (already of the period).
  'approveRecords',
] as const satisfies readonly (keyof WorkspaceStore)[];

function scopeStore(inner: WorkspaceStore, period: string): WorkspaceStore {
  const keep = inPeriod(period);
  const { from, to } = periodDays(period);
  const docIn = (d: { docDate: IsoDate }): boolean => d.docDate >= from && d.docDate <= to;
  const overrides: Pick<WorkspaceStore, (typeof PERIOD_NARROWED)[number]> = {
    transaction: <T>(fn: (tx: WorkspaceStore) => Promise<T>) =>
      inner.transaction((tx) => fn(scopeStore(tx, period))),
    loadRecords: async (g, opts) => (await inner.loadRecords(g, opts)).filter(keep),
    loadUploadCandidates: async (g) => (await inner.loadUploadCandidates(g)).filter(keep),
    loadRecordsByKeys: async (g, keys, opts) =>
      (await inner.loadRecordsByKeys(g, keys, opts)).filter(keep),
    // The paged and outline reads too: a read left to the inner store would show every period
    // (an export planned from every period's candidates, then read back from this one's).
    loadUploadCandidatePage: async (g, after, limit) => {
      const page = await inner.loadUploadCandidatePage(g, after, limit);
      return { ...page, records: page.records.filter(keep) };
    },
    // An outline lacks the form a GSTR-1A record came by, which moves its 2B period: the
    // period's records are found in full, then outlined.
    loadRecordOutlines: async (g) => (await inner.loadRecords(g)).filter(keep).map(outlineOf),
    loadRecordOutlinePage: async (g, after, limit, throughId) => {
      const page = await inner.loadRecordOutlinePage(g, after, limit, throughId);
      const held = new Set(
        (
          await inner.loadRecordsByKeys(
            g,
            page.outlines.map((o) => o.key),
            { remember: false },
          )
        )
          .filter(keep)
          .map((r) => r.record.key),
      );
      return { ...page, outlines: page.outlines.filter((o) => held.has(o.key)) };
    },
    loadRegister: async (g) => (await inner.loadRegister(g)).filter(docIn),
    listRegisterRefs: async (g) => (await inner.listRegisterRefs(g)).filter(docIn),
    getSetting: async (g, name) => (name === PERIOD_SETTING ? period : inner.getSetting(g, name)),
    loadMatches: async (g) => {
      const { records, refs } = await scope(inner, g);
      return (await inner.loadMatches(g)).filter((m) => touches(m, records, refs));
    },
    // Counted in SQL over the period's column (migration 0016: each record's 2B period, as
    // twoBPeriod gives it).
    recordStatus: (g) => inner.recordStatus(g, period),
    saveMatches: async (g, results) => {
      const { records, refs } = await scope(inner, g);
      const others = (await inner.loadMatches(g)).filter((m) => !touches(m, records, refs));
      await inner.saveMatches(g, [...others, ...results]);
    },
  };
  const scope = async (
    store: WorkspaceStore,
    g: string,
  ): Promise<{ records: Set<string>; refs: Set<string> }> => ({
    records: new Set((await store.loadRecords(g)).filter(keep).map((r) => r.record.key)),
    refs: new Set((await store.listRegisterRefs(g)).filter(docIn).map((d) => d.ref)),
  });
  const refused = new Set<string>(PERIOD_REFUSED);
  const scoped = new Proxy(inner, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in overrides)
        return overrides[prop as keyof typeof overrides];
      if (typeof prop === 'string' && refused.has(prop))
        return () =>
          Promise.reject(
            new Error(`${prop} is not narrowed to a period: a period's reconcile runs whole`),
          );
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  SCOPED.add(scoped);
  return scoped;
}

function touches(m: MatchResult, records: ReadonlySet<string>, refs: ReadonlySet<string>): boolean {
  return (
    (m.recordKey !== null && records.has(m.recordKey)) ||
    (m.recordKey === null && m.registerRef !== null && refs.has(m.registerRef))
  );
}
