// Export of the grid's current view (its filters, sort and shown columns) to CSV or .xlsx, in the
// browser: the rows are already here, so nothing travels to the server and back. The workbook
// is written by exceljs, loaded only when someone asks for one (it is a large module).
import type { Column, GridApi } from 'ag-grid-community';
import type { ViewColumnKind, ViewTable } from './view-table.js';
import { viewCsv, viewFileName } from './view-table.js';
import { MONEY_NUMFMT } from '@core/money.js';

/** A money column (moneyColumn in grid.tsx) holds paise; a date filter marks an ISO date. */
function kindOf(col: Column): ViewColumnKind {
  const def = col.getColDef();
  if (def.filter === 'agNumberColumnFilter' && def.cellClass === 'num') return 'money';
  if (def.filter === 'agDateColumnFilter') return 'date';
  return 'text';
}

/** The rows the grid shows, in its order, with the columns it shows (not the tick boxes). */
export function gridViewTable<T>(api: GridApi<T>): ViewTable {
  const cols = api
    .getAllDisplayedColumns()
    .filter((c) => c.getColDef().field !== undefined || c.getColDef().valueGetter !== undefined);
  const kinds = cols.map(kindOf);
  const rows: (string | number | null)[][] = [];
  api.forEachNodeAfterFilterAndSort((node) => {
    if (!node.data) return;
    rows.push(
      cols.map((col, i) => {
        if (kinds[i] !== 'text') {
          const v = api.getCellValue({ rowNode: node, colKey: col }) as unknown;
          return typeof v === 'number' || typeof v === 'string' ? v : null;
        }
        // Text as the grid shows it (a period as "Oct 2026", not 102026).
        const shown = api.getCellValue({ rowNode: node, colKey: col, useFormatter: true });
        return shown === undefined || shown === null || shown === '' ? null : String(shown);
      }),
    );
  });
  return {
    columns: cols.map((c, i) => ({
      header: c.getColDef().headerName ?? c.getColId(),
      kind: kinds[i] ?? 'text',
    })),
    rows,
  };
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The view as a CSV file; returns the rows written. */
export function exportCsv<T>(api: GridApi<T>, gstin: string): number {
  const t = gridViewTable(api);
  download(
    new Blob([viewCsv(t)], { type: 'text/csv;charset=utf-8' }),
    viewFileName(gstin, new Date(), 'csv'),
  );
  return t.rows.length;
}

/** The engine's Indian number format: the CLI's workbooks and this export format money alike. */
export const INDIAN_MONEY_FORMAT = MONEY_NUMFMT;
const DATE_FORMAT = 'dd-mm-yyyy';

/** The view as a workbook: amounts as numbers in Indian grouping, dates as dates; returns the rows. */
export async function exportXlsx<T>(api: GridApi<T>, gstin: string): Promise<number> {
  const t = gridViewTable(api);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gst-ims';
  const ws = wb.addWorksheet('Records', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c) => ({
    header: c.header,
    width: c.kind === 'text' ? 22 : 14,
    ...(c.kind === 'money'
      ? { style: { numFmt: INDIAN_MONEY_FORMAT } }
      : c.kind === 'date'
        ? { style: { numFmt: DATE_FORMAT } }
        : {}),
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) {
    ws.addRow(
      t.columns.map((c, i) => {
        const v = r[i] ?? null;
        if (v === null) return null;
        if (c.kind === 'money' && typeof v === 'number') return v / 100;
        if (c.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))
          return new Date(`${v}T00:00:00Z`);
        // A workbook cell holds text as text: no formula runs, so no quote is needed.
        return v;
      }),
    );
  }
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: Math.max(1, t.columns.length) },
  };
  const buf = await wb.xlsx.writeBuffer();
  download(
    new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    viewFileName(gstin, new Date(), 'xlsx'),
  );
  return t.rows.length;
}
