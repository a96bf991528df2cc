// The Records grid's columns and fixed options. Stable references (module constants) keep
// ag-grid from reprocessing its options, and dropping its caches, on every React render.
import type { ColDef, ColDefField, GetRowIdParams, ValueFormatterParams } from 'ag-grid-community';
import { DateInput } from '../../components/DateInput.js';
import { date, period } from '../../format.js';
import { gridTheme, moneyColumn } from '../../grid.js';
import type { Row } from '../../records.js';

export const RECORDS_THEME = gridTheme.withParams({
  oddRowBackgroundColor: '#fafbfd',
  wrapperBorderRadius: 4,
});

const moneyCol = (field: ColDefField<Row>, headerName: string, hide = false): ColDef<Row> =>
  moneyColumn<Row>(field, headerName, 128, hide);

/** ag-grid's date filter over ISO dates held as text: the filter's day against the cell's. */
export function dateComparator(filter: Date, cell: string | null): number {
  if (!cell) return -1;
  const p = (n: number): string => String(n).padStart(2, '0');
  const f = `${filter.getFullYear()}-${p(filter.getMonth() + 1)}-${p(filter.getDate())}`;
  return cell < f ? -1 : cell > f ? 1 : 0;
}

const textCol = (
  field: ColDefField<Row>,
  headerName: string,
  width: number,
  more: Partial<ColDef<Row>> = {},
): ColDef<Row> => ({ field, headerName, width, filter: 'agTextColumnFilter', ...more });

export const COLUMNS: ColDef<Row>[] = [
  textCol('sectionLabel', 'Section', 96),
  textCol('supplierGstin', 'Supplier GSTIN', 156, { cellClass: 'mono' }),
  textCol('supplierName', 'Supplier', 190),
  textCol('docNumber', 'Doc no.', 140, { cellClass: 'mono' }),
  {
    field: 'docDate',
    headerName: 'Doc date',
    width: 124,
    filter: 'agDateColumnFilter',
    filterParams: { comparator: dateComparator, inRangeInclusive: true },
    dateComponent: DateInput,
    valueFormatter: (p: ValueFormatterParams<Row, string>) => date(p.value),
  },
  textCol('matchLabel', 'Match', 132, {
    cellClass: (p) => (p.data?.match ? `outcome outcome-${p.data.match}` : ''),
    headerTooltip: 'The outcome of the last match with the purchase register (Reconcile)',
  }),
  moneyCol('value', 'Value ₹'),
  moneyCol('taxable', 'Taxable ₹'),
  moneyCol('igst', 'IGST ₹'),
  moneyCol('cgst', 'CGST ₹'),
  moneyCol('sgst', 'SGST ₹'),
  moneyCol('cess', 'Cess ₹', true),
  moneyCol('tax', 'Total tax ₹', true),
  textCol('portalActionLabel', 'Portal holds', 112),
  textCol('decisionLabel', 'Your decision', 118, {
    pinned: 'right',
    cellClass: (p) => (p.data ? `act act-${p.data.decision}` : ''),
  }),
  textCol('status', 'Status', 150, {
    pinned: 'right',
    cellClass: (p) =>
      `status status-${(p.value as string | undefined)?.split(' ')[0]?.toLowerCase() ?? ''}`,
    tooltipValueGetter: (p) => p.data?.portalError ?? undefined,
  }),
  textCol('remark', 'Remark', 200),
  textCol('originalDocNumber', 'Original doc no.', 140, { hide: true }),
  {
    field: 'originalDocDate',
    headerName: 'Original doc date',
    width: 130,
    hide: true,
    filter: 'agDateColumnFilter',
    filterParams: { comparator: dateComparator },
    dateComponent: DateInput,
    valueFormatter: (p: ValueFormatterParams<Row, string | null>) => date(p.value),
  },
  textCol('returnPeriod', 'Return period', 116, {
    // "Oct 2026", not the portal's 102026; the filter looks in what is shown.
    valueFormatter: (p: ValueFormatterParams<Row, string | null>) => period(p.value ?? null),
    filterValueGetter: (p) => period(p.data?.returnPeriod ?? null),
    hide: true,
  }),
  textCol('pos', 'POS', 76, { hide: true }),
  textCol('itcReduction', 'ITC reduction', 120, { hide: true }),
  textCol('portalError', 'Portal error', 260, { hide: true }),
  textCol('key', 'Record key', 300, { hide: true, cellClass: 'mono' }),
];

export const DEFAULT_COL_DEF: ColDef<Row> = {
  sortable: true,
  resizable: true,
  floatingFilter: true,
  filterParams: { buttons: ['clear'] },
};
export const SELECTION_COLUMN_DEF: ColDef<Row> = { pinned: 'left', width: 44 };
export const getRowId = (p: GetRowIdParams<Row>): string => p.data.key;
