// One winner per record among the edits of an Excel import: the workbooks merged (conflicts
// settled by --prefer), then the workspace's own decisions since the export weighed. Pure.
import { decisionEquals } from '../core/index.js';
import { decisionHash, describeDecision } from '../io/index.js';
import type { ExcelConflict, ExcelEdit, ExcelWorkbook } from './excel-finding.js';
import { conflictValueOf } from './excel-finding.js';

/** How conflicts are settled: `--prefer newest`, `--prefer FILE` (its index), or not at all. */
export interface Preference {
  readonly newest: boolean;
  readonly file: number | null;
}

export interface MergedEdits {
  /** Edits to apply. */
  readonly winners: ExcelEdit[];
  /** Winning edits of records decided in the workspace since the workbook's export. */
  readonly decidedSince: ExcelEdit[];
  readonly conflicts: ExcelConflict[];
  /** Winning edits whose decision the workspace already holds. */
  readonly unchanged: number;
}

/** All edits of a record hold the same decision. */
const agree = (list: readonly ExcelEdit[]): boolean =>
  list.every((e) => decisionEquals(e.decision, (list[0] as ExcelEdit).decision));

/** The edit of a record that disagrees across workbooks which --prefer picks, if any. */
function settleWorkbooks(
  books: readonly ExcelWorkbook[],
  list: readonly ExcelEdit[],
  prefer: Preference,
): { winner: ExcelEdit | null; resolution: ExcelConflict['resolution'] } {
  if (prefer.file !== null) {
    const mine = list.filter((e) => e.wb === prefer.file);
    if (mine.length > 0 && agree(mine))
      return { winner: mine[0] as ExcelEdit, resolution: 'prefer' };
  } else if (prefer.newest) {
    const latest = Math.max(...list.map((e) => books[e.wb]?.time ?? 0));
    const top = list.filter((e) => (books[e.wb]?.time ?? 0) === latest);
    if (agree(top)) return { winner: top[0] as ExcelEdit, resolution: 'newest' };
  }
  return { winner: null, resolution: 'unresolved' };
}

/** Edits grouped by record key, in the order the records first appear. */
function byRecord(edits: readonly ExcelEdit[]): Map<string, ExcelEdit[]> {
  const byKey = new Map<string, ExcelEdit[]>();
  for (const e of edits) {
    const list = byKey.get(e.current.record.key);
    if (list) list.push(e);
    else byKey.set(e.current.record.key, [e]);
  }
  return byKey;
}

/** Merges the workbooks' edits: one winner per record, or an unresolved conflict. */
export function mergeExcelEdits(
  books: readonly ExcelWorkbook[],
  edits: readonly ExcelEdit[],
  prefer: Preference,
): MergedEdits {
  const conflicts: ExcelConflict[] = [];
  const winners: ExcelEdit[] = [];
  const decidedSince: ExcelEdit[] = [];
  let unchanged = 0;
  for (const [key, list] of byRecord(edits)) {
    const distinct = list.filter(
      (e, i) => list.findIndex((x) => decisionEquals(x.decision, e.decision)) === i,
    );
    let winner: ExcelEdit | null = list[0] as ExcelEdit;
    if (distinct.length > 1) {
      const settled = settleWorkbooks(books, list, prefer);
      winner = settled.winner;
      conflicts.push({
        recordKey: key,
        between: 'workbooks',
        values: list.map((e) => conflictValueOf(books, e)),
        resolution: settled.resolution,
        winner: winner ? (books[winner.wb]?.read.name ?? null) : null,
      });
      if (!winner) continue;
    }
    if (decisionEquals(winner.decision, winner.current.state.decision)) {
      unchanged++;
      continue;
    }
    // The workspace moved away from what this workbook showed: someone decided since the export.
    if (decisionHash(winner.current.state.decision) !== winner.exported) decidedSince.push(winner);
    else winners.push(winner);
  }
  return { winners, decidedSince, conflicts, unchanged };
}

/**
 * Weighs each edit of a record decided in the workspace since the export: `--prefer FILE` lets
 * that file win, `--prefer newest` the later of export time and the workspace's last decision
 * (`lastDecided`: record key -> ISO time), otherwise it stays unresolved.
 */
export function settleDecidedSince(
  books: readonly ExcelWorkbook[],
  decidedSince: readonly ExcelEdit[],
  prefer: Preference,
  lastDecided: ReadonlyMap<string, string>,
): { winners: ExcelEdit[]; conflicts: ExcelConflict[] } {
  const winners: ExcelEdit[] = [];
  const conflicts: ExcelConflict[] = [];
  for (const e of decidedSince) {
    const recordKey = e.current.record.key;
    const values = [
      conflictValueOf(books, e),
      {
        file: 'workspace',
        cell: '',
        decision: `${describeDecision(e.current.state.decision)} (decided after this workbook was exported)`,
      },
    ];
    const file = books[e.wb]?.read.name ?? null;
    if (prefer.file !== null && e.wb === prefer.file) {
      conflicts.push({
        recordKey,
        between: 'workspace',
        values,
        resolution: 'prefer',
        winner: file,
      });
      winners.push(e);
    } else if (prefer.newest) {
      const decidedAt = Date.parse(lastDecided.get(recordKey) ?? '');
      const bookWins = Number.isNaN(decidedAt) || (books[e.wb]?.time ?? 0) > decidedAt;
      conflicts.push({
        recordKey,
        between: 'workspace',
        values,
        resolution: 'newest',
        winner: bookWins ? file : 'workspace',
      });
      if (bookWins) winners.push(e);
    } else {
      conflicts.push({
        recordKey,
        between: 'workspace',
        values,
        resolution: 'unresolved',
        winner: null,
      });
    }
  }
  return { winners, conflicts };
}
