import { basename, resolve } from 'node:path';
import type { Decision, Issue, WorkspaceRecord } from '../core/index.js';
import { UsageError, declarationSummary, decisionEquals, normaliseGstin, validateDecision } from '../core/index.js';
import type { ColumnId, ReadRow, ReadSheet, ReadWorkbook, XlsxLimits } from '../io/index.js';
import {
  columnLetter,
  columnOfField,
  decisionHash,
  decodeRowKey,
  describeDecision,
  parseEditableCells,
  portalCell,
  readImsWorkbook,
  recordVersion,
  sameCell,
  sheetColumns,
  showCell,
  cellText,
} from '../io/index.js';
import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import type { DecisionChange } from './decide.js';
import { booksPresence, planDecisions, writeDecisions } from './decide.js';
import { resolveGstin } from './resolve-gstin.js';

export interface ImportExcelOptions {
  readonly files: readonly string[];
  /** The workspace GSTIN; default: the workbooks' (Home sheet), else the only one. */
  readonly gstin?: string | undefined;
  readonly dryRun?: boolean | undefined;
  /**
   * How to settle a record decided differently in two workbooks (or in a workbook and, since
   * its export, in the workspace): `newest` (later export time) or a file that wins.
   */
  readonly prefer?: string | undefined;
  /** Limits on rows, cells and uncompressed XML per workbook (default: environment, else built in). */
  readonly limits?: Partial<XlsxLimits> | undefined;
}

/** Why a row (or one of its cells) was not applied, or what was ignored. */
export type FindingKind =
  | 'refused' // the engine's rules refuse the decision
  | 'invalidCell' // an editable cell holds something that is not a value of its column
  | 'readOnlyEdited' // a locked portal cell differs from the portal's value: ignored
  | 'unknownKey' // the key names no record of the workspace
  | 'otherGstin' // the key belongs to another recipient GSTIN
  | 'noKey' // a row with content but no (readable) key
  | 'misplaced' // a row on the sheet of another section
  | 'keyMismatch' // the hidden key names another record than the row shows
  | 'stale' // the record changed on the portal since the workbook was made
  | 'warning'; // a warning from the engine (applied)

/** Kinds that leave a row's decision unapplied. */
export const BLOCKING_FINDINGS: readonly FindingKind[] = [
  'refused',
  'invalidCell',
  'unknownKey',
  'otherGstin',
  'noKey',
  'misplaced',
  'keyMismatch',
  'stale',
];

/** The cells that say which record a row is; the hidden key must name the same record. */
const IDENTITY_COLUMNS: readonly ColumnId[] = ['supplierGstin', 'docNumber', 'docDate'];

export interface ExcelFinding {
  readonly kind: FindingKind;
  readonly file: string;
  readonly sheet: string;
  readonly row: number;
  /** The column's header, when the finding is about one cell. */
  readonly column: string | null;
  /** `B2B!Q12`, or `B2B!12` for a whole row. */
  readonly cell: string;
  readonly recordKey: string | null;
  readonly code: string;
  readonly message: string;
}

export interface ExcelConflictValue {
  readonly file: string;
  readonly cell: string;
  readonly decision: string;
}

export interface ExcelConflict {
  readonly recordKey: string;
  /** `workbooks`: two files disagree; `workspace`: the workspace was decided differently after the workbook's export. */
  readonly between: 'workbooks' | 'workspace';
  readonly values: ExcelConflictValue[];
  /** `unresolved` leaves the record as it is. */
  readonly resolution: 'unresolved' | 'newest' | 'prefer';
  /** The file whose value was applied, `workspace` when the workspace's own later decision stays. */
  readonly winner: string | null;
}

export interface ExcelChange {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly cell: string;
}

export interface ExcelFileSummary {
  readonly file: string;
  readonly name: string;
  readonly gstin: string | null;
  readonly exportedAt: string | null;
  /** The time `--prefer newest` compares: the Home sheet's export time, else the file's mtime. */
  readonly time: string;
  readonly timeSource: 'exportedAt' | 'mtime';
  readonly rows: number;
  /** Rows whose editable cells differ from what the workbook was exported with. */
  readonly edited: number;
  readonly applied: number;
}

export interface ImportExcelResult {
  readonly gstin: string;
  readonly dryRun: boolean;
  readonly files: ExcelFileSummary[];
  readonly rows: number;
  readonly edited: number;
  /** Edited rows whose decision the workspace already holds. */
  readonly unchanged: number;
  readonly changes: ExcelChange[];
  /** True when changes were written (not on a dry run, not when there were none). */
  readonly applied: boolean;
  readonly findings: ExcelFinding[];
  readonly conflicts: ExcelConflict[];
  /** Edited rows left unapplied: refused, invalid, stale, unknown, conflicting. */
  readonly notApplied: number;
  /** Accepts whose ITC-reduction column was left empty: the default (full) was set, and said here. */
  readonly declarationNotes: string[];
}

interface Edit {
  readonly wb: number;
  readonly sheet: ReadSheet;
  readonly row: ReadRow;
  readonly current: WorkspaceRecord;
  readonly decision: Decision;
  /** The decision hash the workbook was exported with. */
  readonly exported: string;
}

interface Workbook {
  readonly read: ReadWorkbook;
  readonly time: number;
  readonly timeSource: 'exportedAt' | 'mtime';
}

/** Progress phases (AppContext.progress) after `reading <file>`: rows checked, decisions written. */
const CHECKING = 'checking the rows';
const APPLYING = 'applying decisions';
const PROGRESS_EVERY = 5000;

/**
 * Reads the editable columns of one or more workbooks and applies the decisions the user
 * changed, through the engine's rules, in one transaction audited as `excel:<file name>`.
 * Rows that break a rule, are stale, unknown or in conflict are reported and left out; the
 * rest are applied.
 */
export async function importExcel(
  ctx: AppContext,
  opts: ImportExcelOptions,
): Promise<ImportExcelResult> {
  if (opts.files.length === 0) throw new UsageError('import excel: name at least one workbook');
  const { progress } = ctx;
  // Read and check every file before touching the workspace.
  const books: Workbook[] = [];
  const seen = new Set<string>();
  for (const f of opts.files) {
    const abs = resolve(f);
    if (seen.has(abs)) throw new UsageError(`import excel: ${f} is named twice`);
    seen.add(abs);
    const phase = `reading ${basename(f)}`;
    const read = await readImsWorkbook(f, {
      onProgress: progress && ((done, total) => progress(phase, done, total)),
      limits: opts.limits,
    });
    const exported = read.home?.exportedAt ? Date.parse(read.home.exportedAt) : Number.NaN;
    books.push(
      Number.isNaN(exported)
        ? { read, time: read.mtime.getTime(), timeSource: 'mtime' }
        : { read, time: exported, timeSource: 'exportedAt' },
    );
  }
  const preferFile = preferredFile(opts.prefer, books);
  const gstin = await targetGstin(ctx, opts.gstin, books);

  return ctx.store.transaction(async (tx) => {
    const records = new Map((await tx.loadRecords(gstin)).map((w) => [w.record.key, w]));
    const findings: ExcelFinding[] = [];
    const edits: Edit[] = [];
    const perFile = books.map(() => ({ rows: 0, edited: 0, applied: 0 }));
    let unchanged = 0;
    const totalRows = books.reduce(
      (n, b) => n + b.read.sheets.reduce((m, sheet) => m + sheet.rows.length, 0),
      0,
    );
    let checked = 0;
    progress?.(CHECKING, 0, totalRows);

    books.forEach((b, wb) => {
      for (const sheet of b.read.sheets) {
        const expectedCols = sheetColumns(sheet.section, true);
        const specOf = new Map(expectedCols.map((c) => [c.id, c]));
        const portalColumns = [...sheet.columns.keys()].flatMap((id) => {
          const spec = specOf.get(id);
          return spec?.role === 'portal' ? [spec] : [];
        });
        const hasItc = sheet.columns.has('itcReduction');
        for (const row of sheet.rows) {
          (perFile[wb] as { rows: number }).rows++;
          if (++checked % PROGRESS_EVERY === 0 && checked < totalRows)
            progress?.(CHECKING, checked, totalRows);
          const at = (id: ColumnId | null): { column: string | null; cell: string } => {
            const n = id === null ? undefined : sheet.columns.get(id);
            return n === undefined || id === null
              ? { column: null, cell: `${sheet.name}!${row.row}` }
              : {
                  column: specOf.get(id)?.header ?? id,
                  cell: `${sheet.name}!${columnLetter(n)}${row.row}`,
                };
          };
          const find = (
            kind: FindingKind,
            id: ColumnId | null,
            recordKey: string | null,
            code: string,
            message: string,
          ): void => {
            findings.push({
              kind,
              file: b.read.name,
              sheet: sheet.name,
              row: row.row,
              ...at(id),
              recordKey,
              code,
              message,
            });
          };
          const keyText = cellText(row.cells.get('key') ?? null);
          const key = keyText === null ? null : decodeRowKey(keyText);
          if (key === null) {
            find(
              'noKey',
              'key',
              null,
              keyText === null ? 'NO_KEY' : 'BAD_KEY',
              keyText === null
                ? 'the row has no key (a row added or pasted by hand?); only exported rows can be imported'
                : 'the hidden Key cell was changed and no longer names a record',
            );
            continue;
          }
          if (key.gstin !== gstin) {
            find(
              'otherGstin',
              'key',
              key.recordKey,
              'OTHER_GSTIN',
              `the row belongs to GSTIN ${key.gstin}, not ${gstin}; import it into that GSTIN's workspace (--gstin ${key.gstin})`,
            );
            continue;
          }
          const current = records.get(key.recordKey);
          if (!current) {
            find(
              'unknownKey',
              'key',
              key.recordKey,
              'UNKNOWN_RECORD',
              `no record ${key.recordKey} in the workspace for ${gstin}`,
            );
            continue;
          }
          // A row whose visible identity is not the record its key names (keys swapped, pasted
          // or sorted apart from their rows) would change a record the person never saw. The
          // portal may have re-dated a record since the export: that is a stale row, not a
          // mismatch, so a stale row is held to the number and supplier its key carries.
          const stale = recordVersion(current.record) !== key.version;
          const mismatched = (stale ? IDENTITY_COLUMNS.slice(0, 2) : IDENTITY_COLUMNS).filter(
            (id) => !sameCell(portalCell(id, current.record), row.cells.get(id) ?? null),
          );
          if (mismatched.length > 0) {
            const shown = mismatched
              .map(
                (id) =>
                  `${specOf.get(id)?.header ?? id} ${showCell(row.cells.get(id) ?? null, specOf.get(id)?.kind)}`,
              )
              .join(', ');
            const named = mismatched
              .map((id) => showCell(portalCell(id, current.record), specOf.get(id)?.kind))
              .join(', ');
            find(
              'keyMismatch',
              'key',
              key.recordKey,
              'EXCEL_KEY_MISMATCH',
              `the row shows ${shown}, but its hidden Key names ${key.recordKey} (${named}); not applied: the Key cell was moved, pasted or sorted apart from its row (export a fresh workbook)`,
            );
            continue;
          }
          if (current.record.section !== sheet.section) {
            find(
              'misplaced',
              null,
              key.recordKey,
              'WRONG_SHEET',
              `the row is a ${current.record.section} record on sheet ${sheet.name}; move it back to its own sheet`,
            );
            continue;
          }
          if (!stale) {
            for (const spec of portalColumns) {
              const actual = row.cells.get(spec.id) ?? null;
              const want = portalCell(spec.id, current.record);
              if (!sameCell(want, actual) || row.formulas.includes(spec.id)) {
                const found = row.formulas.includes(spec.id)
                  ? `a formula (${showCell(actual, spec.kind)})`
                  : showCell(actual, spec.kind);
                find(
                  'readOnlyEdited',
                  spec.id,
                  key.recordKey,
                  'READ_ONLY_EDITED',
                  `${spec.header} is read-only: found ${found}, the portal says ${showCell(want)}; ignored`,
                );
              }
            }
          }
          const parsed = parseEditableCells((id) => row.cells.get(id) ?? null, hasItc);
          if (!parsed.ok) {
            find('invalidCell', parsed.column, key.recordKey, parsed.code, parsed.message);
            continue;
          }
          if (decisionHash(parsed.decision) === key.decisionHash) continue; // untouched
          (perFile[wb] as { edited: number }).edited++;
          if (stale) {
            if (decisionEquals(parsed.decision, current.state.decision)) {
              unchanged++;
              continue;
            }
            find(
              'stale',
              'key',
              key.recordKey,
              'RECORD_CHANGED_ON_PORTAL',
              `the record changed on the portal after this workbook was made (a newer IMS download was imported); not applied: export a fresh workbook and decide again`,
            );
            continue;
          }
          edits.push({
            wb,
            sheet,
            row,
            current,
            decision: parsed.decision,
            exported: key.decisionHash,
          });
        }
      }
    });

    if (totalRows > 0) progress?.(CHECKING, totalRows, totalRows);

    // One winner per record: merge the workbooks, then weigh the workspace's own later decisions.
    const conflicts: ExcelConflict[] = [];
    const winners: Edit[] = [];
    const cellOf = (e: Edit): string =>
      `${e.sheet.name}!${columnLetter(e.sheet.columns.get('action') ?? 1)}${e.row.row}`;
    const valueOf = (e: Edit): ExcelConflictValue => ({
      file: books[e.wb]?.read.name ?? '',
      cell: cellOf(e),
      decision: describeDecision(e.decision),
    });
    const byKey = new Map<string, Edit[]>();
    for (const e of edits) {
      const list = byKey.get(e.current.record.key);
      if (list) list.push(e);
      else byKey.set(e.current.record.key, [e]);
    }
    const workspaceChecks: Edit[] = [];
    for (const [key, list] of byKey) {
      const first = list[0] as Edit;
      const distinct = list.filter(
        (e, i) => list.findIndex((x) => decisionEquals(x.decision, e.decision)) === i,
      );
      let winner: Edit | null = first;
      if (distinct.length > 1) {
        let resolution: ExcelConflict['resolution'] = 'unresolved';
        winner = null;
        if (preferFile !== null) {
          const mine = list.filter((e) => e.wb === preferFile);
          if (
            mine.length > 0 &&
            mine.every((e) => decisionEquals(e.decision, (mine[0] as Edit).decision))
          ) {
            winner = mine[0] as Edit;
            resolution = 'prefer';
          }
        } else if (opts.prefer === 'newest') {
          const latest = Math.max(...list.map((e) => books[e.wb]?.time ?? 0));
          const top = list.filter((e) => (books[e.wb]?.time ?? 0) === latest);
          if (top.every((e) => decisionEquals(e.decision, (top[0] as Edit).decision))) {
            winner = top[0] as Edit;
            resolution = 'newest';
          }
        }
        conflicts.push({
          recordKey: key,
          between: 'workbooks',
          values: list.map(valueOf),
          resolution,
          winner: winner ? (books[winner.wb]?.read.name ?? null) : null,
        });
        if (!winner) continue;
      }
      if (decisionEquals(winner.decision, winner.current.state.decision)) {
        unchanged++;
        continue;
      }
      // The workspace moved away from what this workbook showed: someone decided since the export.
      if (decisionHash(winner.current.state.decision) !== winner.exported)
        workspaceChecks.push(winner);
      else winners.push(winner);
    }
    if (workspaceChecks.length > 0) {
      const lastDecided = new Map<string, string>();
      if (opts.prefer === 'newest') {
        for (const a of await tx.auditFor(
          gstin,
          workspaceChecks.map((e) => e.current.record.key),
        )) {
          const prev = lastDecided.get(a.recordKey);
          if (prev === undefined || a.at > prev) lastDecided.set(a.recordKey, a.at);
        }
      }
      for (const e of workspaceChecks) {
        const key = e.current.record.key;
        const values = [
          valueOf(e),
          {
            file: 'workspace',
            cell: '',
            decision: `${describeDecision(e.current.state.decision)} (decided after this workbook was exported)`,
          },
        ];
        if (preferFile !== null && e.wb === preferFile) {
          conflicts.push({
            recordKey: key,
            between: 'workspace',
            values,
            resolution: 'prefer',
            winner: books[e.wb]?.read.name ?? null,
          });
          winners.push(e);
        } else if (opts.prefer === 'newest') {
          const decidedAt = Date.parse(lastDecided.get(key) ?? '');
          const bookWins = Number.isNaN(decidedAt) || (books[e.wb]?.time ?? 0) > decidedAt;
          conflicts.push({
            recordKey: key,
            between: 'workspace',
            values,
            resolution: 'newest',
            winner: bookWins ? (books[e.wb]?.read.name ?? null) : 'workspace',
          });
          if (bookWins) winners.push(e);
        } else {
          conflicts.push({
            recordKey: key,
            between: 'workspace',
            values,
            resolution: 'unresolved',
            winner: null,
          });
        }
      }
    }

    // The engine decides what may be applied.
    const plan = planDecisions(winners.map((e) => ({ current: e.current, decision: e.decision })), { today: todayOf(ctx), inBooks: await booksPresence(tx, gstin) });
    unchanged += plan.unchanged;
    const edit = new Map(winners.map((e) => [e.current.record.key, e]));
    const report = (e: Edit, kind: FindingKind, i: Issue): void => {
      const n = e.sheet.columns.get(columnOfField(i.field)) ?? e.sheet.columns.get('action');
      const column =
        sheetColumns(e.sheet.section, true).find((c) => c.id === columnOfField(i.field))?.header ??
        null;
      const prefix = `${e.current.record.key}: `;
      findings.push({
        kind,
        file: books[e.wb]?.read.name ?? '',
        sheet: e.sheet.name,
        row: e.row.row,
        column: n === undefined ? null : column,
        cell:
          n === undefined
            ? `${e.sheet.name}!${e.row.row}`
            : `${e.sheet.name}!${columnLetter(n)}${e.row.row}`,
        recordKey: e.current.record.key,
        code: i.code,
        message: i.message.startsWith(prefix) ? i.message.slice(prefix.length) : i.message,
      });
    };
    const refusedKeys = new Set(plan.refused.map((r) => r.recordKey));
    for (const key of refusedKeys) {
      const e = edit.get(key);
      if (!e) continue;
      const issues = validateDecision(e.current.record, e.decision, {
        gone: e.current.state.gone,
      }).filter((i) => i.severity === 'error');
      for (const i of issues) report(e, 'refused', i);
    }
    for (const w of plan.warnings) {
      const e = w.recordKey === null ? undefined : edit.get(w.recordKey);
      if (e) report(e, 'warning', w);
    }

    const changes: ExcelChange[] = plan.changes.map((c) => {
      const e = edit.get(c.key) as Edit;
      return {
        key: c.key,
        from: describeDecision(c.from),
        to: describeDecision(c.to),
        file: books[e.wb]?.read.name ?? '',
        cell: cellOf(e),
      };
    });
    const dryRun = opts.dryRun === true;
    const applied = !dryRun && plan.changes.length > 0;
    if (applied) {
      // One audit source per workbook, all inside this one transaction.
      const byFile = new Map<number, (DecisionChange & { row: WorkspaceRecord })[]>();
      for (const c of plan.changes) {
        const wb = (edit.get(c.key) as Edit).wb;
        const list = byFile.get(wb);
        if (list) list.push(c);
        else byFile.set(wb, [c]);
      }
      let written = 0;
      progress?.(APPLYING, 0, plan.changes.length);
      for (const [wb, list] of byFile) {
        const name = books[wb]?.read.name ?? '';
        await writeDecisions(ctx, tx, gstin, list, `excel:${name}`);
        written += list.length;
        progress?.(APPLYING, written, plan.changes.length);
        await tx.logImport({
          gstin,
          kind: 'excel',
          file: name,
          at: ctx.now(),
          user: ctx.user,
          summary: { applied: list.length },
        });
      }
    }
    for (const c of plan.changes)
      (perFile[(edit.get(c.key) as Edit).wb] as { applied: number }).applied++;

    const blocking = findings.filter((f) => BLOCKING_FINDINGS.includes(f.kind));
    const notApplied =
      new Set(blocking.map((f) => `${f.file}|${f.sheet}|${f.row}`)).size +
      conflicts.filter((c) => c.resolution === 'unresolved').length;

    return {
      gstin,
      dryRun,
      files: books.map((b, i) => ({
        file: b.read.file,
        name: b.read.name,
        gstin: b.read.home?.gstin ?? null,
        exportedAt: b.read.home?.exportedAt ?? null,
        time: new Date(b.time).toISOString(),
        timeSource: b.timeSource,
        ...(perFile[i] as { rows: number; edited: number; applied: number }),
      })),
      rows: perFile.reduce((n, f) => n + f.rows, 0),
      edited: perFile.reduce((n, f) => n + f.edited, 0),
      unchanged,
      changes,
      applied,
      findings,
      conflicts,
      notApplied,
      // Each row carries its own declaration: only the defaulted and kept ones need words.
      declarationNotes: declarationSummary({ ...plan.declarations, given: 0, notApplicable: 0 }, null),
    };
  });
}

/** `--prefer FILE`: the index of the named workbook (by path or file name); null for `newest` or none. */
function preferredFile(prefer: string | undefined, books: readonly Workbook[]): number | null {
  if (prefer === undefined || prefer === 'newest') return null;
  const abs = resolve(prefer);
  let i = books.findIndex((b) => resolve(b.read.file) === abs);
  if (i < 0) {
    const byName = books
      .map((b, n) => (b.read.name === basename(prefer) ? n : -1))
      .filter((n) => n >= 0);
    if (byName.length === 1) i = byName[0] as number;
  }
  if (i < 0)
    throw new UsageError(
      `--prefer: expected newest or one of the workbooks being imported (${books.map((b) => b.read.name).join(', ')}), found "${prefer}"`,
    );
  return i;
}

/** The GSTIN to import into: the one given, else the workbooks' own (if the workspace has it), else the only one. */
async function targetGstin(
  ctx: AppContext,
  given: string | undefined,
  books: readonly Workbook[],
): Promise<string> {
  if (given !== undefined) return resolveGstin(ctx.store, given);
  const known = new Set((await ctx.store.listGstins()).map((g) => g.gstin));
  for (const b of books) {
    const g = b.read.home?.gstin ? normaliseGstin(b.read.home.gstin) : null;
    if (g !== null && known.has(g)) return g;
  }
  return resolveGstin(ctx.store, undefined);
}
