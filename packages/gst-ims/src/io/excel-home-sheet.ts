// The Home sheet of the workbook: what it holds, for whom, and how to fill it in.
import type ExcelJS from 'exceljs';
import { SECTIONS, SECTION_INFO, isDirty } from '../core/index.js';
import {
  ACTION_LIST,
  HOME_LABELS,
  HOME_SHEET,
  WORKBOOK_FORMAT,
  WORKBOOK_MARKER,
  sectionSheetName,
} from './excel-layout.js';
import type { StyleName } from './excel-styles.js';
import { S, protect } from './excel-styles.js';
import type { Section } from '../core/index.js';
import type {
  SectionSummary,
  WorkbookContent,
  WorkbookRow,
  WorkbookSummary,
} from './excel-write.js';

/** A section's counts, taken from its rows as they are written. */
export function countRow(c: SectionSummary, row: WorkbookRow): void {
  c.records++;
  if (isDirty(row.record, row.decision)) c.toUpload++;
  if (row.error !== null) c.errors++;
}

/**
 * Keeps the first sheet's place (id 1: the first tab, `sheet1.xml`) for the Home sheet, which
 * is written after the section sheets, once their counts are known (decision 0057). Returns what
 * frees the place for it. exceljs hands out the lowest free id (`nextId`); without that
 * internal (a later exceljs) nothing is kept and the Home sheet comes last.
 */
export function keepHomeFirst(wb: ExcelJS.stream.xlsx.WorkbookWriter): () => void {
  const book = wb as unknown as { _worksheets?: unknown[]; nextId?: number };
  const sheets = book._worksheets;
  if (!Array.isArray(sheets) || sheets.length > 1 || book.nextId !== 1) return () => {};
  const place = { placeOfHome: true };
  sheets[1] = place;
  return () => {
    // A hole, as exceljs leaves unused ids: its loops over the sheets skip it.
    if (sheets[1] === place) Reflect.deleteProperty(sheets, 1);
  };
}

/** The section's sheet names: `B2B`, or `B2B, B2B (2)` when its rows need more than one sheet. */
function sheetNames(section: Section, records: number, perSheet: number): string {
  const parts = Math.max(1, Math.ceil(records / Math.max(1, perSheet)));
  return Array.from({ length: parts }, (_, i) => sectionSheetName(section, i + 1)).join(', ');
}

export function writeHome(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  content: WorkbookContent,
  summary: WorkbookSummary,
  perSheet: number,
): void {
  const { home } = content;
  const ws = wb.addWorksheet(HOME_SHEET);
  ws.columns = [{ width: 30 }, { width: 22 }, { width: 12 }, { width: 12 }, { width: 12 }];
  protect(ws);
  const add = (values: ExcelJS.CellValue[], style?: StyleName): void => {
    const r = ws.addRow(values);
    if (style) r.getCell(1).style = S[style];
    r.commit();
  };
  add([WORKBOOK_MARKER], 'homeTitle');
  add([]);
  add([HOME_LABELS.format, WORKBOOK_FORMAT], 'homeLabel');
  add([HOME_LABELS.gstin, home.gstin], 'homeLabel');
  add([HOME_LABELS.exportedAt, home.exportedAt], 'homeLabel');
  add([HOME_LABELS.exportedBy, home.exportedBy], 'homeLabel');
  add([HOME_LABELS.download, home.download], 'homeLabel');
  add([HOME_LABELS.part, home.part], 'homeLabel');
  add([]);
  const head = ws.addRow(['Sheet', 'Section', 'Records', 'To upload', 'With errors']);
  for (let i = 1; i <= 5; i++) head.getCell(i).style = S.header;
  head.commit();
  let total = 0;
  for (const s of SECTIONS) {
    const c = summary[s];
    total += c.records;
    add([
      sheetNames(s, c.records, perSheet),
      SECTION_INFO[s].label,
      c.records,
      c.toUpload,
      c.errors,
    ]);
  }
  add(['Total', '', total]);
  add([]);
  const lines: [string, string][] = [
    ['How to fill it in', ''],
    ['', 'Grey columns come from the portal and are locked. Decide in the yellow columns only.'],
    [
      '',
      `Action: ${ACTION_LIST.join(', ')}. Where the portal blocks Pending, the drop-down leaves it out.`,
    ],
    [
      '',
      'Remarks: needed with Reject or Pending when you want the supplier to see a reason; at most 250 characters, one line. Not with a plain Accept.',
    ],
    [
      '',
      'ITC reduction (credit notes and amendments, with Accept only): Full, Partial (fill the Reduce IGST/CGST/SGST/cess amounts; CGST = SGST; add a remark) or None (ITC never availed; add a remark). Leave it empty otherwise.',
    ],
    ['', 'Dark grey editable cells are blocked by the portal for that record.'],
    [
      '',
      "The Error column shows the portal's error from the last upload, or why a decision breaks a rule. Correct the row and import the workbook again.",
    ],
    [
      '',
      "Filter and sort freely. Do not add, delete or move columns' headers; do not copy rows between workbooks of different GSTINs.",
    ],
    [
      '',
      'When done: gst-ims import excel <this file>  (several files at once merge the work of a team).',
    ],
    ['', ''],
    ['Key and version', ''],
    [
      '',
      'The hidden last column, Key, names the record (recipient GSTIN, section, supplier, number, financial year) and its version: a short hash of the record as the portal described it, and of the decision the row showed, plus the number of the IMS download the workspace held.',
    ],
    [
      '',
      'On import, a row whose record has changed on the portal since this workbook was made (a newer download was imported) is not applied and is reported: export a fresh workbook for it.',
    ],
    [
      '',
      'Rows you did not change are ignored, so decisions made elsewhere since the export are never undone by an untouched row.',
    ],
    ['', 'Read-only cells you changed are reported and ignored.'],
  ];
  for (const [a, b] of lines) {
    const r = ws.addRow([a, b]);
    if (a) r.getCell(1).style = S.homeLabel;
    if (b) ws.mergeCells(r.number, 2, r.number, 5);
    r.getCell(2).style = S.homeText;
    if (b.length > 60) r.height = 15 * Math.ceil(b.length / 60);
    r.commit();
  }
  ws.commit();
}
