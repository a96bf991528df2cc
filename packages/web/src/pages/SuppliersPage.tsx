// Per supplier: the records, the decisions taken and the ITC buckets (GET /api/suppliers, what
// `gst-ims report suppliers` prints), for the top bar's period or all periods. A supplier opens
// the Records page filtered to it.
import type { SupplierItcSummary } from '@core/itc-summary.js';
import type { ColDef, ColDefField, GetRowIdParams, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText, getJson } from '../api.js';
import { useApp } from '../app-state.js';
import { count, period as periodLabel } from '../format.js';
import { ViewTabs, gridTheme, moneyColumn } from '../grid.js';
import { periodQuery } from '../period-state.js';
import './suppliers.css';

interface SupplierRow {
  gstin: string;
  name: string;
  records: number;
  accepted: number;
  rejected: number;
  pending: number;
  noAction: number;
  available: number;
  creditNotes: number;
  rejectedItc: number;
  pendingItc: number;
  waiting: number;
  net: number;
}

export const supplierRow = (s: SupplierItcSummary): SupplierRow => ({
  gstin: s.supplierGstin,
  name: s.supplierName ?? '',
  records: s.count,
  accepted: s.byAction.accept,
  rejected: s.byAction.reject,
  pending: s.byAction.pending,
  noAction: s.byAction.noAction,
  available: s.available.total,
  creditNotes: s.creditNoteReduction.total,
  rejectedItc: s.rejected.total,
  pendingItc: s.pending.total,
  waiting: s.waitingForSupplier.total,
  net: s.netAvailable.total,
});

/** The GSTIN as a link to the Records page filtered to the supplier. */
function SupplierLink(p: ICellRendererParams<SupplierRow, string>) {
  const { navigate } = useApp();
  const g = p.value ?? '';
  return (
    <a
      href={`/records?supplier=${encodeURIComponent(g)}`}
      className="mono"
      title="Open this supplier's records"
      onClick={(e) => {
        e.preventDefault();
        navigate('records', `?supplier=${encodeURIComponent(g)}`);
      }}
    >
      {g}
    </a>
  );
}

const countCol = (field: ColDefField<SupplierRow>, headerName: string): ColDef<SupplierRow> => ({
  field,
  headerName,
  width: 96,
  type: 'rightAligned',
  filter: 'agNumberColumnFilter',
  valueFormatter: (p) => count(Number(p.value ?? 0)),
});
const moneyCol = (
  field: ColDefField<SupplierRow>,
  headerName: string,
  tip: string,
): ColDef<SupplierRow> => ({
  ...moneyColumn<SupplierRow>(field, headerName, 136),
  headerTooltip: tip,
});

const COLUMNS: ColDef<SupplierRow>[] = [
  {
    field: 'name',
    headerName: 'Supplier',
    width: 220,
    filter: 'agTextColumnFilter',
    pinned: 'left',
  },
  {
    field: 'gstin',
    headerName: 'GSTIN',
    width: 160,
    filter: 'agTextColumnFilter',
    cellRenderer: SupplierLink,
  },
  countCol('records', 'Records'),
  { ...countCol('noAction', 'No Action'), width: 110 },
  countCol('accepted', 'Accepted'),
  countCol('rejected', 'Rejected'),
  countCol('pending', 'Pending'),
  moneyCol('available', 'ITC available ₹', 'Invoices and debit notes accepted or on No Action'),
  moneyCol(
    'creditNotes',
    'Credit notes ₹',
    'Credit notes accepted or on No Action: ITC they take away',
  ),
  moneyCol('net', 'Net ITC ₹', 'ITC available less credit notes'),
  moneyCol('rejectedItc', 'Rejected ₹', 'Invoices and debit notes rejected'),
  moneyCol('pendingItc', 'Pending ₹', 'Invoices and debit notes kept pending'),
  moneyCol('waiting', 'Supplier not filed ₹', 'In no GSTR-2B yet: the supplier has not filed'),
];
const DEFAULT_COL_DEF: ColDef<SupplierRow> = { sortable: true, resizable: true };
const rowId = (p: GetRowIdParams<SupplierRow>): string => p.data.gstin;

type Scope = 'period' | 'all';

export function SuppliersPage() {
  const { gstin, version, period } = useApp();
  const [scope, setScope] = useState<Scope>(period ? 'period' : 'all');
  const [rows, setRows] = useState<SupplierRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    setRows(null);
    getJson<SupplierItcSummary[]>(
      `/api/suppliers${scope === 'period' ? periodQuery(period) : ''}`,
      gstin,
    )
      .then((s) => live && setRows(s.map(supplierRow)))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version, period, scope]);

  const shown = useMemo(() => {
    const terms = search.trim().toUpperCase().split(/\s+/).filter(Boolean);
    if (!rows || terms.length === 0) return rows;
    return rows.filter((r) => {
      const text = `${r.name} ${r.gstin}`.toUpperCase();
      return terms.every((t) => text.includes(t));
    });
  }, [rows, search]);

  if (error) return <div className="error-box">{error}</div>;
  const tabs = [
    ...(period ? [{ value: 'period' as const, label: `Period ${periodLabel(period)}` }] : []),
    { value: 'all' as const, label: 'All periods' },
  ];

  return (
    <div className="suppliers">
      <div className="page-head">
        <h1>Suppliers</h1>
        <span className="muted" data-testid="supplier-counts">
          {rows === null
            ? 'Loading…'
            : `${count(shown?.length ?? 0)} of ${count(rows.length)} suppliers · ${count(
                rows.reduce((n, r) => n + r.records, 0),
              )} records · a GSTIN opens its records (all periods)`}
        </span>
      </div>
      <div className="toolbar">
        <input
          ref={searchRef}
          type="search"
          placeholder="Name or GSTIN"
          aria-label="Find a supplier"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <ViewTabs tabs={tabs} value={scope} onChange={setScope} />
      </div>
      <div className="suppliers-grid">
        <AgGridReact<SupplierRow>
          rowData={shown}
          columnDefs={COLUMNS}
          defaultColDef={DEFAULT_COL_DEF}
          theme={gridTheme}
          getRowId={rowId}
          loading={rows === null}
          tooltipShowDelay={300}
          overlayNoRowsTemplate="No supplier matches."
        />
      </div>
    </div>
  );
}
