import type { GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { useApp } from '../../app-state.js';
import { exportCsv, exportXlsx } from '../../export-view.js';
import { count } from '../../format.js';
import type { Row } from '../../records.js';

/** Export of what the grid shows now (filters, sort, shown columns) as CSV or a workbook. */
export function ExportButtons({ api, gstin }: { api: GridApi<Row> | null; gstin: string | null }) {
  const { toast } = useApp();
  const [busy, setBusy] = useState(false);
  const run = async (kind: 'CSV' | 'Excel'): Promise<void> => {
    if (!api || !gstin) return;
    setBusy(true);
    try {
      const n = kind === 'CSV' ? exportCsv(api, gstin) : await exportXlsx(api, gstin);
      toast('ok', `Exported ${count(n)} record${n === 1 ? '' : 's'} as shown to ${kind}.`);
    } catch (e) {
      toast('error', `The ${kind} export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        disabled={!api || busy}
        onClick={() => void run('CSV')}
        aria-label="Export CSV"
        title="Export the records the grid shows now (filters and sort), with its shown columns, to CSV"
      >
        ⤓ CSV
      </button>
      <button
        disabled={!api || busy}
        onClick={() => void run('Excel')}
        aria-label="Export .xlsx"
        title="Export the records the grid shows now to an Excel workbook, amounts in Indian number format"
      >
        ⤓ .xlsx
      </button>
    </>
  );
}
