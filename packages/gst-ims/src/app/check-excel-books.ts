// Reads the workbooks of an Excel import and checks their rows as they are read: a batch of rows
// at a time, with the records that batch names loaded by key (issue 18: a million rows under
// 1 GB). Neither the workbooks' rows nor the workspace's records are held whole; the edits and
// findings are what remain. Nothing is written here.
import { basename, resolve } from 'node:path';
import type { WorkspaceRecord } from '../core/index.js';
import { UsageError, normaliseGstin } from '../core/index.js';
import type { XlsxLimits } from '../io/index.js';
import { readImsWorkbook, recordVersion } from '../io/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';
import type { CheckedRows } from './check-excel-rows.js';
import { ExcelRowChecker } from './check-excel-rows.js';
import type { ExcelEdit, ExcelWorkbook } from './excel-finding.js';
import { resolveGstin } from './resolve-gstin.js';

/** Records loaded per query when the edits are checked again in the transaction. */
const VERIFY_BATCH = 2000;

export interface CheckedBooks {
  readonly books: ExcelWorkbook[];
  readonly checked: CheckedRows;
}

/** The files to import, each once (by absolute path). */
export function distinctFiles(files: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const f of files) {
    const abs = resolve(f);
    if (seen.has(abs)) throw new UsageError(`import excel: ${f} is named twice`);
    seen.add(abs);
  }
  return [...files];
}

/**
 * The GSTIN to import into: the one given, else the workbooks' own (if the workspace has it),
 * else the only one. The Home sheets are read first only when the workspace holds several
 * GSTINs (with one, the answer is that one or none).
 */
export async function excelTargetGstin(
  store: WorkspaceStore,
  given: string | undefined,
  files: readonly string[],
  limits: Partial<XlsxLimits> | undefined,
): Promise<string> {
  if (given !== undefined) return resolveGstin(store, given);
  const known = new Set((await store.listGstins()).map((g) => g.gstin));
  if (known.size > 1) {
    for (const f of files) {
      const home = (await readImsWorkbook(f, { homeOnly: true, limits })).home;
      const g = home?.gstin ? normaliseGstin(home.gstin) : null;
      if (g !== null && known.has(g)) return g;
    }
  }
  return resolveGstin(store, undefined);
}

/** Reads every workbook and checks its rows against `store`'s records of `gstin`, batch by batch. */
export async function checkExcelBooks(
  ctx: AppContext,
  store: WorkspaceStore,
  files: readonly string[],
  gstin: string,
  limits: Partial<XlsxLimits> | undefined,
): Promise<CheckedBooks> {
  const { progress } = ctx;
  const checker = new ExcelRowChecker(gstin, files.length);
  const books: ExcelWorkbook[] = [];
  for (const [wb, f] of files.entries()) {
    const phase = `reading ${basename(f)}`;
    const name = basename(f);
    const read = await readImsWorkbook(f, {
      onProgress: progress && ((done, total) => progress(phase, done, total)),
      limits,
      onRows: async (sheet, rows) => {
        const keys = checker.recordKeys(rows);
        const records = new Map<string, WorkspaceRecord>();
        if (keys.length > 0)
          for (const w of await store.loadRecordsByKeys(gstin, keys)) records.set(w.record.key, w);
        checker.check(wb, name, sheet, rows, records);
      },
    });
    const exported = read.home?.exportedAt ? Date.parse(read.home.exportedAt) : Number.NaN;
    books.push(
      Number.isNaN(exported)
        ? { read, time: read.mtime.getTime(), timeSource: 'mtime' }
        : { read, time: exported, timeSource: 'exportedAt' },
    );
  }
  return { books, checked: checker.result() };
}

/**
 * Whether every record an edit was weighed against is still as it was checked (the rows are
 * checked before the transaction that applies them): false when another writer changed one
 * in between, and the rows must be checked again inside the transaction.
 */
export async function editsStillHold(
  store: WorkspaceStore,
  gstin: string,
  edits: readonly ExcelEdit[],
): Promise<boolean> {
  const checked = new Map<string, WorkspaceRecord>();
  for (const e of edits) checked.set(e.current.record.key, e.current);
  const keys = [...checked.keys()];
  for (let i = 0; i < keys.length; i += VERIFY_BATCH) {
    const batch = keys.slice(i, i + VERIFY_BATCH);
    const now = await store.loadRecordsByKeys(gstin, batch);
    if (now.length !== batch.length) return false;
    for (const w of now) {
      const was = checked.get(w.record.key);
      if (was === undefined || !sameRecord(was, w)) return false;
    }
  }
  return true;
}

function sameRecord(a: WorkspaceRecord, b: WorkspaceRecord): boolean {
  return (
    recordVersion(a.record) === recordVersion(b.record) &&
    JSON.stringify(a.state) === JSON.stringify(b.state)
  );
}
