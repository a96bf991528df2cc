// Edits an exported IMS workbook as a person would in Excel (exceljs): cells changed by column
// header on the rows of given records. For the API and browser tests of the Excel routes.
import ExcelJS from 'exceljs';

export interface WorkbookEdit {
  /** The sheet (B2B, B2B-CN, ...) and the record's key (the hidden Key column ends with it). */
  readonly sheet: string;
  readonly recordKey: string;
  /** Header -> new value. */
  readonly set: Readonly<Record<string, ExcelJS.CellValue>>;
}

export interface WorkbookRowView {
  readonly sheet: string;
  readonly recordKey: string;
  /** Header -> the cell's text. */
  readonly cells: Readonly<Record<string, string>>;
}

function headerMap(ws: ExcelJS.Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, n) => m.set(c.text, n));
  return m;
}

/** The data rows of every section sheet (not Home), with the record key taken from the Key column. */
export async function workbookRows(bytes: Uint8Array): Promise<WorkbookRowView[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: WorkbookRowView[] = [];
  for (const ws of wb.worksheets) {
    const headers = headerMap(ws);
    const keyCol = headers.get('Key');
    if (keyCol === undefined) continue;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const key = row.getCell(keyCol).text;
      if (key === '') return;
      const cells: Record<string, string> = {};
      for (const [h, c] of headers) cells[h] = row.getCell(c).text;
      // The hidden key: prefix|gstin|version|hash|import|record key (which holds `|` itself).
      out.push({ sheet: ws.name, recordKey: key.split('|').slice(5).join('|'), cells });
    });
  }
  return out;
}

/** The workbook with the edits made; throws when a row or a column is not there. */
export async function editWorkbook(
  bytes: Uint8Array,
  edits: readonly WorkbookEdit[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  for (const e of edits) {
    const ws = wb.getWorksheet(e.sheet);
    if (!ws) throw new Error(`no sheet ${e.sheet}`);
    const headers = headerMap(ws);
    const keyCol = headers.get('Key');
    if (keyCol === undefined) throw new Error(`no Key column on ${e.sheet}`);
    let found = false;
    ws.eachRow((row, n) => {
      if (n === 1 || found || !row.getCell(keyCol).text.endsWith(`|${e.recordKey}`)) return;
      found = true;
      for (const [h, v] of Object.entries(e.set)) {
        const c = headers.get(h);
        if (c === undefined) throw new Error(`no column ${h} on ${e.sheet}`);
        row.getCell(c).value = v;
      }
    });
    if (!found) throw new Error(`no row for ${e.recordKey} on ${e.sheet}`);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
