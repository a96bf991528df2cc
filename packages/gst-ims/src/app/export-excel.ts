import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type {
  Action,
  IsoDate,
  MatchResult,
  PortalRecord,
  ProposalRule,
  RegisterDocument,
  Section,
  Tolerances,
  WorkspaceRecord,
} from '../core/index.js';
import {
  NO_RECORD_FILTER,
  NothingToDoError,
  SECTIONS,
  SECTION_INFO,
  UsageError,
  describeDifference,
  describeMatchReason,
  isDirty,
  proposeActions,
  validateDecision,
} from '../core/index.js';
import type {
  SheetRows,
  WorkbookMatchCells,
  WorkbookRow,
  WorkbookSummary,
  WrittenWorkbook,
} from '../io/index.js';
import {
  ACTION_CHOICES,
  decisionHash,
  encodeRowKey,
  recordVersion,
  safeFileName,
  writeImsWorkbook,
} from '../io/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import type { OrderFields } from './excel-export-order.js';
import { LOAD_BATCH, exportOrder, keyParts, recordsInOrder } from './excel-export-order.js';
import { PERIOD_SETTING, imsPeriod, loadTolerances, periodEndOf } from './reconcile-config.js';
import { loadProposalRules } from './reconcile-rules.js';

export interface ExportExcelOptions {
  readonly gstin: string;
  /** The workbook to write (without splitBy), or the stem of the split files' names. */
  readonly outFile?: string | undefined;
  /** `supplier`, `section`, or a purchase-register column (reconciliation data needed). */
  readonly splitBy?: string | undefined;
  /** Where split workbooks go. */
  readonly outDir?: string | undefined;
  /** Data rows per sheet before a section continues on another (default: Excel's limit; tests). */
  readonly maxRowsPerSheet?: number | undefined;
}

export interface ExportExcelFile extends WrittenWorkbook {
  /** What the workbook holds: `all records`, `supplier 27...`, `section B2B-CN`, `Department = Stores`. */
  readonly part: string;
}

export interface ExportExcelResult {
  readonly gstin: string;
  readonly exportedAt: string;
  /** The IMS download (import log id) the rows were versioned against; 0 when none is logged. */
  readonly importId: number;
  readonly withMatch: boolean;
  readonly splitBy: string | null;
  readonly files: ExportExcelFile[];
  readonly records: number;
  /** Records no longer in the latest download: left out (no decision can be uploaded for them). */
  readonly gone: number;
}

/** What reconciliation left in the store: saved matches, register documents, proposal rules. */
export interface ReconciliationView {
  readonly matches: ReadonlyMap<string, MatchResult>;
  readonly register: ReadonlyMap<string, RegisterDocument>;
  readonly rules: readonly ProposalRule[];
  readonly periodEnd: IsoDate | null;
  readonly tolerances: Tolerances;
}

/**
 * Reads the saved match results, register documents and the GSTIN's proposal rules; null when
 * the GSTIN has no match data yet (then the match columns are left out). Proposals are made a
 * batch of rows at a time (proposalsFor), as `gst-ims reconcile` makes them.
 */
export async function loadReconciliation(
  store: WorkspaceStore,
  gstin: string,
  liveKeys: readonly string[],
): Promise<ReconciliationView | null> {
  const matches = await store.loadMatches(gstin);
  if (matches.length === 0) return null;
  const documents = await store.loadRegister(gstin);
  const tolerances = await loadTolerances(store, gstin);
  const period = await imsPeriod(store, gstin, await periodInputs(store, gstin, liveKeys));
  return {
    matches: new Map(
      matches.filter((m) => m.recordKey !== null).map((m) => [m.recordKey as string, m]),
    ),
    register: new Map(documents.map((d) => [d.ref, d])),
    rules: await loadProposalRules(store, gstin),
    periodEnd: period === null ? null : periodEndOf(period.period),
    tolerances,
  };
}

/**
 * What imsPeriod counts, of every live record: read a batch at a time, each distinct pair kept
 * once (a month has few return periods), so a million records cost a million pointers.
 */
async function periodInputs(
  store: WorkspaceStore,
  gstin: string,
  keys: readonly string[],
): Promise<{ returnPeriod: string | null; supplierFiled: boolean | null }[]> {
  // A period set by hand is used as it is (imsPeriod reads it first).
  if (((await store.getSetting(gstin, PERIOD_SETTING)) ?? '') !== '') return [];
  const pairs = new Map<string, { returnPeriod: string | null; supplierFiled: boolean | null }>();
  const out: { returnPeriod: string | null; supplierFiled: boolean | null }[] = [];
  for (let i = 0; i < keys.length; i += LOAD_BATCH) {
    for (const w of await store.loadRecordsByKeys(gstin, keys.slice(i, i + LOAD_BATCH))) {
      const { returnPeriod, supplierFiled } = w.record;
      const id = `${returnPeriod}|${supplierFiled}`;
      let pair = pairs.get(id);
      if (pair === undefined) pairs.set(id, (pair = { returnPeriod, supplierFiled }));
      out.push(pair);
    }
  }
  return out;
}

/** The proposed action of each record of a batch that has one (a rule applies). */
function proposalsFor(
  recon: ReconciliationView,
  records: readonly PortalRecord[],
): Map<string, Action> {
  const results: MatchResult[] = [];
  const documents: RegisterDocument[] = [];
  for (const r of records) {
    const m = recon.matches.get(r.key);
    if (m === undefined) continue;
    results.push(m);
    const doc = m.registerRef ? recon.register.get(m.registerRef) : undefined;
    if (doc !== undefined) documents.push(doc);
  }
  const proposed = proposeActions({
    records,
    documents,
    results,
    rules: recon.rules,
    periodEnd: recon.periodEnd,
    tolerances: recon.tolerances,
  });
  // A proposal without a rule is no proposal.
  return new Map(proposed.filter((x) => x.rule !== '').map((x) => [x.recordKey, x.action]));
}

const OUTCOME_LABEL: Readonly<Record<string, string>> = {
  exact: 'Exact',
  probable: 'Probable',
  mismatch: 'Mismatch',
  missingInRegister: 'Not in register',
  missingInPortal: 'Not in portal',
};

function matchCells(
  record: PortalRecord,
  recon: ReconciliationView,
  proposals: ReadonlyMap<string, Action>,
): WorkbookMatchCells {
  const m = recon.matches.get(record.key);
  const doc = m?.registerRef ? recon.register.get(m.registerRef) : undefined;
  const proposed = proposals.get(record.key);
  const reasons = m && m.reasons.length > 0 ? m.reasons.map(describeMatchReason).join('; ') : null;
  return {
    match: m
      ? `${OUTCOME_LABEL[m.outcome] ?? m.outcome}${m.score > 0 ? ` (${m.score})` : ''}`
      : null,
    registerRef: m?.registerRef ?? null,
    // In words where the books and the portal differ beyond the tolerance; else the matcher's
    // reasons, in the words of the one table the web and the follow-ups read (issue 14).
    differences: (doc ? describeDifference(record, doc, recon.tolerances) : null) ?? reasons,
    proposedAction: proposed ? ACTION_CHOICES[proposed] : null,
  };
}

/** The Error column: the portal's error from the last upload, a rule the decision breaks, a supplier change. */
export function errorText(w: WorkspaceRecord): string | null {
  const parts: string[] = [];
  const e = w.state.portalError;
  if (e) parts.push(`${e.code ?? 'PORTAL_ERROR'}: ${e.message}`);
  if (isDirty(w.record, w.state.decision)) {
    const prefix = `${w.record.key}: `;
    for (const i of validateDecision(w.record, w.state.decision, { gone: w.state.gone })) {
      if (i.severity !== 'error') continue;
      parts.push(
        `${i.code}: ${i.message.startsWith(prefix) ? i.message.slice(prefix.length) : i.message}`,
      );
    }
  }
  if (w.state.changedBySupplier)
    parts.push(
      'CHANGED_BY_SUPPLIER: the supplier changed this document after your decision; check it and decide again',
    );
  return parts.length > 0 ? parts.join('; ') : null;
}

/** The latest IMS download of the GSTIN in the import log. */
export async function latestDownload(
  store: WorkspaceStore,
  gstin: string,
): Promise<{ id: number; file: string; at: string } | null> {
  const last = await store.lastImport(gstin, ['ims']);
  return last?.id !== undefined ? { id: last.id, file: last.file, at: last.at } : null;
}

/** One workbook of an export: what it holds, its rows' keys by section, its Home sheet's counts. */
interface Group {
  readonly id: string;
  readonly part: string;
  readonly keys: Record<Section, string[]>;
  readonly summary: WorkbookSummary;
  /** Its first row in the export's order (supplier, date, number): groups are written in that order. */
  first: OrderFields | null;
}

function newGroup(id: string, part: string): Group {
  return {
    id,
    part,
    keys: Object.fromEntries(SECTIONS.map((s) => [s, [] as string[]])) as Record<Section, string[]>,
    summary: Object.fromEntries(
      SECTIONS.map((s) => [s, { records: 0, toUpload: 0, errors: 0 }]),
    ) as WorkbookSummary,
    first: null,
  };
}

function count(g: Group, section: Section, what: { dirty: boolean; error: boolean }): void {
  const c = g.summary[section];
  c.records++;
  if (what.dirty) c.toUpload++;
  if (what.error) c.errors++;
}

/**
 * Writes the IMS workbook (or one per group with splitBy) from the workspace. Gone records are
 * left out. Rows carry the hidden key that import excel checks. Records are read a batch at a
 * time in the rows' order and written as they come (exceljs' streaming writer), so memory holds
 * the records' keys and a batch, not the workspace (decision 0045).
 */
export async function exportExcel(
  ctx: AppContext,
  opts: ExportExcelOptions,
): Promise<ExportExcelResult> {
  const splitBy = opts.splitBy?.trim() || null;
  if (splitBy === null && opts.outFile === undefined)
    throw new UsageError('export excel: give the workbook to write with --out FILE.xlsx');
  if (splitBy !== null && opts.outDir === undefined)
    throw new UsageError(
      'export excel: --split-by writes one workbook per group: give the folder with --out-dir DIR',
    );
  if (
    opts.outFile !== undefined &&
    splitBy === null &&
    extname(opts.outFile).toLowerCase() !== '.xlsx'
  ) {
    throw new UsageError(`export excel: --out must name an .xlsx file, found "${opts.outFile}"`);
  }
  const { gstin } = opts;
  // The keys alone (no description read): the rows' pass counts the Home sheet (decision 0057).
  const keys = await ctx.store.recordKeysMatching(gstin, NO_RECORD_FILTER);
  const all = keys.length;
  const gone = new Set(
    await ctx.store.recordKeysMatching(gstin, { ...NO_RECORD_FILTER, view: 'gone' }),
  );
  const liveKeys = gone.size === 0 ? keys : keys.filter((k) => !gone.has(k));
  gone.clear();
  if (liveKeys.length === 0)
    throw new NothingToDoError(
      `no records to export for ${gstin}${all ? ' (every record is gone from the latest download)' : ''}: import an IMS download first`,
    );
  const download = await latestDownload(ctx.store, gstin);
  const importId = download?.id ?? 0;
  const recon = await loadReconciliation(ctx.store, gstin, liveKeys);
  if (splitBy !== null && !['supplier', 'section'].includes(splitBy.toLowerCase()))
    registerColumn(splitBy, recon);
  const exportedAt = ctx.now();
  const progress = ctx.progress;
  const groups =
    splitBy === null
      ? [wholeGroup(liveKeys)]
      : await splitGroups(ctx.store, gstin, liveKeys, splitBy, recon);
  const total = groups.reduce((n, g) => n + SECTIONS.reduce((m, s) => m + g.keys[s].length, 0), 0);
  // The keys are in the groups now.
  keys.length = 0;
  liveKeys.length = 0;

  const rowsOf = async function* (keys: readonly string[]): AsyncGenerator<WorkbookRow[]> {
    for await (const batch of recordsInOrder(ctx.store, gstin, keys)) {
      const proposals = recon
        ? proposalsFor(
            recon,
            batch.map((w) => w.record),
          )
        : null;
      yield batch.map((w) => ({
        record: w.record,
        decision: w.state.decision,
        key: encodeRowKey({
          gstin,
          version: recordVersion(w.record),
          decisionHash: decisionHash(w.state.decision),
          importId,
          recordKey: w.record.key,
        }),
        error: errorText(w),
        match: recon && proposals ? matchCells(w.record, recon, proposals) : undefined,
      }));
    }
  };

  const written: ExportExcelFile[] = [];
  const downloadText = download
    ? `#${download.id} ${download.file} (imported ${download.at})`
    : 'not logged';
  const home = { gstin, exportedAt, exportedBy: ctx.user, download: downloadText };
  // Rows written, over every workbook of the export.
  const phase = splitBy === null ? 'writing the workbook' : 'writing the workbooks';
  let before = 0;
  const onRows =
    progress === undefined ? undefined : (n: number): void => progress(phase, before + n, total);
  progress?.(phase, 0, total);
  const writeGroup = async (file: string, g: Group): Promise<void> => {
    const sheets = {} as Record<Section, SheetRows>;
    for (const s of SECTIONS) sheets[s] = rowsOf(g.keys[s]);
    const w = await writeImsWorkbook(
      file,
      {
        home: { ...home, part: g.part },
        withMatch: recon !== null,
        sheets,
        // The whole export's counts are taken from its rows as they are written.
        summary: splitBy === null ? undefined : g.summary,
      },
      {
        onRows,
        total: SECTIONS.reduce((n, s) => n + g.keys[s].length, 0),
        maxRowsPerSheet: opts.maxRowsPerSheet,
      },
    );
    written.push({ ...w, part: g.part });
    before += w.rows;
  };
  if (splitBy === null) {
    const file = opts.outFile as string;
    await mkdir(dirname(file), { recursive: true });
    await writeGroup(file, groups[0] as Group);
  } else {
    const dir = opts.outDir as string;
    await mkdir(dir, { recursive: true });
    const stem =
      opts.outFile !== undefined ? basename(opts.outFile, extname(opts.outFile)) : `ims-${gstin}`;
    const used = new Set<string>();
    for (const g of groups) {
      let name = `${safeFileName(stem)}-${safeFileName(g.id)}`;
      for (let i = 2; used.has(name.toLowerCase()); i++)
        name = `${safeFileName(stem)}-${safeFileName(g.id)}-${i}`;
      used.add(name.toLowerCase());
      await writeGroup(join(dir, `${name}.xlsx`), g);
    }
  }
  return {
    gstin,
    exportedAt,
    importId,
    withMatch: recon !== null,
    splitBy,
    files: written,
    records: before,
    gone: all - total,
  };
}

/**
 * Every live record in one workbook: its keys by section (the section is the key's first part).
 * The Home sheet's counts are taken from the rows as they are written (decision 0057), so no
 * record is read here.
 */
function wholeGroup(live: readonly string[]): Group {
  const g = newGroup('all', 'all records');
  for (const key of live) {
    const section = keyParts(key).section as Section;
    const list = g.keys[section] as string[] | undefined;
    if (list === undefined) throw new Error(`export excel: record key "${key}" has no section`);
    list.push(key);
  }
  return g;
}

const NOT_IN_REGISTER = '(not in register)';
const BLANK = '(blank)';

/**
 * The workbooks of a split export: every live record is read (a batch at a time) to find its
 * group (the supplier's name, a register column) and counted for the group's Home sheet. Groups
 * come in the order of their first row, as one sorted list of every row would give them.
 */
async function splitGroups(
  store: WorkspaceStore,
  gstin: string,
  keys: readonly string[],
  splitBy: string,
  recon: ReconciliationView | null,
): Promise<Group[]> {
  const groupOf = groupFinder(splitBy, recon);
  const groups = new Map<string, Group>();
  for (let i = 0; i < keys.length; i += LOAD_BATCH) {
    for (const w of await store.loadRecordsByKeys(gstin, keys.slice(i, i + LOAD_BATCH))) {
      if (w.state.gone) continue;
      const r = w.record;
      const { id, part } = groupOf(r);
      let g = groups.get(id);
      if (g === undefined) groups.set(id, (g = newGroup(id, part)));
      g.keys[r.section].push(r.key);
      count(g, r.section, { dirty: isDirty(r, w.state.decision), error: errorText(w) !== null });
      const slim = { supplierGstin: r.supplierGstin, docDate: r.docDate, docNumber: r.docNumber };
      if (g.first === null || exportOrder(slim, g.first) < 0) g.first = slim;
    }
  }
  return [...groups.values()].sort((a, b) =>
    a.first === null || b.first === null ? 0 : exportOrder(a.first, b.first),
  );
}

function groupFinder(
  splitBy: string,
  recon: ReconciliationView | null,
): (r: PortalRecord) => { id: string; part: string } {
  const mode = splitBy.toLowerCase();
  if (mode === 'supplier')
    return (r) => {
      const name = r.supplierName;
      return {
        id: name ? `${r.supplierGstin}-${name}` : r.supplierGstin,
        part: `supplier ${r.supplierGstin}${name ? ` (${name})` : ''}`,
      };
    };
  if (mode === 'section')
    return (r) => ({
      id: SECTION_INFO[r.section].sheet,
      part: `section ${SECTION_INFO[r.section].sheet} (${SECTION_INFO[r.section].label})`,
    });
  const column = registerColumn(splitBy, recon);
  return (r) => {
    const ref = recon?.matches.get(r.key)?.registerRef ?? null;
    const doc = ref === null ? undefined : recon?.register.get(ref);
    const value = doc === undefined ? NOT_IN_REGISTER : (doc.extra[column] ?? '').trim() || BLANK;
    return { id: value, part: `${column} = ${value}` };
  };
}

/** Resolves a register column name (case-insensitive) or explains what can be used. */
function registerColumn(wanted: string, recon: ReconciliationView | null): string {
  const base = 'supplier, section';
  if (recon === null || recon.register.size === 0) {
    throw new UsageError(
      `--split-by: "${wanted}" is not supplier or section, and there is no reconciled purchase register to take a column from (import the register and reconcile first); expected ${base} or a register column`,
    );
  }
  const columns = new Set<string>();
  for (const d of recon.register.values()) for (const k of Object.keys(d.extra)) columns.add(k);
  const hit = [...columns].find((c) => c.toLowerCase() === wanted.trim().toLowerCase());
  if (hit === undefined) {
    const list = [...columns].sort().slice(0, 30).join(', ');
    throw new UsageError(
      `--split-by: unknown column "${wanted}"; expected ${base}${list ? `, or a register column: ${list}` : ''}`,
    );
  }
  return hit;
}
