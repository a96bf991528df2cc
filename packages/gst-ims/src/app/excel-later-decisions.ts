// A workbook is a view of the workspace at its export. The decision hash on each row tells when
// the workspace holds another decision now (merge-excel-edits.ts); the audit log also tells when
// a record was decided after the export and back again, and by whom. On a multi-user workspace
// (issue 16) a decision another person made after the export is never overwritten by the
// workbook, not even with --prefer: the record is left as it is and listed as a conflict with
// code DECIDED_SINCE_EXPORT.
import { describeDecision } from '../io/index.js';
import type { WorkspaceStore } from '../store/index.js';
import { isMultiUser } from './approvals.js';
import type { ExcelConflict, ExcelEdit, ExcelWorkbook } from './excel-finding.js';
import { conflictValueOf } from './excel-finding.js';
import type { ExcelImportDraft } from './plan-excel-import.js';
import { decidedAfterTime } from './stale-records.js';

type Later = ReadonlyMap<string, { by: string; at: string }>;

/** The draft with the audit log's later decisions weighed (see the file's head). */
export async function weighLaterDecisions(
  tx: WorkspaceStore,
  user: string,
  gstin: string,
  books: readonly ExcelWorkbook[],
  draft: ExcelImportDraft,
): Promise<ExcelImportDraft> {
  const exported = books.filter((b) => b.timeSource === 'exportedAt').map((b) => b.time);
  if (exported.length === 0) return draft;
  const since = new Date(Math.min(...exported)).toISOString();
  const later = await decidedAfterTime(tx, gstin, since);
  if (later.size === 0) return draft;
  return guardLaterDecisions(draft, books, later, {
    multiUser: await isMultiUser(tx),
    user,
  });
}

/** Pure: moves edits of records decided after their workbook's export where they belong. */
export function guardLaterDecisions(
  draft: ExcelImportDraft,
  books: readonly ExcelWorkbook[],
  later: Later,
  who: { readonly multiUser: boolean; readonly user: string },
): ExcelImportDraft {
  const decidedAfter = (e: ExcelEdit): { by: string; at: string } | null => {
    const b = books[e.wb];
    const d = later.get(e.current.record.key);
    if (b === undefined || b.timeSource !== 'exportedAt' || d === undefined) return null;
    return Date.parse(d.at) > b.time ? d : null;
  };
  const { merged } = draft;
  // Decided and back again since the export: the hash cannot tell, the audit log can.
  const winners = merged.winners.filter((e) => decidedAfter(e) === null);
  const decidedSince = [
    ...merged.decidedSince,
    ...merged.winners.filter((e) => decidedAfter(e) !== null),
  ];
  if (!who.multiUser) return { ...draft, merged: { ...merged, winners, decidedSince } };
  const guarded: ExcelConflict[] = [];
  const weighed: ExcelEdit[] = [];
  for (const e of decidedSince) {
    const d = decidedAfter(e);
    if (d === null || d.by === who.user) {
      weighed.push(e);
      continue;
    }
    guarded.push({
      recordKey: e.current.record.key,
      between: 'workspace',
      values: [
        conflictValueOf(books, e),
        {
          file: 'workspace',
          cell: '',
          decision: `${describeDecision(e.current.state.decision)} (decided by ${d.by} at ${d.at}, after this workbook was exported)`,
        },
      ],
      resolution: 'unresolved',
      winner: null,
      code: 'DECIDED_SINCE_EXPORT',
    });
  }
  return {
    ...draft,
    merged: {
      ...merged,
      winners,
      decidedSince: weighed,
      conflicts: [...merged.conflicts, ...guarded],
    },
  };
}
