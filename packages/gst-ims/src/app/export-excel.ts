import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type {
  Action,
  MatchResult,
  PortalRecord,
  RegisterDocument,
  Section,
  Tolerances,
  WorkspaceRecord,
} from '../core/index.js';
import {
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
import type { WorkbookMatchCells, WorkbookRow, WrittenWorkbook } from '../io/index.js';
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
import { imsPeriod, loadTolerances, periodEndOf } from './reconcile-config.js';
import { loadProposalRules } from './reconcile-rules.js';

export interface ExportExcelOptions {
  readonly gstin: string;
  /** The workbook to write (without splitBy), or the stem of the split files' names. */
  readonly outFile?: string | undefined;
  /** `supplier`, `section`, or a purchase-register column (reconciliation data needed). */
  readonly splitBy?: string | undefined;
  /** Where split workbooks go. */
  readonly outDir?: string | undefined;
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

/** What reconciliation left in the store: saved matches, register documents, proposals. */
export interface ReconciliationView {
  readonly matches: ReadonlyMap<string, MatchResult>;
  readonly register: ReadonlyMap<string, RegisterDocument>;
  readonly proposals: ReadonlyMap<string, Action>;
  readonly tolerances: Tolerances;
}

/**
 * Reads the saved match results and register documents and proposes actions with the GSTIN's
 * rules (as `gst-ims reconcile` does); null when the GSTIN has no match data yet (then the match
 * columns are left out).
 */
export async function loadReconciliation(
  store: WorkspaceStore,
  gstin: string,
  records: readonly PortalRecord[],
): Promise<ReconciliationView | null> {
  const matches = await store.loadMatches(gstin);
  if (matches.length === 0) return null;
  const documents = await store.loadRegister(gstin);
  const tolerances = await loadTolerances(store, gstin);
  const period = await imsPeriod(store, gstin, records);
  const proposed = proposeActions({
    records,
    documents,
    results: matches,
    rules: await loadProposalRules(store, gstin),
    periodEnd: period === null ? null : periodEndOf(period.period),
    tolerances,
  });
  return {
    matches: new Map(
      matches.filter((m) => m.recordKey !== null).map((m) => [m.recordKey as string, m]),
    ),
    register: new Map(documents.map((d) => [d.ref, d])),
    // A proposal without a rule is no proposal.
    proposals: new Map(proposed.filter((x) => x.rule !== '').map((x) => [x.recordKey, x.action])),
    tolerances,
  };
}

const OUTCOME_LABEL: Readonly<Record<string, string>> = {
  exact: 'Exact',
  probable: 'Probable',
  mismatch: 'Mismatch',
  missingInRegister: 'Not in register',
  missingInPortal: 'Not in portal',
};

function matchCells(record: PortalRecord, recon: ReconciliationView): WorkbookMatchCells {
  const m = recon.matches.get(record.key);
  const doc = m?.registerRef ? recon.register.get(m.registerRef) : undefined;
  const proposed = recon.proposals.get(record.key);
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
  const ims = (await store.listImports(gstin)).filter(
    (i) => i.kind === 'ims' && i.id !== undefined,
  );
  const last = ims[ims.length - 1];
  return last ? { id: last.id as number, file: last.file, at: last.at } : null;
}

const bySupplierDateNumber = (a: WorkbookRow, b: WorkbookRow): number =>
  a.record.supplierGstin.localeCompare(b.record.supplierGstin) ||
  a.record.docDate.localeCompare(b.record.docDate) ||
  a.record.docNumber.localeCompare(b.record.docNumber);

interface Group {
  readonly id: string;
  readonly part: string;
  readonly rows: WorkbookRow[];
}

/**
 * Writes the IMS workbook (or one per group with splitBy) from the workspace. Gone records are
 * left out. Rows carry the hidden key that import excel checks.
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
  const all = await ctx.store.loadRecords(gstin);
  const live = all.filter((w) => !w.state.gone);
  if (live.length === 0)
    throw new NothingToDoError(
      `no records to export for ${gstin}${all.length ? ' (every record is gone from the latest download)' : ''}: import an IMS download first`,
    );
  const download = await latestDownload(ctx.store, gstin);
  const importId = download?.id ?? 0;
  const recon = await loadReconciliation(
    ctx.store,
    gstin,
    live.map((w) => w.record),
  );
  const exportedAt = ctx.now();

  const rows: WorkbookRow[] = live.map((w) => ({
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
    match: recon ? matchCells(w.record, recon) : undefined,
  }));
  rows.sort(bySupplierDateNumber);

  const groups = groupRows(rows, splitBy, recon);
  const written: ExportExcelFile[] = [];
  const downloadText = download
    ? `#${download.id} ${download.file} (imported ${download.at})`
    : 'not logged';
  const home = { gstin, exportedAt, exportedBy: ctx.user, download: downloadText };
  // Rows written, over every workbook of the export.
  const phase = splitBy === null ? 'writing the workbook' : 'writing the workbooks';
  const progress = ctx.progress;
  let before = 0;
  const onRows =
    progress === undefined
      ? undefined
      : (written: number): void => progress(phase, before + written, rows.length);
  progress?.(phase, 0, rows.length);
  if (splitBy === null) {
    const file = opts.outFile as string;
    await mkdir(dirname(file), { recursive: true });
    const w = await writeImsWorkbook(
      file,
      {
        home: { ...home, part: 'all records' },
        withMatch: recon !== null,
        sheets: bySection(rows),
      },
      { onRows },
    );
    written.push({ ...w, part: 'all records' });
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
      const w = await writeImsWorkbook(
        join(dir, `${name}.xlsx`),
        { home: { ...home, part: g.part }, withMatch: recon !== null, sheets: bySection(g.rows) },
        { onRows },
      );
      written.push({ ...w, part: g.part });
      before += w.rows;
    }
  }
  return {
    gstin,
    exportedAt,
    importId,
    withMatch: recon !== null,
    splitBy,
    files: written,
    records: rows.length,
    gone: all.length - live.length,
  };
}

function bySection(rows: readonly WorkbookRow[]): Record<Section, WorkbookRow[]> {
  const out = Object.fromEntries(SECTIONS.map((s) => [s, [] as WorkbookRow[]])) as Record<
    Section,
    WorkbookRow[]
  >;
  for (const r of rows) out[r.record.section].push(r);
  return out;
}

const NOT_IN_REGISTER = '(not in register)';
const BLANK = '(blank)';

function groupRows(
  rows: readonly WorkbookRow[],
  splitBy: string | null,
  recon: ReconciliationView | null,
): Group[] {
  if (splitBy === null) return [{ id: 'all', part: 'all records', rows: [...rows] }];
  const groups = new Map<string, Group>();
  const add = (id: string, part: string, row: WorkbookRow): void => {
    const g = groups.get(id);
    if (g) g.rows.push(row);
    else groups.set(id, { id, part, rows: [row] });
  };
  const mode = splitBy.toLowerCase();
  if (mode === 'supplier') {
    for (const r of rows) {
      const name = r.record.supplierName;
      add(
        name ? `${r.record.supplierGstin}-${name}` : r.record.supplierGstin,
        `supplier ${r.record.supplierGstin}${name ? ` (${name})` : ''}`,
        r,
      );
    }
  } else if (mode === 'section') {
    for (const r of rows)
      add(
        SECTION_INFO[r.record.section].sheet,
        `section ${SECTION_INFO[r.record.section].sheet} (${SECTION_INFO[r.record.section].label})`,
        r,
      );
  } else {
    const column = registerColumn(splitBy, recon);
    for (const r of rows) {
      const ref = recon?.matches.get(r.record.key)?.registerRef ?? null;
      const doc = ref === null ? undefined : recon?.register.get(ref);
      const value = doc === undefined ? NOT_IN_REGISTER : (doc.extra[column] ?? '').trim() || BLANK;
      add(value, `${column} = ${value}`, r);
    }
  }
  return [...groups.values()];
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
