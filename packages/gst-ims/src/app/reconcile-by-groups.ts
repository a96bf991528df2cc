// `reconcile` of a large workspace in bounded memory (issue 18, decision 0061): the engine run
// per group of suppliers (core/reconcile/supplier-groups.ts: every pair any phase could make lies
// within one group), each group's records and documents loaded, matched and dropped in turn;
// then a second pass in the one run's order (records in load order, then the unpaired books
// documents in the register's order) proposes, writes the result file and saves the results a
// page at a time. The results, proposals, file and saved rows are those of reconcileWorkspace's
// one run; what stays between the passes is one MatchResult per record and unpaired document.
import type {
  MatchResult,
  PortalRecord,
  Proposal,
  RegisterDocument,
  WorkspaceRecord,
} from '../core/index.js';
import { mistypedGstins, portalGstinSet, reconcile, supplierGroups } from '../core/reconcile.js';
import { proposeActions } from '../core/proposals.js';
import type { TableWriter } from '../io/register-tables.js';
import { openTableWriter } from '../io/register-tables.js';
import type { RecordIndex, RegisterIndex, WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import { imsPeriod, periodEndOf } from './reconcile-config.js';
import type { Run } from './reconcile-engine-run.js';
import {
  PHASE_MATCH,
  PHASE_WRITE,
  emptyRegister,
  engineSettings,
  heldDecisions,
  matchWith2b,
} from './reconcile-engine-run.js';
import type { GstinCorrection, ReconcileSummary } from './reconcile-rows.js';
import {
  RESULT_COLUMNS,
  SummaryTally,
  correctionOf,
  eachRow,
  resultCells,
} from './reconcile-rows.js';
import { loadProposalRules } from './reconcile-rules.js';

/**
 * A GSTIN with more records than this is matched a group of suppliers at a time: one run of
 * 100,000 records peaks at about 360 MB (decision 0055), under the 400 MB asked of it.
 */
export const GROUP_ABOVE = 100_000;

/**
 * Records per batch of groups: what the engine holds at once (records, documents, its scratch:
 * about 1.9 KB a record at its peak, decision 0055) beside what stays between the passes.
 */
export const GROUP_RECORDS = 50_000;

/** Records (or documents) read per query of the second pass. */
const PAGE = 5000;

/**
 * Pages of the second pass between two full collections: a page allocates about 10 MB (records,
 * documents, proposals, rows, cells, text) that dies with it, and V8 let 300,000 rows of it pile
 * up (1M: 1.5 GB at the peak, heap 1.2 GB with 0.4 GB live) before collecting on its own.
 */
const PAGES_PER_COLLECTION = 20;

export interface GroupedOptions {
  readonly out?: string | undefined;
  /** Records per batch (GROUP_RECORDS); a group of suppliers holding more is one batch still. */
  readonly groupRecords?: number | undefined;
  /** A full garbage collection, run after each group's engine (see ReconcileOptions.collect). */
  readonly collect?: (() => void) | undefined;
}

/** What the first pass leaves for the second. */
interface FirstPass {
  readonly records: RecordIndex;
  readonly register: RegisterIndex;
  readonly settings: Pick<Run, 'tolerances' | 'links' | 'unlinks'>;
  /**
   * By record position (load order), without the record key (read again with the record) and
   * with the register index's ref string: a million keys and refs are not held twice.
   */
  readonly recordResults: MatchResult[];
  /** By document position (register order); undefined where the document was paired. */
  readonly documentResults: (MatchResult | undefined)[];
  readonly period: Run['period'];
  readonly twoB: Run['twoB'];
}

/**
 * reconcileWorkspace with the rows not kept, a group of suppliers at a time: the same summary,
 * result file and saved results. The file is put in place once the results are saved.
 */
export async function reconcileByGroups(
  ctx: AppContext,
  gstin: string,
  opts: GroupedOptions = {},
): Promise<ReconcileSummary> {
  const out = opts.out;
  let writer: TableWriter | null = null;
  try {
    const summary = await ctx.store.transaction(async (tx) => {
      const first = await matchByGroups(ctx, tx, gstin, opts);
      if (out !== undefined)
        writer = await openTableWriter(out, {
          sheetName: 'Reconciliation',
          columns: RESULT_COLUMNS,
          moneyColumns: RESULT_COLUMNS.flatMap((c, i) =>
            /_(value|taxable|tax)$/.test(c) ? [i] : [],
          ),
        });
      return writeInOrder(ctx, tx, gstin, first, writer, out ?? null, opts.collect);
    });
    await (writer as TableWriter | null)?.commit();
    return summary;
  } catch (e) {
    await (writer as TableWriter | null)?.abort();
    throw e;
  }
}

/** The first pass: the engine per group; the period and the books-vs-2B check after it. */
async function matchByGroups(
  ctx: AppContext,
  tx: WorkspaceStore,
  gstin: string,
  opts: GroupedOptions,
): Promise<FirstPass> {
  const records = await tx.loadRecordIndex(gstin);
  const register = await tx.loadRegisterIndex(gstin);
  if (register.refs.length === 0) throw emptyRegister();
  const settings = await engineSettings(tx, gstin);
  const groups = await groupsOf(tx, gstin, records, register, settings);
  const batches = batchesOf(groups, records, register, opts.groupRecords ?? GROUP_RECORDS);
  // What reading both sides' indexes left is garbage before the first batch is read.
  opts.collect?.();

  const total = records.ids.length;
  const recordResults = new Array<MatchResult>(total);
  const documentResults = new Array<MatchResult | undefined>(register.refs.length);
  const periods = new Map<
    string,
    { returnPeriod: string | null; supplierFiled: boolean | null; count: number }
  >();
  const outside: { at: number; doc: RegisterDocument }[] = [];
  let done = 0;
  ctx.progress?.(PHASE_MATCH, 0, total);
  for (const b of batches) {
    const ws = await tx.loadRecordsByIds(
      gstin,
      b.records.map((i) => records.ids[i] as number),
    );
    if (ws.length !== b.records.length)
      throw new Error('reconcile: a record was removed while it was being matched');
    const docs = await documentsOf(tx, gstin, register, b.documents);
    const keys = new Set(ws.map((w) => w.record.key));
    const results = reconcile({
      records: ws.map((w) => w.record),
      documents: docs,
      tolerances: settings.tolerances,
      manualLinks: settings.links.filter((l) => keys.has(l.recordKey)),
      unlinkedPairs: settings.unlinks.filter((l) => keys.has(l.recordKey)),
    });
    const refOf = new Map<string, string>();
    for (const j of b.documents) {
      const ref = register.refs[j] as string;
      refOf.set(ref, ref);
    }
    for (let i = 0; i < ws.length; i++) {
      const m = results[i] as MatchResult;
      const ref = m.registerRef === null ? null : (refOf.get(m.registerRef) ?? m.registerRef);
      recordResults[b.records[i] as number] = { ...m, recordKey: null, registerRef: ref };
      tallyPeriod(periods, (ws[i] as WorkspaceRecord).record);
    }
    // The unpaired documents follow the records, in the batch's (the register's) order.
    let k = 0;
    for (let i = ws.length; i < results.length; i++) {
      const m = results[i] as MatchResult;
      while ((docs[k] as RegisterDocument).ref !== m.registerRef) k++;
      const at = b.documents[k] as number;
      documentResults[at] = m;
      if (m.outcome === 'notInIms') outside.push({ at, doc: docs[k] as RegisterDocument });
    }
    done += ws.length;
    ctx.progress?.(PHASE_MATCH, done, total);
    // This group's records, documents and the engine's scratch are garbage from here.
    opts.collect?.();
  }

  const p = await imsPeriod(tx, gstin, [...periods.values()]);
  const period = p === null ? null : { ...p, end: periodEndOf(p.period) };
  outside.sort((a, b) => a.at - b.at);
  const checked = await matchWith2b(
    tx,
    gstin,
    period?.period ?? null,
    outside.map((o) => o.doc),
    outside.map((o) => documentResults[o.at] as MatchResult),
    settings.tolerances,
  );
  outside.forEach((o, i) => (documentResults[o.at] = checked.results[i]));
  return {
    records,
    register,
    settings,
    recordResults,
    documentResults,
    period,
    twoB: checked.twoB,
  };
}

/**
 * The documents at these positions, in their order. A batch holds every document of each of its
 * suppliers (groups are made of whole supplier GSTINs), so they are read by supplier over the
 * register's order index: a few hundred GSTINs per query instead of 900 refs.
 */
async function documentsOf(
  tx: WorkspaceStore,
  gstin: string,
  register: RegisterIndex,
  positions: readonly number[],
): Promise<RegisterDocument[]> {
  const suppliers = [...new Set(positions.map((j) => register.supplierGstins[j] as string))];
  const byRef = new Map<string, RegisterDocument>();
  for (const d of await tx.loadRegisterOfSuppliers(gstin, suppliers)) byRef.set(d.ref, d);
  if (byRef.size !== positions.length)
    throw new Error('reconcile: the register changed while it was being matched');
  return positions.map((j) => byRef.get(register.refs[j] as string) as RegisterDocument);
}

function tallyPeriod(
  periods: Map<
    string,
    { returnPeriod: string | null; supplierFiled: boolean | null; count: number }
  >,
  r: PortalRecord,
): void {
  const k = `${r.returnPeriod ?? ''}\u0000${String(r.supplierFiled)}`;
  const t = periods.get(k);
  if (t !== undefined) t.count++;
  else periods.set(k, { returnPeriod: r.returnPeriod, supplierFiled: r.supplierFiled, count: 1 });
}

/** The groups of suppliers: what may pair across GSTINs read first (typo suspects, links). */
async function groupsOf(
  tx: WorkspaceStore,
  gstin: string,
  records: RecordIndex,
  register: RegisterIndex,
  settings: Pick<Run, 'links'>,
): Promise<ReturnType<typeof supplierGroups>> {
  const recordGstins = new Set(records.supplierGstins);
  const mistyped = mistypedGstins(new Set(register.supplierGstins), portalGstinSet(recordGstins));
  const suspectRefs = register.refs.filter((_, j) =>
    mistyped.has(register.supplierGstins[j] as string),
  );
  const suspects = mistyped.size === 0 ? [] : await tx.loadRegisterByRefs(gstin, suspectRefs);
  const links: [string, string][] = [];
  if (settings.links.length > 0) {
    const linked = await tx.loadRecordsByKeys(
      gstin,
      settings.links.map((l) => l.recordKey),
      { remember: false },
    );
    const recordGstin = new Map(linked.map((w) => [w.record.key, w.record.supplierGstin]));
    const refs = new Set(settings.links.map((l) => l.registerRef));
    const docGstin = new Map<string, string>();
    register.refs.forEach((ref, j) => {
      if (refs.has(ref)) docGstin.set(ref, register.supplierGstins[j] as string);
    });
    for (const l of settings.links) {
      const r = recordGstin.get(l.recordKey);
      const d = docGstin.get(l.registerRef);
      if (r !== undefined && d !== undefined) links.push([r, d]);
    }
  }
  return supplierGroups({ recordGstins, suspects, links });
}

/** Positions (load order, register order) of the records and documents matched together. */
interface Batch {
  readonly records: number[];
  readonly documents: number[];
}

/** Whole groups packed in turn into batches of about `size` records (a larger group alone). */
function batchesOf(
  groups: ReturnType<typeof supplierGroups>,
  records: RecordIndex,
  register: RegisterIndex,
  size: number,
): Batch[] {
  const recordGroup = records.supplierGstins.map((g) => groups.groupOf(g));
  const documentGroup = register.supplierGstins.map((g) => groups.groupOf(g));
  const sizes = new Map<number, number>();
  for (const g of recordGroup) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const batchOf = new Map<number, number>();
  let batch = 0;
  let filled = 0;
  for (const [g, n] of sizes) {
    if (filled > 0 && filled + n > size) {
      batch++;
      filled = 0;
    }
    batchOf.set(g, batch);
    filled += n;
  }
  const batches: Batch[] = Array.from({ length: batch + 1 }, () => ({
    records: [],
    documents: [],
  }));
  recordGroup.forEach((g, i) => (batches[batchOf.get(g) as number] as Batch).records.push(i));
  // A group with documents and no record: the last batch takes them (they pair with nothing
  // there either, as in the one run: every pair lies within a group).
  documentGroup.forEach((g, j) => (batches[batchOf.get(g) ?? batch] as Batch).documents.push(j));
  return batches;
}

/**
 * The second pass, in the one run's order: a page of records (their results, paired documents
 * and proposals), then the unpaired documents; each page's rows to the file, its results saved.
 */
async function writeInOrder(
  ctx: AppContext,
  tx: WorkspaceStore,
  gstin: string,
  first: FirstPass,
  writer: TableWriter | null,
  written: string | null,
  collect: (() => void) | undefined,
): Promise<ReconcileSummary> {
  const { records, register, settings, recordResults, documentResults, period } = first;
  const rules = await loadProposalRules(tx, gstin);
  const tally = new SummaryTally();
  const corrections: GstinCorrection[] = [];
  const unpaired: number[] = [];
  documentResults.forEach((m, j) => {
    if (m !== undefined) unpaired.push(j);
  });
  const total = records.ids.length + unpaired.length;
  let n = 0;
  let pagesDone = 0;
  const rowsOut = async (part: Pick<Run, 'records' | 'documents' | 'results' | 'proposals'>) => {
    const cells = [];
    for (const row of eachRow(part)) {
      const c = correctionOf(row);
      if (c !== null) corrections.push(c);
      if (writer !== null) cells.push(resultCells(row));
    }
    for (const m of part.results) tally.result(m);
    for (const p of part.proposals) tally.proposal(p);
    if (writer !== null) await writer.add(cells);
    n += part.results.length;
    ctx.progress?.(PHASE_WRITE, n, total);
    if (++pagesDone % PAGES_PER_COLLECTION === 0) collect?.();
  };
  async function* pages(): AsyncGenerator<readonly MatchResult[]> {
    for (let at = 0; at < records.ids.length; at += PAGE) {
      const ws = await tx.loadRecordsByIds(gstin, records.ids.slice(at, at + PAGE));
      if (ws.length !== Math.min(PAGE, records.ids.length - at))
        throw new Error('reconcile: a record was removed while it was being matched');
      const results = recordResults
        .slice(at, at + PAGE)
        .map((m, i) => ({ ...m, recordKey: (ws[i] as WorkspaceRecord).record.key }));
      const refs: string[] = [];
      for (const m of results) if (m.registerRef !== null) refs.push(m.registerRef);
      const documents = await tx.loadRegisterByRefs(gstin, refs);
      const proposals: Proposal[] = proposeActions({
        records: ws.map((w) => w.record),
        documents,
        results,
        rules,
        periodEnd: period?.end ?? null,
        tolerances: settings.tolerances,
        held: heldDecisions(ws),
      });
      await rowsOut({ records: ws, documents, results, proposals });
      yield results;
    }
    for (let at = 0; at < unpaired.length; at += PAGE) {
      const positions = unpaired.slice(at, at + PAGE);
      const documents = await tx.loadRegisterByRefs(
        gstin,
        positions.map((j) => register.refs[j] as string),
      );
      const results = positions.map((j) => documentResults[j] as MatchResult);
      await rowsOut({ records: [], documents, results, proposals: [] });
      yield results;
    }
  }
  ctx.progress?.(PHASE_WRITE, 0, total);
  await tx.saveMatchesFrom(gstin, pages());
  return tally.summary(
    gstin,
    {
      records: records.ids.length,
      documents: register.refs.length,
      period,
      tolerances: settings.tolerances,
      twoB: first.twoB,
    },
    [],
    written,
    corrections,
  );
}
