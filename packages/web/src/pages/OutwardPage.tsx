// The supplier side (issue 17): what our customers did with our invoices and credit notes, per
// period from the IMS supplier-view downloads (GET /api/outward, what `gst-ims report outward`
// prints): the liability added back per tax head, rejections waiting for a correction, old
// pending documents, per customer by action, every document with what to do, a follow-up file
// per customer and the grid's view as CSV; and the import of a supplier-view download.
import type { ActionCell } from '@core/outward/outward-report.js';
import type { OutwardDocumentView } from '@core/outward/outward-report.js';
import type { CustomerAction } from '@core/outward/outward-document.js';
import {
  CUSTOMER_ACTIONS,
  CUSTOMER_ACTION_WORDS,
  OUTWARD_DOC_TYPE_WORDS,
} from '@core/outward/outward-document.js';
import type { OutwardTodoCode } from '@core/outward/outward-codes.js';
import { OUTWARD_TODO } from '@core/outward/outward-codes.js';
import type { ColDef, GetRowIdParams, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  ImportOutwardPayload,
  OutwardPayload,
} from '../../../gst-ims/src/server/outward-api-types.js';
import { errorText, getJson, postFile } from '../api.js';
import { useApp } from '../app-state.js';
import { exportCsv } from '../export-view.js';
import { count, date, money, period as periodLabel, rupees } from '../format.js';
import { ViewTabs, gridTheme, moneyColumn } from '../grid.js';
import './outward.css';

type Report = NonNullable<OutwardPayload['report']>;

interface DocRow {
  key: string;
  customerGstin: string;
  customerName: string;
  form: string;
  type: string;
  number: string;
  date: string;
  value: number;
  tax: number;
  action: string;
  remarks: string;
  todo: string;
  todoCodes: readonly OutwardTodoCode[];
  days: number | null;
  books: string;
  doc: OutwardDocumentView;
}

type View = 'all' | 'todo' | 'rejected' | 'pending' | 'creditNotes';

const rowOf = (d: OutwardDocumentView, names: ReadonlyMap<string, string>): DocRow => ({
  key: d.key,
  customerGstin: d.customerGstin,
  customerName: names.get(d.customerGstin) ?? '',
  form: d.form === 'gstr1a' ? 'GSTR-1A' : 'GSTR-1',
  type: OUTWARD_DOC_TYPE_WORDS[d.docType],
  number: d.docNumber,
  date: d.docDate,
  value: d.amounts.value,
  tax: d.amounts.igst + d.amounts.cgst + d.amounts.sgst + d.amounts.cess,
  action: CUSTOMER_ACTION_WORDS[d.action],
  remarks: d.remarks ?? '',
  todo: d.todo.map((c) => OUTWARD_TODO[c].short).join('; '),
  todoCodes: d.todo,
  days: d.ageDays,
  books: d.book === null ? '' : `${d.book.ref}${d.book.differs ? ' (differs)' : ''}`,
  doc: d,
});

const COLUMNS: ColDef<DocRow>[] = [
  { field: 'customerName', headerName: 'Customer', width: 160, filter: 'agTextColumnFilter' },
  {
    field: 'customerGstin',
    headerName: 'GSTIN',
    width: 160,
    filter: 'agTextColumnFilter',
    cellClass: 'mono',
  },
  { field: 'form', headerName: 'Return', width: 96, filter: 'agTextColumnFilter' },
  { field: 'type', headerName: 'Type', width: 110, filter: 'agTextColumnFilter' },
  { field: 'number', headerName: 'Document', width: 130, filter: 'agTextColumnFilter' },
  {
    field: 'date',
    headerName: 'Date',
    width: 110,
    valueFormatter: (p) => date(p.value as string | null),
  },
  moneyColumn<DocRow>('value', 'Value ₹', 120),
  moneyColumn<DocRow>('tax', 'Tax ₹', 110),
  { field: 'action', headerName: "Customer's action", width: 140, filter: 'agTextColumnFilter' },
  {
    field: 'remarks',
    headerName: 'Remarks',
    width: 180,
    filter: 'agTextColumnFilter',
    tooltipField: 'remarks',
  },
  {
    field: 'todo',
    headerName: 'To do',
    width: 300,
    filter: 'agTextColumnFilter',
    tooltipValueGetter: (p) =>
      (p.data?.todoCodes ?? []).map((c) => `${c}: ${OUTWARD_TODO[c].words}`).join('\n'),
  },
  {
    field: 'books',
    headerName: 'Books',
    width: 120,
    filter: 'agTextColumnFilter',
    headerTooltip: 'The sales-register document it links to (gst-ims import sales-register)',
  },
  {
    field: 'days',
    headerName: 'Days',
    width: 80,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    headerTooltip: 'Days since the document date',
  },
];
const DEFAULT_COL_DEF: ColDef<DocRow> = { sortable: true, resizable: true };
const rowId = (p: GetRowIdParams<DocRow>): string => p.data.key;

const passes = (view: View, r: Report, d: OutwardDocumentView): boolean => {
  if (view === 'all') return true;
  if (view === 'todo') return d.todo.length > 0 && d.todo[0] !== 'CORRECTED';
  if (view === 'rejected') return r.rejectedWaiting.some((x) => x.key === d.key);
  if (view === 'pending') return r.pendingOlder.some((x) => x.key === d.key);
  return d.docType === 'creditNote' && d.action === 'rejected';
};

const cellText = (c: ActionCell): string =>
  c.count === 0 ? '–' : `${count(c.count)} / ${money(c.value)}`;

function AddedBackCard({ r }: { r: Report }) {
  const a = r.addedBack;
  const note =
    a.source === 'download'
      ? `From the added-back download (${count(a.records)} records)`
      : a.source === 'none'
        ? 'None: the portal answered IMS0027'
        : 'Estimate from rejected credit notes: no added-back download for this period';
  return (
    <div className={`card ${a.heads.total > 0 ? 'warn' : 'ok'}`} data-testid="added-back">
      <div className="card-title">Liability added back (your GSTR-3B)</div>
      <div className="card-value">{rupees(a.heads.total)}</div>
      <div className="card-note">
        IGST {money(a.heads.igst)} · CGST {money(a.heads.cgst)} · SGST {money(a.heads.sgst)} · cess{' '}
        {money(a.heads.cess)}
        <br />
        {note}
      </div>
    </div>
  );
}

function ImportBox({ onDone }: { onDone: () => void }) {
  const { gstin, toast } = useApp();
  const [period, setPeriod] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const send = async (file: File): Promise<void> => {
    setBusy(true);
    try {
      const q = period.trim() === '' ? '' : `?period=${encodeURIComponent(period.trim())}`;
      const r = await postFile<ImportOutwardPayload>(`/api/import/outward${q}`, file, gstin);
      toast(
        'ok',
        r.kind === 'none'
          ? `${r.file}: no added-back liability for ${periodLabel(r.period)} (IMS0027)`
          : `${r.file}: ${count(r.entries)} records of ${count(r.customers)} customers for ${periodLabel(r.period)}`,
      );
      onDone();
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="outward-import">
      <label>
        Supplier-view download (JSON){' '}
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          disabled={busy}
          aria-label="Supplier-view download"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void send(f);
          }}
        />
      </label>
      <label>
        Period for an IMS0027 answer{' '}
        <input
          type="text"
          inputMode="numeric"
          placeholder="MMYYYY"
          size={8}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
        />
      </label>
    </div>
  );
}

export function OutwardPage() {
  const { gstin, version, bump, period: topPeriod } = useApp();
  const [period, setPeriod] = useState<string | null>(null);
  const [olderThan, setOlderThan] = useState(30);
  const [report, setReport] = useState<Report | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View>('todo');
  const api = useRef<GridApi<DocRow> | null>(null);

  useEffect(() => {
    let live = true;
    const p = period ?? '';
    getJson<OutwardPayload>(`/api/outward?period=${p}&olderThan=${olderThan}`, gstin)
      .then((b) => {
        if (!live) return;
        setError(null);
        setReport(b.report);
        // First load: the top bar's period when the supplier view has it, else the latest.
        if (
          period === null &&
          b.report &&
          topPeriod &&
          b.report.periods.includes(topPeriod) &&
          b.report.period !== topPeriod
        )
          setPeriod(topPeriod);
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, version, period, olderThan, topPeriod]);

  const names = useMemo(
    () =>
      new Map(
        (report?.customers ?? []).flatMap((c) =>
          c.customerName ? [[c.customerGstin, c.customerName] as const] : [],
        ),
      ),
    [report],
  );
  const rows = useMemo(
    () =>
      report
        ? report.documents.filter((d) => passes(view, report, d)).map((d) => rowOf(d, names))
        : [],
    [report, view, names],
  );

  if (error) return <div className="error-box">{error}</div>;
  if (report === undefined) return <div className="loading">Loading…</div>;
  if (report === null)
    return (
      <div className="outward">
        <div className="page-head">
          <h1>Outward</h1>
        </div>
        <p>
          No supplier-view download yet. On the portal: IMS → Outward supplies; import the sales
          with your customers' actions (GSTR-1/1A) and the added-back liabilities here, or with{' '}
          <code>gst-ims import outward FILE</code>.
        </p>
        <ImportBox onDone={bump} />
      </div>
    );

  const followUp = report.customers.filter((c) =>
    report.documents.some(
      (d) =>
        d.customerGstin === c.customerGstin &&
        ((d.action === 'rejected' && !d.corrected) || d.action === 'pending'),
    ),
  );
  const used = new Set(report.documents.flatMap((d) => d.todo));
  const tabs = [
    { value: 'todo' as const, label: 'To do' },
    {
      value: 'rejected' as const,
      label: `Rejected, waiting (${count(report.rejectedWaiting.length)})`,
    },
    {
      value: 'pending' as const,
      label: `Pending > ${olderThan} days (${count(report.pendingOlder.length)})`,
    },
    { value: 'creditNotes' as const, label: 'Credit notes rejected' },
    { value: 'all' as const, label: `All (${count(report.documents.length)})` },
  ];
  const followupHref = (customer: string, format: 'csv' | 'xlsx'): string =>
    `/api/outward/followup?customer=${customer}&period=${report.period}&format=${format}${gstin ? `&gstin=${gstin}` : ''}`;

  return (
    <div className="outward">
      <div className="page-head">
        <h1>Outward</h1>
        <label>
          Return period{' '}
          <select value={report.period} onChange={(e) => setPeriod(e.target.value)}>
            {report.periods.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Pending older than{' '}
          <input
            type="number"
            min={0}
            max={999}
            value={olderThan}
            style={{ width: '5em' }}
            onChange={(e) => setOlderThan(Math.max(0, Math.min(999, Number(e.target.value) || 0)))}
          />{' '}
          days
        </label>
        <span className="muted">
          {report.imports
            .map(
              (i) => `${i.part === 'addedBack' ? 'added back' : i.part.toUpperCase()}: ${i.file}`,
            )
            .join(' · ')}
          {report.notImported.length ? ` · not imported: ${report.notImported.join(', ')}` : ''}
          {report.books
            ? ` · books: ${count(report.books.linked)} linked (${count(report.books.differing)} differ), ${count(report.books.notInBooks)} not in the books`
            : ''}
        </span>
      </div>
      <div className="cards">
        <AddedBackCard r={report} />
        <div className={`card ${report.rejectedWaiting.length ? 'bad' : 'ok'}`}>
          <div className="card-title">Rejected, waiting for a correction</div>
          <div className="card-value">{count(report.rejectedWaiting.length)}</div>
          <div className="card-note">
            Invoices and debit notes: your customers have no ITC on them
          </div>
        </div>
        <div className={`card ${report.pendingOlder.length ? 'warn' : 'ok'}`}>
          <div className="card-title">Pending for more than {olderThan} days</div>
          <div className="card-value">{count(report.pendingOlder.length)}</div>
          <div className="card-note">Follow up with the customer</div>
        </div>
        {CUSTOMER_ACTIONS.map((a: CustomerAction) => (
          <div className="card" key={a}>
            <div className="card-title">{CUSTOMER_ACTION_WORDS[a]}</div>
            <div className="card-value">{count(report.totals[a].count)}</div>
            <div className="card-note">{rupees(report.totals[a].value)}</div>
          </div>
        ))}
      </div>
      <div className="outward-customers panel">
        <table aria-label="Customers by action">
          <thead>
            <tr>
              <th>Customer</th>
              <th>GSTIN</th>
              <th className="num">Documents</th>
              {CUSTOMER_ACTIONS.map((a) => (
                <th key={a} className="num">
                  {CUSTOMER_ACTION_WORDS[a]}
                </th>
              ))}
              <th>Follow-up</th>
            </tr>
          </thead>
          <tbody>
            {report.customers.map((c) => (
              <tr key={c.customerGstin}>
                <td>{c.customerName ?? ''}</td>
                <td className="mono">{c.customerGstin}</td>
                <td className="num">{count(c.documents)}</td>
                {CUSTOMER_ACTIONS.map((a) => (
                  <td key={a} className="num">
                    {cellText(c.byAction[a])}
                  </td>
                ))}
                <td>
                  {followUp.includes(c) ? (
                    <>
                      <a href={followupHref(c.customerGstin, 'xlsx')} download>
                        ⤓ .xlsx
                      </a>{' '}
                      <a href={followupHref(c.customerGstin, 'csv')} download>
                        ⤓ CSV
                      </a>
                    </>
                  ) : (
                    <span className="muted">nothing to ask</span>
                  )}
                </td>
              </tr>
            ))}
            <tr>
              <th>Total</th>
              <td />
              <td className="num">{count(report.documents.length)}</td>
              {CUSTOMER_ACTIONS.map((a) => (
                <td key={a} className="num">
                  {cellText(report.totals[a])}
                </td>
              ))}
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <ViewTabs tabs={tabs} value={view} onChange={setView} />
        <span className="spacer" />
        <button
          onClick={() => {
            if (api.current) exportCsv(api.current, gstin ?? 'outward');
          }}
        >
          ⤓ CSV
        </button>
      </div>
      <div className="outward-grid" data-testid="outward-grid">
        <AgGridReact<DocRow>
          rowData={rows}
          columnDefs={COLUMNS}
          defaultColDef={DEFAULT_COL_DEF}
          theme={gridTheme}
          getRowId={rowId}
          tooltipShowDelay={300}
          onGridReady={(e) => {
            api.current = e.api;
          }}
          overlayNoRowsTemplate="No document in this view."
        />
      </div>
      {used.size > 0 ? (
        <details className="outward-todo">
          <summary>What the to-do words mean</summary>
          <dl>
            {(Object.keys(OUTWARD_TODO) as OutwardTodoCode[])
              .filter((c) => used.has(c))
              .map((c) => (
                <div key={c}>
                  <dt>
                    {OUTWARD_TODO[c].short} <span className="muted mono">{c}</span>
                  </dt>
                  <dd>{OUTWARD_TODO[c].words}</dd>
                </div>
              ))}
          </dl>
        </details>
      ) : null}
      <ImportBox onDone={bump} />
    </div>
  );
}
