// The Reconcile grid's columns and fixed options (module constants: stable references).
import type { ColDef, ColDefField, GetRowIdParams, ValueFormatterParams } from 'ag-grid-community';
import type {
  MatchOutcomeName,
  ReconcileRowDto,
} from '../../../../gst-ims/src/server/api-types.js';
import { date, label } from '../../format.js';
import { moneyColumn } from '../../grid.js';
import { outcomeLabel } from '../../outcomes.js';
import type { MatchRow } from './reconcile-rows.js';

const moneyCol = (field: ColDefField<MatchRow>, headerName: string): ColDef<MatchRow> =>
  moneyColumn<MatchRow>(field, headerName, 122);

const dateCol = (field: ColDefField<MatchRow>, headerName: string): ColDef<MatchRow> => ({
  field,
  headerName,
  width: 106,
  valueFormatter: (p: ValueFormatterParams<MatchRow, string | null>) => date(p.value),
});

/** The proposal's rule, remark and note, for its cell's tooltip. */
export function proposalTip(p: ReconcileRowDto['proposal']): string | undefined {
  if (!p) return undefined;
  return `rule ${p.rule}${p.remark ? `; remark: ${p.remark}` : ''}${p.note ? `; ${p.note}` : ''}`;
}

export const COLUMNS: ColDef<MatchRow>[] = [
  {
    field: 'outcome',
    headerName: 'Outcome',
    width: 136,
    filter: 'agTextColumnFilter',
    valueFormatter: (p: ValueFormatterParams<MatchRow, MatchOutcomeName>) =>
      p.value ? outcomeLabel(p.value) : '',
    cellClass: (p) => `outcome outcome-${String(p.value)}`,
  },
  {
    field: 'score',
    headerName: 'Score',
    width: 76,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
  },
  { field: 'supplierName', headerName: 'Supplier', width: 180, filter: 'agTextColumnFilter' },
  {
    field: 'documentNumber',
    headerName: 'Portal doc no.',
    width: 128,
    filter: 'agTextColumnFilter',
    cellClass: 'mono',
  },
  {
    field: 'registerDocNumber',
    headerName: 'Books doc no.',
    width: 128,
    filter: 'agTextColumnFilter',
    cellClass: 'mono',
  },
  {
    colId: 'reasons',
    headerName: 'Reasons',
    width: 290,
    filter: 'agTextColumnFilter',
    valueGetter: (p) => p.data?.reasons.join('; ') ?? '',
    tooltipValueGetter: (p) => p.data?.reasons.join('\n') ?? '',
  },
  {
    colId: 'proposal',
    headerName: 'Proposed',
    width: 140,
    filter: 'agTextColumnFilter',
    valueGetter: (p) =>
      p.data?.proposal
        ? `${label(p.data.proposal.action)}${p.data.proposal.safe ? '' : ' (review)'}`
        : '',
    tooltipValueGetter: (p) => proposalTip(p.data?.proposal ?? null),
    cellClass: (p) => (p.data?.proposal ? `act act-${p.data.proposal.action}` : ''),
  },
  {
    field: 'currentAction',
    headerName: 'Your decision',
    width: 116,
    valueFormatter: (p: ValueFormatterParams<MatchRow, ReconcileRowDto['currentAction']>) =>
      p.value ? label(p.value) : '',
    cellClass: (p) => (p.data?.currentAction ? `act act-${p.data.currentAction}` : ''),
  },
  moneyCol('portalValue', 'Portal value ₹'),
  moneyCol('registerValue', 'Books value ₹'),
  moneyCol('portalTax', 'Portal tax ₹'),
  moneyCol('registerTax', 'Books tax ₹'),
  {
    field: 'supplierGstin',
    headerName: 'Supplier GSTIN',
    width: 156,
    filter: 'agTextColumnFilter',
    cellClass: 'mono',
  },
  dateCol('documentDate', 'Portal date'),
  dateCol('registerDocDate', 'Books date'),
  {
    field: 'manual',
    headerName: 'Linked by hand',
    width: 120,
    valueFormatter: (p: ValueFormatterParams<MatchRow, boolean>) => (p.value ? 'yes' : ''),
  },
  { field: 'registerRef', headerName: 'Books ref', width: 120, filter: 'agTextColumnFilter' },
];

export const DEFAULT_COL_DEF: ColDef<MatchRow> = {
  sortable: true,
  resizable: true,
  floatingFilter: true,
};
export const getRowId = (p: GetRowIdParams<MatchRow>): string => p.data.id;
