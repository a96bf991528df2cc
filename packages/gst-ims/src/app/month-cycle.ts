// The monthly cycle (issue 12): GSTR-2B and GSTR-3B imports per period, the 2B checks against
// the IMS decisions and the projection, the 3B excess-ITC check (DRC-01C), and the deadlines.
import type {
  DeadlineState,
  DecisionsVs2b,
  Drc01cThreshold,
  ExcessCheck,
  Gstr2b,
  Gstr2bTable4,
  Gstr3b,
  Heads,
  IsoDate,
  Issue,
  Paise,
  TotalsVs2b,
  WorkspaceRecord,
} from '../core/index.js';
import {
  BadInputError,
  DEADLINE_WARN_DAYS,
  DEFAULT_DRC01C_THRESHOLD,
  NothingToDoError,
  ZERO_HEADS,
  addHeads,
  addPeriods,
  checkExcess,
  checkGstin,
  claimedAllOther,
  compareDecisionsWith2b,
  compareTotalsWith2b,
  daysBetween,
  deadlineState,
  decideBy,
  gstr2bTable4,
  headsTotal,
  issue,
  mergeGstr2b,
  normaliseGstin,
  parseGstr2b,
  parseGstr3b,
  periodLabel,
  periodIndex,
  periodsBetween,
  rule37Status,
  rule37aDates,
  summaryDifferences,
  twoBPeriod,
} from '../core/index.js';
import type { BooksVs2b } from '../core/reconcile-2b.js';
import { reconcileWith2b } from '../core/reconcile-2b.js';
import { readJsonFile } from '../io/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { periodDays } from './period-scope.js';
import { loadTolerances } from './reconcile-config.js';
import { itcReport } from './reports.js';

const json = (x: unknown): string => JSON.stringify(x);

async function gstinFor(
  store: WorkspaceStore,
  fileGstin: string | null,
  given: string | undefined,
  file: string,
): Promise<string> {
  const held = (await store.listGstins()).map((g) => g.gstin);
  const g = given === undefined ? null : normaliseGstin(given);
  const fromFile = fileGstin === null ? null : normaliseGstin(fileGstin);
  if (g !== null && fromFile !== null && g !== fromFile)
    throw new BadInputError(`${file}: the return is for GSTIN ${fromFile}, not ${g}`, {
      file,
      field: 'gstin',
      code: 'RETURN_OTHER_GSTIN',
    });
  const gstin = fromFile ?? g ?? (held.length === 1 ? (held[0] as string) : null);
  if (gstin === null)
    throw new BadInputError(`${file}: the return does not name the GSTIN; give it with --gstin`, {
      file,
      field: 'gstin',
    });
  const check = checkGstin(gstin);
  if (!check.ok && check.code !== 'GSTIN_CHECKSUM')
    throw new BadInputError(`${file}: GSTIN ${gstin}: ${check.message}`, { file, field: 'gstin' });
  if (!held.includes(gstin) && g === null) {
    throw new BadInputError(
      `${file}: the return is for GSTIN ${gstin}, which this workspace does not hold${held.length ? ` (it holds ${held.join(', ')})` : ''}; import its IMS download first, or give --gstin ${gstin} to add it`,
      { file, field: 'gstin', code: 'RETURN_OTHER_GSTIN' },
    );
  }
  return gstin;
}

export interface ImportGstr2bResult {
  readonly gstin: string;
  readonly period: string;
  readonly files: string[];
  /** Documents by list (docdata, docRejdata, itcrev) and section. */
  readonly documents: Record<string, Record<string, number>>;
  readonly replaced: boolean;
  readonly table4: Gstr2bTable4;
  readonly warnings: Issue[];
  readonly check: Gstr2bCheck;
}

/** Reads every file of one 2B (several when it comes as `fc` files) and stores it for its period. */
export async function importGstr2b(
  ctx: AppContext,
  opts: { files: readonly string[]; gstin?: string | undefined; maxBytes?: number | undefined },
): Promise<ImportGstr2bResult> {
  const parts: { file: string; twoB: Gstr2b }[] = [];
  for (const f of opts.files) {
    const { data, name } = await readJsonFile(f, opts.maxBytes);
    parts.push({ file: name, twoB: parseGstr2b(data, name) });
  }
  const twoB = mergeGstr2b(parts);
  const first = parts[0]?.file ?? '';
  const warnings: Issue[] = [...twoB.warnings];
  for (const d of summaryDifferences(twoB)) {
    warnings.push(
      issue(
        'GSTR2B_SUMMARY_DIFFERS',
        'warning',
        null,
        `itcsumm.${d.bucket}.${d.group}.${d.head}`,
        `itcsumm ${d.bucket}.${d.group} ${d.head} is ${d.summary / 100} but its documents add up to ${d.documents / 100}; the file's itcsumm is used for the totals`,
      ),
    );
  }
  const files = parts.map((p) => p.file);
  const gstin = await ctx.store.transaction(async (tx) => {
    const g = await gstinFor(tx, twoB.gstin, opts.gstin, first);
    await tx.ensureGstin(g, ctx.now());
    const replaced = (await tx.loadReturn(g, 'gstr2b', twoB.period)) !== null;
    const counts = countDocuments(twoB);
    const importId = await tx.logImport({
      gstin: g,
      kind: 'gstr2b',
      file: files.join(', '),
      at: ctx.now(),
      user: ctx.user,
      summary: { period: twoB.period, documents: counts, replaced },
    });
    await tx.saveReturn(g, {
      kind: 'gstr2b',
      period: twoB.period,
      importId,
      files,
      at: ctx.now(),
      data: json(twoB),
    });
    return { g, replaced, counts };
  });
  return {
    gstin: gstin.g,
    period: twoB.period,
    files,
    documents: gstin.counts,
    replaced: gstin.replaced,
    table4: gstr2bTable4(twoB),
    warnings,
    check: await gstr2bCheck(ctx, gstin.g, twoB),
  };
}

function countDocuments(twoB: Gstr2b): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const d of twoB.documents) {
    const l = (out[d.list] ??= {});
    l[d.section] = (l[d.section] ?? 0) + 1;
  }
  return out;
}

export interface ImportGstr3bResult {
  readonly gstin: string;
  readonly period: string;
  readonly file: string;
  readonly replaced: boolean;
  readonly gstr3b: Gstr3b;
}

export async function importGstr3b(
  ctx: AppContext,
  opts: { file: string; gstin?: string | undefined },
): Promise<ImportGstr3bResult> {
  const { data, name } = await readJsonFile(opts.file);
  return storeGstr3b(ctx, { data, name, gstin: opts.gstin });
}

/**
 * Stores a GSTR-3B given as its JSON (`ret_period`, `itc_elg`) rather than a file: Table 4 typed
 * in the web app goes through the same checks and the same import log as a downloaded 3B.
 */
export async function storeGstr3b(
  ctx: AppContext,
  opts: { data: unknown; name: string; gstin?: string | undefined },
): Promise<ImportGstr3bResult> {
  const name = opts.name;
  const r = parseGstr3b(opts.data, name);
  return ctx.store.transaction(async (tx) => {
    const g = await gstinFor(tx, r.gstin, opts.gstin, name);
    await tx.ensureGstin(g, ctx.now());
    const replaced = (await tx.loadReturn(g, 'gstr3b', r.period)) !== null;
    const importId = await tx.logImport({
      gstin: g,
      kind: 'gstr3b',
      file: name,
      at: ctx.now(),
      user: ctx.user,
      summary: { period: r.period, replaced },
    });
    await tx.saveReturn(g, {
      kind: 'gstr3b',
      period: r.period,
      importId,
      files: [name],
      at: ctx.now(),
      data: json(r),
    });
    return { gstin: g, period: r.period, file: name, replaced, gstr3b: r };
  });
}

async function storedGstr2b(
  store: WorkspaceStore,
  gstin: string,
  period: string,
): Promise<Gstr2b | null> {
  const s = await store.loadReturn(gstin, 'gstr2b', period);
  return s === null ? null : (JSON.parse(s.data) as Gstr2b);
}

/** The records of a 2B period, not gone. */
async function periodRecords(
  store: WorkspaceStore,
  gstin: string,
  period: string,
): Promise<WorkspaceRecord[]> {
  return (await store.loadRecords(gstin)).filter(
    (r) => !r.state.gone && twoBPeriod(r.record) === period,
  );
}

export interface Gstr2bCheck {
  readonly period: string;
  /** (a) the decisions against the 2B: "recompute the 2B on the portal before filing 3B". */
  readonly decisions: DecisionsVs2b;
  /** (b) the 2B's all-other ITC against the projection of the decisions. */
  readonly totals: TotalsVs2b;
  /** (c) the books' documents outside IMS against the 2B's RCM, import and ISD sections; null without a register. */
  readonly books: BooksVs2b | null;
}

async function gstr2bCheck(ctx: AppContext, gstin: string, twoB: Gstr2b): Promise<Gstr2bCheck> {
  const records = await periodRecords(ctx.store, gstin, twoB.period);
  const projected = (await itcReport(ctx, gstin, { period: twoB.period })).netAvailable;
  return {
    period: twoB.period,
    decisions: compareDecisionsWith2b(records, twoB),
    totals: compareTotalsWith2b(projected, gstr2bTable4(twoB)),
    books: await booksVs2b(ctx.store, gstin, twoB),
  };
}

/**
 * The whole register, not the period's month: a document booked earlier may reach this 2B late.
 * Documents outside IMS only; the rest are reconciled with IMS. Tolerances are the GSTIN's.
 */
async function booksVs2b(
  store: WorkspaceStore,
  gstin: string,
  twoB: Gstr2b,
): Promise<BooksVs2b | null> {
  const docs = await store.loadRegister(gstin);
  if (docs.length === 0) return null;
  return reconcileWith2b(docs, twoB, await loadTolerances(store, gstin));
}

/** `report 2b --period`: the stored 2B of the period checked against the workspace now. */
export async function gstr2bReport(
  ctx: AppContext,
  gstin: string,
  period: string,
): Promise<Gstr2bCheck & { table4: Gstr2bTable4 }> {
  const twoB = await storedGstr2b(ctx.store, gstin, period);
  if (twoB === null)
    throw new NothingToDoError(
      `no GSTR-2B of ${period} in the workspace for ${gstin}: import it with gst-ims import gstr2b FILE`,
    );
  return { ...(await gstr2bCheck(ctx, gstin, twoB)), table4: gstr2bTable4(twoB) };
}

export interface ExplainingRecord {
  readonly recordKey: string;
  readonly why: 'deemedEarlier' | 'notFiled' | 'pending';
  readonly twoBPeriod: string | null;
  readonly tax: Heads;
  readonly note: string;
}

export interface Report3b {
  readonly gstin: string;
  readonly period: string;
  /** Where `available` came from: the imported 2B of the period, or the projection of the decisions. */
  readonly availableFrom: 'gstr2b' | 'projection';
  readonly check: ExcessCheck;
  readonly threshold: Drc01cThreshold;
  /** Other Table-4 lines beside the 2B's (claimed, available): imports, reverse charge, ISD. */
  readonly lines: {
    readonly name: string;
    readonly row: string;
    readonly claimed: Heads;
    readonly available: Heads | null;
  }[];
  /** Records that may explain an excess; their tax adds up to `explained`. */
  readonly explaining: readonly ExplainingRecord[];
  readonly explained: Paise;
  readonly advice: readonly string[];
}

/**
 * `report 3b --period`: Table 4 of the imported 3B against the 2B of the period (imported, else
 * projected). The excess is named with the records that may explain it: deemed accepted in an
 * earlier 2B yet booked in this period (from the register), claimed before the supplier filed,
 * pending on the portal.
 */
export async function report3b(
  ctx: AppContext,
  gstin: string,
  period: string,
  threshold: Drc01cThreshold = DEFAULT_DRC01C_THRESHOLD,
): Promise<Report3b> {
  const stored = await ctx.store.loadReturn(gstin, 'gstr3b', period);
  if (stored === null)
    throw new NothingToDoError(
      `no GSTR-3B of ${period} in the workspace for ${gstin}: import it with gst-ims import gstr3b FILE`,
    );
  const threeB = JSON.parse(stored.data) as Gstr3b;
  const twoB = await storedGstr2b(ctx.store, gstin, period);
  const t4 = twoB === null ? null : gstr2bTable4(twoB);
  const available = t4?.allOther ?? (await itcReport(ctx, gstin, { period })).netAvailable;
  const check = checkExcess(
    claimedAllOther(threeB.table4),
    addHeads(ZERO_HEADS, available),
    threshold,
  );
  const a = threeB.table4.available;
  const lines = [
    { name: 'imports of goods', row: '4(A)(1)', claimed: a.IMPG, available: t4?.imports ?? null },
    {
      name: 'reverse charge',
      row: '4(A)(3)',
      claimed: a.ISRC,
      available: t4?.reverseCharge ?? null,
    },
    { name: 'from ISD', row: '4(A)(4)', claimed: a.ISD, available: t4?.isd ?? null },
  ];
  const explaining =
    check.excessTotal > 0 ? await explainExcess(ctx, gstin, period, check.excessTotal) : [];
  const explained = explaining.reduce((n, e) => n + headsTotal(e.tax), 0) as Paise;
  const advice: string[] = [];
  if (check.excessTotal > 0) {
    advice.push(
      'Before the 2B is generated on the 14th, keep Pending the records you will not claim this month, so the 2B and the 3B agree.',
    );
    advice.push(
      'ITC claimed above the 2B: reverse it in 4(B)(2) and reclaim it in the 3B of the period whose 2B carries it (4(A)(5), shown again in 4(D)(1)).',
    );
    if (check.crossesThreshold)
      advice.push(
        'The excess crosses the DRC-01C limit: expect Part A of DRC-01C; pay it with DRC-03 or explain it in Part B within 7 days, or GSTR-1/IFF of the next period is blocked.',
      );
  }
  return {
    gstin,
    period,
    availableFrom: t4 === null ? 'projection' : 'gstr2b',
    check,
    threshold,
    lines,
    explaining,
    explained,
    advice,
  };
}

async function explainExcess(
  ctx: AppContext,
  gstin: string,
  period: string,
  excessTotal: Paise,
): Promise<ExplainingRecord[]> {
  const p = periodIndex(period) ?? 0;
  const { from, to } = periodDays(period);
  const rows = (await ctx.store.loadRecords(gstin)).filter((r) => !r.state.gone);
  const byKey = new Map(rows.map((r) => [r.record.key, r]));
  const docs = new Map((await ctx.store.loadRegister(gstin)).map((d) => [d.ref, d]));
  const out: ExplainingRecord[] = [];
  const taxOf = (r: WorkspaceRecord): Heads => ({
    igst: r.record.amounts.igst,
    cgst: r.record.amounts.cgst,
    sgst: r.record.amounts.sgst,
    cess: r.record.amounts.cess,
  });
  const seen = new Set<string>();
  // With books, a record explains this period's claim only when the books took it in this period;
  // without them, every open record is a candidate.
  const bookedInPeriod = new Set<string>();
  for (const m of await ctx.store.loadMatches(gstin)) {
    if (m.recordKey === null || m.registerRef === null) continue;
    const r = byKey.get(m.recordKey);
    const d = docs.get(m.registerRef);
    if (r === undefined || d === undefined) continue;
    const tp = twoBPeriod(r.record);
    const booked = d.receivedDate ?? d.docDate;
    if (booked >= from && booked <= to) bookedInPeriod.add(r.record.key);
    const earlier = tp !== null && (periodIndex(tp) ?? p) < p;
    const accepted = r.state.decision.action === 'accept' || r.state.decision.action === 'noAction';
    if (earlier && accepted && r.record.supplierFiled !== false && booked >= from && booked <= to) {
      seen.add(r.record.key);
      out.push({
        recordKey: r.record.key,
        why: 'deemedEarlier',
        twoBPeriod: tp,
        tax: taxOf(r),
        note: `in the 2B of ${periodLabel(tp)} (${r.state.decision.action === 'noAction' ? 'deemed accepted' : 'accepted'}) but booked on ${booked}, in this period: claimed now, it is not in this period's 2B`,
      });
    }
  }
  // Documents deemed accepted earlier that add up to the excess exactly are its explanation.
  if (out.reduce((n, e) => n + headsTotal(e.tax), 0) === excessTotal) return out;
  for (const r of rows) {
    if (seen.has(r.record.key) || (docs.size > 0 && !bookedInPeriod.has(r.record.key))) continue;
    const tp = twoBPeriod(r.record);
    if (tp === null || (periodIndex(tp) ?? p + 1) > p) continue;
    const action = r.state.decision.action;
    if (r.record.supplierFiled === false && action !== 'reject') {
      out.push({
        recordKey: r.record.key,
        why: 'notFiled',
        twoBPeriod: tp,
        tax: taxOf(r),
        note: 'the supplier has not filed: in no 2B yet; claimed before the supplier filed',
      });
    } else if (action === 'pending' || r.record.portalAction === 'pending') {
      out.push({
        recordKey: r.record.key,
        why: 'pending',
        twoBPeriod: tp,
        tax: taxOf(r),
        note: 'pending on the portal: left out of the 2B; claimed, it is excess',
      });
    }
  }
  return out;
}

export interface PendingRow {
  readonly recordKey: string;
  readonly section: string;
  readonly supplierGstin: string;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly twoBPeriod: string | null;
  /** Tax periods carried since its 2B period, up to `asOf`. */
  readonly periodsCarried: number | null;
  readonly ageDays: number | null;
  readonly decideBy: IsoDate | null;
  readonly rule: 'pendingWindow' | 's16(4)';
  readonly state: DeadlineState;
  readonly daysLeft: number | null;
  readonly tax: Paise;
}

/**
 * `report pending`: the records kept Pending (locally or on the portal), carried from month to
 * month, with their age and the date each must be decided by.
 */
export async function pendingReport(
  ctx: AppContext,
  gstin: string,
  opts: { period?: string | undefined; warnDays?: number | undefined } = {},
): Promise<{ asOf: IsoDate | null; period: string | null; rows: PendingRow[] }> {
  const today = todayOf(ctx);
  const asOf = opts.period ?? (today === null ? null : `${today.slice(5, 7)}${today.slice(0, 4)}`);
  const upTo = asOf === null ? null : periodIndex(asOf);
  const rows: PendingRow[] = [];
  for (const { record, state } of await ctx.store.loadRecords(gstin)) {
    if (state.gone || state.decision.action !== 'pending') continue;
    const tp = twoBPeriod(record);
    if (upTo !== null && tp !== null && (periodIndex(tp) ?? 0) > upTo) continue;
    const by = decideBy(record);
    const d = deadlineState(by.date, today, opts.warnDays ?? DEADLINE_WARN_DAYS);
    rows.push({
      recordKey: record.key,
      section: record.section,
      supplierGstin: record.supplierGstin,
      docNumber: record.docNumber,
      docDate: record.docDate,
      twoBPeriod: tp,
      periodsCarried: tp === null || asOf === null ? null : periodsBetween(tp, asOf),
      ageDays: today === null ? null : daysBetween(record.docDate, today),
      decideBy: by.date,
      rule: by.rule,
      ...d,
      tax: (record.amounts.igst +
        record.amounts.cgst +
        record.amounts.sgst +
        record.amounts.cess) as Paise,
    });
  }
  rows.sort(
    (a, b) =>
      (a.decideBy ?? '9999').localeCompare(b.decideBy ?? '9999') ||
      a.recordKey.localeCompare(b.recordKey),
  );
  return { asOf: today, period: asOf, rows };
}

export interface DeadlineSummary {
  /** Open records (Pending, or waiting for the supplier) past or near their s.16(4) / pending limit. */
  readonly past: readonly string[];
  readonly near: readonly string[];
  /** Rule 37A: records whose supplier has still not filed after 30 September following the FY. */
  readonly rule37a: readonly { recordKey: string; reverseBy: IsoDate; tax: Paise }[];
  /** Rule 37, from the books' payment dates; null when the register carries none. */
  readonly rule37: Rule37Summary | null;
  readonly warnDays: number;
}

export interface Rule37Row {
  readonly ref: string;
  readonly supplierGstin: string;
  readonly docNumber: string;
  readonly docDate: IsoDate;
  readonly lastDay: IsoDate;
  /** The 3B period to reverse in (reverse), or to claim again in (reclaim). */
  readonly period: string;
  readonly daysLeft: number | null;
  readonly tax: Paise;
}

export interface Rule37Summary {
  /** Unpaid after 180 days: reverse in 4(B)(2). */
  readonly reverse: readonly Rule37Row[];
  /** Paid after the 180 days: claim again in 4(A)(5) and 4(D)(1). */
  readonly reclaim: readonly Rule37Row[];
  /** Unpaid, within warnDays of the 180th day. */
  readonly near: readonly Rule37Row[];
}

/**
 * Rule 37 over the register. It applies only when the register carries payment dates: a register
 * without the column says nothing of payments, and its documents are not taken as unpaid.
 */
export async function rule37Summary(
  ctx: AppContext,
  gstin: string,
  warnDays = DEADLINE_WARN_DAYS,
): Promise<Rule37Summary | null> {
  const docs = await ctx.store.loadRegister(gstin);
  if (!docs.some((d) => (d.paymentDate ?? null) !== null)) return null;
  const today = todayOf(ctx);
  const reverse: Rule37Row[] = [];
  const reclaim: Rule37Row[] = [];
  const near: Rule37Row[] = [];
  for (const d of docs) {
    const st = rule37Status(
      {
        docDate: d.docDate,
        docType: d.docType,
        paymentDate: d.paymentDate ?? null,
        reverseCharge: d.outsideIms === 'reverseCharge',
      },
      today,
    );
    if (st === null) continue;
    const row = {
      ref: d.ref,
      supplierGstin: d.supplierGstin,
      docNumber: d.docNumber,
      docDate: d.docDate,
      lastDay: st.lastDay,
      daysLeft: st.daysLeft,
      tax: (d.amounts.igst + d.amounts.cgst + d.amounts.sgst + d.amounts.cess) as Paise,
    };
    if (st.state === 'reverse') reverse.push({ ...row, period: st.reverseInPeriod });
    else if (st.state === 'reclaim')
      reclaim.push({ ...row, period: st.reclaimInPeriod ?? st.reverseInPeriod });
    else if (st.state === 'running' && (st.daysLeft ?? Infinity) <= warnDays)
      near.push({ ...row, period: st.reverseInPeriod });
  }
  const byDay = (a: Rule37Row, b: Rule37Row): number =>
    a.lastDay.localeCompare(b.lastDay) || a.ref.localeCompare(b.ref);
  return { reverse: reverse.sort(byDay), reclaim: reclaim.sort(byDay), near: near.sort(byDay) };
}

export async function deadlineSummary(
  ctx: AppContext,
  gstin: string,
  warnDays = DEADLINE_WARN_DAYS,
): Promise<DeadlineSummary> {
  const today = todayOf(ctx);
  const past: string[] = [];
  const near: string[] = [];
  const rule37a: { recordKey: string; reverseBy: IsoDate; tax: Paise }[] = [];
  for (const { record, state } of await ctx.store.loadRecords(gstin)) {
    if (state.gone) continue;
    const open = state.decision.action === 'pending' || record.supplierFiled === false;
    if (open) {
      const s = deadlineState(decideBy(record).date, today, warnDays).state;
      if (s === 'past') past.push(record.key);
      if (s === 'near') near.push(record.key);
    }
    const r37 =
      record.supplierFiled === false && state.decision.action !== 'reject'
        ? rule37aDates(record)
        : null;
    if (r37 !== null && today !== null && today > r37.checkOn)
      rule37a.push({
        recordKey: record.key,
        reverseBy: r37.reverseBy,
        tax: (record.amounts.igst +
          record.amounts.cgst +
          record.amounts.sgst +
          record.amounts.cess) as Paise,
      });
  }
  return { past, near, rule37a, rule37: await rule37Summary(ctx, gstin, warnDays), warnDays };
}

/** The 2B periods the workspace's records fall in (not gone), newest first. */
export async function workspacePeriods(ctx: AppContext, gstin: string): Promise<string[]> {
  const set = new Set<string>();
  for (const { record, state } of await ctx.store.loadRecords(gstin)) {
    const p = state.gone ? null : twoBPeriod(record);
    if (p !== null) set.add(p);
  }
  return [...set].sort((a, b) => (periodIndex(b) ?? 0) - (periodIndex(a) ?? 0));
}

export interface MonthView {
  readonly gstin: string;
  readonly period: string;
  /** The periods of the workspace's records, newest first (the web's period switcher). */
  readonly periods: readonly string[];
  /** The portal's dates for the period: 2B generated on the 14th, 3B due on the 20th of the next month. */
  readonly dates: { readonly gstr2bOn: IsoDate; readonly gstr3bDue: IsoDate };
  /** The projection of the decisions for the period: net ITC per head and the buckets kept apart. */
  readonly projection: {
    readonly netAvailable: Heads;
    readonly waitingForSupplier: Heads;
    readonly pending: Heads;
    readonly rejected: Heads;
    readonly amendmentsOriginalUnknown: Heads;
  };
  /** The imported 2B of the period checked against the workspace; null when none is imported. */
  readonly gstr2b:
    (Gstr2bCheck & { readonly table4: Gstr2bTable4; readonly importedAt: string }) | null;
  /** The imported 3B's check against the 2B (imported, else projected); null when none is imported. */
  readonly gstr3b: (Report3b & { readonly importedAt: string }) | null;
  /** Books: the tax of the register documents dated in the period, per head (credit notes subtract). */
  readonly books: Heads | null;
  readonly deadlines: {
    readonly past: number;
    readonly near: number;
    readonly rule37a: number;
    readonly rule37Reverse: number | null;
    readonly rule37Near: number | null;
    readonly pending: number;
    readonly warnDays: number;
  };
}

const headsOf = (b: { igst: Paise; cgst: Paise; sgst: Paise; cess: Paise }): Heads => ({
  igst: b.igst,
  cgst: b.cgst,
  sgst: b.sgst,
  cess: b.cess,
});

/** Everything the web's Month page shows for one period (GET /api/month). */
export async function monthView(
  ctx: AppContext,
  gstin: string,
  period: string,
  warnDays = DEADLINE_WARN_DAYS,
): Promise<MonthView> {
  const itc = await itcReport(ctx, gstin, { period });
  const stored2b = await ctx.store.loadReturn(gstin, 'gstr2b', period);
  const stored3b = await ctx.store.loadReturn(gstin, 'gstr3b', period);
  const gstr2b =
    stored2b === null
      ? null
      : { ...(await gstr2bReport(ctx, gstin, period)), importedAt: stored2b.at };
  const gstr3b =
    stored3b === null ? null : { ...(await report3b(ctx, gstin, period)), importedAt: stored3b.at };
  const { from, to } = periodDays(period);
  const docs = (await ctx.store.loadRegister(gstin)).filter(
    (d) => d.docDate >= from && d.docDate <= to && (d.outsideIms ?? null) === null,
  );
  const books =
    docs.length === 0
      ? null
      : docs.reduce(
          (acc, d) => addHeads(acc, headsOf(d.amounts), d.docType === 'creditNote' ? -1 : 1),
          ZERO_HEADS,
        );
  const d = await deadlineSummary(ctx, gstin, warnDays);
  const pending = await pendingReport(ctx, gstin, { period, warnDays });
  const nextPeriod = addPeriods(period, 1) ?? period;
  return {
    gstin,
    period,
    periods: await workspacePeriods(ctx, gstin),
    dates: {
      gstr2bOn: `${nextPeriod.slice(2)}-${nextPeriod.slice(0, 2)}-14` as IsoDate,
      gstr3bDue: `${nextPeriod.slice(2)}-${nextPeriod.slice(0, 2)}-20` as IsoDate,
    },
    projection: {
      netAvailable: headsOf(itc.netAvailable),
      waitingForSupplier: headsOf(itc.waitingForSupplier),
      pending: headsOf(itc.pending),
      rejected: headsOf(itc.rejected),
      amendmentsOriginalUnknown: headsOf(itc.amendmentsOriginalUnknown),
    },
    gstr2b,
    gstr3b,
    books,
    deadlines: {
      past: d.past.length,
      near: d.near.length,
      rule37a: d.rule37a.length,
      rule37Reverse: d.rule37?.reverse.length ?? null,
      rule37Near: d.rule37?.near.length ?? null,
      pending: pending.rows.length,
      warnDays,
    },
  };
}
