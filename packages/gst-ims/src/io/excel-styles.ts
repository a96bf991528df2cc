// The workbook's look: shared cell styles (exceljs caches them by identity), the drop-down and
// amount validations written as row ranges, and the sheet protection.
import type ExcelJS from 'exceljs';
import { MONEY_NUMFMT } from '../core/index.js';
import { ACTION_LIST, ACTION_LIST_NO_PENDING, ITC_REDUCTION_LIST } from './excel-layout.js';

// ---------------------------------------------------------------------------------------------
// Styles: one object per look, shared by every cell that has it.

const GREY = 'FFEDEDED';
const DARK_GREY = 'FFD0D0D0';
const YELLOW = 'FFFFF2CC';
const HEADER = 'FFD9E1F2';
const RED_FILL = 'FFFFC7CE';
const RED_FONT = 'FF9C0006';
// Lakh grouping on an Indian machine (core/money.ts says why this code).
const MONEY_FMT = MONEY_NUMFMT;
const DATE_FMT = 'dd-mm-yyyy';

const solid = (argb: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb },
});
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };

export const S = {
  header: {
    font: { bold: true },
    fill: solid(HEADER),
    alignment: { vertical: 'middle', wrapText: true },
    border: { bottom: thin },
    protection: { locked: true },
  },
  headerEdit: {
    font: { bold: true },
    fill: solid(YELLOW),
    alignment: { vertical: 'middle', wrapText: true },
    border: { bottom: thin },
    protection: { locked: true },
  },
  roText: { fill: solid(GREY), protection: { locked: true } },
  roMoney: { fill: solid(GREY), numFmt: MONEY_FMT, protection: { locked: true } },
  roDate: { fill: solid(GREY), numFmt: DATE_FMT, protection: { locked: true } },
  match: { fill: solid('FFE2EFDA'), protection: { locked: true } },
  editText: { fill: solid(YELLOW), protection: { locked: false } },
  editMoney: { fill: solid(YELLOW), numFmt: MONEY_FMT, protection: { locked: false } },
  blocked: {
    fill: solid(DARK_GREY),
    font: { italic: true, color: { argb: 'FF7F7F7F' } },
    protection: { locked: true },
  },
  error: {
    fill: solid(RED_FILL),
    font: { color: { argb: RED_FONT }, bold: true },
    protection: { locked: true },
  },
  noError: { protection: { locked: true } },
  key: { font: { color: { argb: 'FF7F7F7F' } }, protection: { locked: true } },
  homeTitle: { font: { bold: true, size: 14 } },
  homeLabel: { font: { bold: true } },
  homeText: { alignment: { wrapText: true, vertical: 'top' } },
} satisfies Record<string, Partial<ExcelJS.Style>>;

export type StyleName = keyof typeof S;

// ---------------------------------------------------------------------------------------------
// Data validations, collected as row runs per column and written as ranges.

export type ValidationName = 'action' | 'actionNoPending' | 'remarks' | 'itcReduction' | 'amount';

const listFormula = (items: readonly string[]): string => `"${items.join(',')}"`;

const VALIDATIONS: Readonly<Record<ValidationName, ExcelJS.DataValidation>> = {
  action: {
    type: 'list',
    allowBlank: false,
    formulae: [listFormula(ACTION_LIST)],
    showErrorMessage: true,
    errorTitle: 'Action',
    error: `Choose one of: ${ACTION_LIST.join(', ')}`,
  },
  actionNoPending: {
    type: 'list',
    allowBlank: false,
    formulae: [listFormula(ACTION_LIST_NO_PENDING)],
    showErrorMessage: true,
    showInputMessage: true,
    promptTitle: 'Pending is blocked',
    prompt: 'The portal does not allow Pending for this record.',
    errorTitle: 'Action',
    error: `Pending is blocked for this record. Choose one of: ${ACTION_LIST_NO_PENDING.join(', ')}`,
  },
  remarks: {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    allowBlank: true,
    formulae: [250],
    showErrorMessage: true,
    errorTitle: 'Remarks',
    error: 'The portal takes at most 250 characters, on one line.',
  },
  itcReduction: {
    type: 'list',
    allowBlank: true,
    formulae: [listFormula(ITC_REDUCTION_LIST)],
    showErrorMessage: true,
    showInputMessage: true,
    promptTitle: 'ITC reduction (with Accept only)',
    prompt:
      'Full: reduce all ITC. Partial: the amounts to the right (CGST = SGST), with a remark. None: ITC never availed, with a remark.',
    errorTitle: 'ITC reduction',
    error: `Choose one of: ${ITC_REDUCTION_LIST.join(', ')}, or leave it empty.`,
  },
  amount: {
    type: 'decimal',
    operator: 'greaterThanOrEqual',
    allowBlank: true,
    formulae: [0],
    showErrorMessage: true,
    errorTitle: 'Amount',
    error: 'An amount in rupees, 0 or more, at most the document tax in that head.',
  },
};

export class ValidationRuns {
  readonly #open = new Map<number, { name: ValidationName; from: number; to: number }>();
  constructor(readonly sheet: ExcelJS.Worksheet) {}

  set(col: number, row: number, name: ValidationName | null): void {
    const run = this.#open.get(col);
    if (run && run.name === name && run.to === row - 1) {
      run.to = row;
      return;
    }
    if (run) this.#flush(col, run);
    if (name === null) this.#open.delete(col);
    else this.#open.set(col, { name, from: row, to: row });
  }

  finish(): void {
    for (const [col, run] of this.#open) this.#flush(col, run);
    this.#open.clear();
  }

  #flush(col: number, run: { name: ValidationName; from: number; to: number }): void {
    const letter = columnLetter(col);
    const ref =
      run.from === run.to ? `${letter}${run.from}` : `${letter}${run.from}:${letter}${run.to}`;
    // Typed on cells only; the streaming worksheet has the collection too, keyed by range.
    (
      this.sheet as unknown as {
        dataValidations: { add(ref: string, v: ExcelJS.DataValidation): void };
      }
    ).dataValidations.add(ref, VALIDATIONS[run.name]);
  }
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Sheet protection. exceljs' streaming writer puts <sheetProtection> after <dataValidations>,
// which breaks the schema order Excel enforces (it offers to "repair" the file). So the element
// is written here, right after <sheetData>, where the schema wants it. No password: the lock
// only guards against accidental edits; filtering, sorting and column widths stay allowed.

const SHEET_PROTECTION =
  '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" sort="0" autoFilter="0"/>';

export function protect(ws: ExcelJS.Worksheet): void {
  const w = ws as unknown as { _writeAutoFilter?: () => void; _write?: (text: string) => void };
  const original = w._writeAutoFilter;
  const write = w._write;
  if (typeof original !== 'function' || typeof write !== 'function') {
    // A future exceljs without these internals: fall back to its own (out-of-order) element.
    void ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      autoFilter: true,
      sort: true,
      formatColumns: true,
      formatRows: true,
    });
    return;
  }
  w._writeAutoFilter = () => {
    write.call(ws, SHEET_PROTECTION);
    original.call(ws);
  };
}
