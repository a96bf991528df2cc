// Reads a gst-ims IMS workbook back with exceljs' streaming reader (rows are visited, not held
// as exceljs cells), after checking the file is a complete .xlsx: a truncated file or another
// format gets a BadInputError that names the file and what was expected.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type ExcelJS from 'exceljs';
import type { Section } from '../core/index.js';
import { BadInputError, SECTIONS, SECTION_INFO } from '../core/index.js';
import type { ColumnId, RawCell } from './excel-layout.js';
import { HOME_LABELS, HOME_SHEET, SHEET_SECTION, WORKBOOK_MARKER, cellText, decodeRowKey, sheetColumns, unwrapCell } from './excel-layout.js';

export interface ReadRow {
  /** 1-based row number in the sheet. */
  readonly row: number;
  readonly cells: ReadonlyMap<ColumnId, RawCell>;
  /** Columns whose cell holds a formula (only its cached result is read). */
  readonly formulas: readonly ColumnId[];
}

export interface ReadSheet {
  readonly name: string;
  readonly section: Section;
  /** Column id -> 1-based column number, from the header row. */
  readonly columns: ReadonlyMap<ColumnId, number>;
  readonly rows: readonly ReadRow[];
}

export interface ReadHome {
  readonly format: string | null;
  readonly gstin: string | null;
  readonly exportedAt: string | null;
  readonly part: string | null;
}

export interface ReadWorkbook {
  readonly file: string;
  readonly name: string;
  readonly mtime: Date;
  readonly home: ReadHome | null;
  readonly sheets: readonly ReadSheet[];
  /** Sheets that are neither Home nor a section sheet with a Key column. */
  readonly otherSheets: readonly string[];
}

const EXPECTED = 'an .xlsx workbook written by `gst-ims export excel` (a Home sheet and the sheets B2B, B2BA, B2B-DN, B2B-DNA, B2B-CN, B2B-CNA, ECO, ECOA with a Key column)';
const MAX_BYTES = 1024 * 1024 * 1024;

/** Headers of every possible column -> id (all sections, with match columns), compared loosely. */
const HEADER_IDS: ReadonlyMap<string, ColumnId> = (() => {
  const m = new Map<string, ColumnId>();
  for (const s of SECTIONS) for (const c of sheetColumns(s, true)) m.set(normHeader(c.header), c.id);
  return m;
})();

function normHeader(h: string): string {
  return h.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Checks the ZIP container: local header at the start, an end-of-central-directory record whose
 * central directory lies inside the file, and the entries an .xlsx must have.
 */
async function checkXlsxContainer(file: string, name: string): Promise<number> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new BadInputError(`${file}: not a file; expected ${EXPECTED}`, { file, expected: EXPECTED });
    size = s.size;
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  const bad = (why: string): BadInputError => new BadInputError(`${name}: ${why}; expected ${EXPECTED}`, { file, expected: EXPECTED });
  if (size === 0) throw bad('the file is empty');
  if (size > MAX_BYTES) throw bad(`the file is ${Math.round(size / 1048576)} MB, over the 1024 MB limit`);
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (head.readUInt32LE(0) !== 0x04034b50) {
      const text = head.toString('latin1');
      const hint = text.startsWith('{') || text.startsWith('[') ? ' (it looks like JSON)' : /^\xd0\xcf\x11\xe0/.test(text) ? ' (it looks like an old .xls or an encrypted workbook; save it as .xlsx without a password)' : '';
      throw bad(`not an .xlsx file${hint}`);
    }
    const tailLength = Math.min(size, 65557);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw bad('the file is truncated or damaged (the ZIP directory at its end is missing)');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const eocdAbs = size - tailLength + eocd;
    if (cdOffset + cdSize > eocdAbs) throw bad('the file is truncated or damaged (the ZIP directory points past the data)');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const names = new Set<string>();
    for (let p = 0, n = 0; n < entries && p + 46 <= cd.length; n++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw bad('the file is damaged (bad ZIP directory entry)');
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      names.add(cd.toString('utf8', p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extraLen + commentLen;
    }
    if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
      throw bad(names.has('word/document.xml') ? 'this is a Word document, not a workbook' : 'this ZIP file is not an Excel workbook');
    }
    return size;
  } finally {
    await fh.close();
  }
}

/** Reads every sheet; BadInputError when the file is not (a complete) gst-ims workbook. */
export async function readImsWorkbook(file: string): Promise<ReadWorkbook> {
  const name = basename(file);
  await checkXlsxContainer(file, name);
  const mtime = (await stat(file)).mtime;
  const sheets: ReadSheet[] = [];
  const otherSheets: string[] = [];
  let home: ReadHome | null = null;
  let homeSeen = false;
  try {
    const { default: Excel } = await import('exceljs');
    const reader = new Excel.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
    for await (const ws of reader) {
      const sheetName = (ws as unknown as { name?: string }).name ?? '';
      if (sheetName === HOME_SHEET) {
        homeSeen = true;
        home = await readHome(ws);
        continue;
      }
      const sheet = await readSectionSheet(ws, sheetName);
      if (sheet) sheets.push(sheet);
      else otherSheets.push(sheetName);
    }
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new BadInputError(`${name}: cannot read the workbook (${(e as Error).message}); is the file complete? Expected ${EXPECTED}`, { file, expected: EXPECTED });
  }
  if (sheets.length === 0) {
    const why = homeSeen && home?.format !== null ? 'it has the Home sheet but no section sheet with a Key column' : `its sheets (${otherSheets.map((s) => JSON.stringify(s)).join(', ') || 'none'}) are not gst-ims IMS sheets`;
    throw new BadInputError(`${name}: not a gst-ims IMS workbook: ${why}; expected ${EXPECTED}`, { file, expected: EXPECTED });
  }
  return { file, name, mtime, home, sheets, otherSheets };
}

type SheetReader = AsyncIterable<ExcelJS.Row>;

async function readHome(ws: SheetReader): Promise<ReadHome> {
  const found: Record<string, string | null> = {};
  let marker = false;
  for await (const row of ws) {
    const a = cellText(unwrapCell(row.getCell(1).value));
    if (a === null) continue;
    if (a === WORKBOOK_MARKER) marker = true;
    for (const label of Object.values(HOME_LABELS)) if (a === label) found[label] = cellText(unwrapCell(row.getCell(2).value));
  }
  return {
    format: marker ? (found[HOME_LABELS.format] ?? '') : null,
    gstin: found[HOME_LABELS.gstin]?.toUpperCase() ?? null,
    exportedAt: found[HOME_LABELS.exportedAt] ?? null,
    part: found[HOME_LABELS.part] ?? null,
  };
}

async function readSectionSheet(ws: SheetReader, sheetName: string): Promise<ReadSheet | null> {
  let columns: Map<ColumnId, number> | null = null;
  const rows: ReadRow[] = [];
  let section: Section | null = SHEET_SECTION.get(sheetName) ?? null;
  for await (const row of ws) {
    if (columns === null) {
      // The first non-empty row is the header.
      const cols = new Map<ColumnId, number>();
      row.eachCell((cell, colNumber) => {
        const h = cellText(unwrapCell(cell.value));
        const id = h === null ? undefined : HEADER_IDS.get(normHeader(h));
        if (id !== undefined && !cols.has(id)) cols.set(id, colNumber);
      });
      if (cols.size === 0) continue;
      if (!cols.has('key')) return null;
      columns = cols;
      continue;
    }
    const cells = new Map<ColumnId, RawCell>();
    const formulas: ColumnId[] = [];
    let any = false;
    for (const [id, n] of columns) {
      const v: unknown = row.getCell(n).value;
      if (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v)) formulas.push(id);
      const raw = unwrapCell(v);
      if (raw !== null && !(typeof raw === 'string' && raw.trim() === '')) any = true;
      cells.set(id, raw);
    }
    if (!any) continue;
    if (section === null) {
      // A renamed sheet: its keys still say which section it holds.
      const key = decodeRowKey(cellText(cells.get('key') ?? null) ?? '');
      const s = key ? key.recordKey.split('|')[0] : undefined;
      section = SECTIONS.find((x) => x === s) ?? null;
    }
    rows.push({ row: row.number, cells, formulas });
  }
  if (columns === null || section === null) return null;
  return { name: sheetName || SECTION_INFO[section].sheet, section, columns, rows };
}
