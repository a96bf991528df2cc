// Why a row of an edited workbook was not applied, from the workbook's side (the engine's own
// refusals carry their issue codes; a declaration cell its ITC_REDUCTION_INPUT_CODES code):
// one table, the codes stable (UPPER_SNAKE). The Excel import (app/check-excel-rows.ts,
// io/excel-layout.ts) is typed by it.
export const EXCEL_ROW_CODES = {
  WRONG_SHEET: "The row is a record of another section than its sheet's (moved or pasted there).",
  NO_KEY: 'The row has no record key (its hidden key column is empty).',
  BAD_KEY: "The row's record key cannot be read.",
  OTHER_GSTIN: "The row belongs to another GSTIN than the workspace's.",
  UNKNOWN_RECORD: "The workspace holds no record with the row's key.",
  EXCEL_KEY_MISMATCH:
    "The row's visible document details differ from the record its key names (rows were sorted or pasted over).",
  READ_ONLY_EDITED: 'A read-only portal column was edited; the edit was ignored.',
  RECORD_CHANGED_ON_PORTAL:
    'The record changed on the portal (a newer download) after the workbook was made; not applied.',
  ACTION_EMPTY: 'The Action cell is empty.',
  INVALID_ACTION: 'The Action cell holds no action (Accept, Reject, Pending or No Action).',
} as const;

export type ExcelRowCode = keyof typeof EXCEL_ROW_CODES;

/** What an Excel row code means, in words. */
export const describeExcelRowCode = (code: ExcelRowCode): string => EXCEL_ROW_CODES[code];
