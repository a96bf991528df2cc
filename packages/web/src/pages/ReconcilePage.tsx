import type { ColDef, ColDefField, GetRowIdParams, ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  ApplyProposalsPayload,
  MatchOutcomeName,
  ReconcilePayload,
  ReconcileRowDto,
} from '../../../gst-ims/src/server/api-types.js';
import { ApiError, errorText, postJson } from '../api.js';
import { useApp } from '../app-state.js';
import { count, date, label, period, plural } from '../format.js';
import { ViewTabs, moneyColumn, useFilteredGrid } from '../grid.js';
import { OUTCOMES, outcomeLabel } from '../outcomes.js';
import { patchOutcomes } from '../records.js';
import { periodQuery } from '../period-state.js';
import { Modal } from '../components/Modal.js';

type Row = ReconcileRowDto & { id: string };

const moneyCol = (field: ColDefField<Row>, headerName: string): ColDef<Row> =>
  moneyColumn<Row>(field, headerName, 122);

const COLUMNS: ColDef<Row>[] = [
  {
    field: 'outcome',
    headerName: 'Outcome',
    width: 136,
    filter: 'agTextColumnFilter',
    valueFormatter: (p: ValueFormatterParams<Row, MatchOutcomeName>) =>
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
    tooltipValueGetter: (p) =>
      p.data?.proposal
        ? `rule ${p.data.proposal.rule}${p.data.proposal.remark ? `; remark: ${p.data.proposal.remark}` : ''}${p.data.proposal.note ? `; ${p.data.proposal.note}` : ''}`
        : undefined,
    cellClass: (p) => (p.data?.proposal ? `act act-${p.data.proposal.action}` : ''),
  },
  {
    field: 'currentAction',
    headerName: 'Your decision',
    width: 116,
    valueFormatter: (p: ValueFormatterParams<Row, ReconcileRowDto['currentAction']>) =>
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
  {
    field: 'documentDate',
    headerName: 'Portal date',
    width: 106,
    valueFormatter: (p: ValueFormatterParams<Row, string | null>) => date(p.value),
  },
  {
    field: 'registerDocDate',
    headerName: 'Books date',
    width: 106,
    valueFormatter: (p: ValueFormatterParams<Row, string | null>) => date(p.value),
  },
  {
    field: 'manual',
    headerName: 'Linked by hand',
    width: 120,
    valueFormatter: (p: ValueFormatterParams<Row, boolean>) => (p.value ? 'yes' : ''),
  },
  { field: 'registerRef', headerName: 'Books ref', width: 120, filter: 'agTextColumnFilter' },
];

const DEFAULT_COL_DEF: ColDef<Row> = { sortable: true, resizable: true, floatingFilter: true };
const getRowId = (p: GetRowIdParams<Row>): string => p.data.id;

type Tab = MatchOutcomeName | 'all';
const tabActive = (f: { tab: Tab }): boolean => f.tab !== 'all';
const tabPasses = (r: Row, f: { tab: Tab }): boolean => r.outcome === f.tab;

interface Confirm {
  readonly title: string;
  readonly preview: ApplyProposalsPayload;
  readonly run: (skipRefused: boolean) => Promise<void>;
  /** The selected rows it acts on (Apply selected); absent for every safe proposal. */
  readonly rows?: readonly Row[];
}

export function ReconcilePage() {
  const { gstin, version, bump, navigate, toast, period: topPeriod } = useApp();
  // The top bar's period is the IMS period of the match (books dated after it: in transit).
  const q = periodQuery(topPeriod);
  const [data, setData] = useState<ReconcilePayload | null>(null);
  const [error, setError] = useState<{ text: string; noRegister: boolean } | null>(null);
  const [selected, setSelected] = useState<Row[]>([]);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [busy, setBusy] = useState(false);
  const {
    filter: { tab },
    setFilter,
    apiRef,
    gridProps,
  } = useFilteredGrid<Row, { tab: Tab }>({
    columnDefs: COLUMNS,
    defaultColDef: DEFAULT_COL_DEF,
    getRowId,
    initial: { tab: 'all' },
    active: tabActive,
    passes: tabPasses,
  });

  const run = useCallback(async () => {
    setBusy(true);
    try {
      const d = await postJson<ReconcilePayload>(`/api/reconcile/run${q}`, { gstin });
      setData(d);
      setError(null);
      // The Records grid shows each record's outcome: the run's, from now on.
      if (gstin) patchOutcomes(gstin, d.rows);
    } catch (e) {
      setError({
        text: errorText(e),
        noRegister: e instanceof ApiError && e.kind === 'nothingToDo',
      });
    } finally {
      setBusy(false);
    }
  }, [gstin, q]);

  useEffect(() => {
    void run();
  }, [run, version]);

  const rows = useMemo<Row[]>(
    () =>
      (data?.rows ?? []).map((r) => ({ ...r, id: `${r.recordKey ?? ''}~${r.registerRef ?? ''}` })),
    [data],
  );

  const applyFlow = async (
    title: string,
    dry: () => Promise<ApplyProposalsPayload>,
    real: (skipRefused: boolean) => Promise<ApplyProposalsPayload>,
    acting?: readonly Row[],
  ): Promise<void> => {
    try {
      const preview = await dry();
      setConfirm({
        title,
        preview,
        ...(acting ? { rows: acting } : {}),
        run: async (skipRefused) => {
          const r = await real(skipRefused);
          setConfirm(null);
          toast(
            r.changed ? 'ok' : 'info',
            r.applied ? `Applied ${plural(r.changed, 'proposal')}` : 'Nothing changed',
          );
          bump();
        },
      });
    } catch (e) {
      toast('error', errorText(e));
    }
  };

  const applySafe = (): Promise<void> =>
    applyFlow(
      'Apply every safe proposal',
      () =>
        postJson<ApplyProposalsPayload>(`/api/reconcile/apply${q}`, {
          gstin,
          onlySafe: true,
          dryRun: true,
        }),
      () => postJson<ApplyProposalsPayload>(`/api/reconcile/apply${q}`, { gstin, onlySafe: true }),
    );
  const applySelected = (): Promise<void> => {
    const acting = selected.filter((r) => r.recordKey !== null);
    const keys = acting.map((r) => r.recordKey).filter((k): k is string => k !== null);
    return applyFlow(
      `Apply the proposals of ${plural(keys.length, 'selected record')}`,
      () =>
        postJson<ApplyProposalsPayload>(`/api/reconcile/apply-selected${q}`, {
          gstin,
          keys,
          dryRun: true,
        }),
      (skipRefused) =>
        postJson<ApplyProposalsPayload>(`/api/reconcile/apply-selected${q}`, {
          gstin,
          keys,
          skipRefused,
        }),
      acting,
    );
  };

  const portalSide = selected.filter((r) => r.recordKey !== null);
  const booksOnly = selected.filter((r) => r.recordKey === null && r.registerRef !== null);
  const canLink = selected.length === 2 && portalSide.length === 1 && booksOnly.length === 1;
  const canUnlink =
    selected.length === 1 && selected[0]?.recordKey !== null && selected[0]?.registerRef !== null;

  const link = async (): Promise<void> => {
    const rec = portalSide[0];
    const doc = booksOnly[0];
    if (!rec?.recordKey || !doc?.registerRef) return;
    try {
      const r = await postJson<{ outcome: MatchOutcomeName | null }>('/api/reconcile/link', {
        gstin,
        recordKey: rec.recordKey,
        registerRef: doc.registerRef,
      });
      toast(
        'ok',
        `Linked ${rec.documentNumber ?? ''} with ${doc.registerDocNumber ?? doc.registerRef}: now ${r.outcome ? outcomeLabel(r.outcome) : 'paired'}`,
      );
      bump();
    } catch (e) {
      toast('error', errorText(e));
    }
  };
  const unlink = async (): Promise<void> => {
    const r = selected[0];
    if (!r?.recordKey) return;
    try {
      const x = await postJson<{ removed: string }>('/api/reconcile/unlink', {
        gstin,
        recordKey: r.recordKey,
      });
      toast(
        'ok',
        x.removed === 'manualLink'
          ? 'Link removed'
          : 'Pair undone: the matcher will not pair these two again',
      );
      bump();
    } catch (e) {
      toast('error', errorText(e));
    }
  };

  const onSelectionChanged = useCallback(
    () => setSelected(apiRef.current?.getSelectedRows() ?? []),
    [apiRef],
  );

  if (error) {
    return (
      <div className="reconcile">
        <div className="page-head">
          <h1>Reconcile</h1>
        </div>
        <section className="panel">
          {error.noRegister ? (
            <>
              <h2>No purchase register yet</h2>
              <p>
                Import the purchase register exported from the books (CSV or Excel from Tally, SAP,
                Zoho, Busy or any layout) to match it with the portal's records.
              </p>
              <button className="primary" onClick={() => navigate('import')}>
                Import the purchase register
              </button>
            </>
          ) : (
            <div className="error-box">{error.text}</div>
          )}
        </section>
      </div>
    );
  }
  if (!data) return <div className="loading">Matching the portal's records with the books…</div>;
  const total = data.rows.length;

  return (
    <div className="reconcile">
      <div className="page-head">
        <h1>Reconcile</h1>
        <span className="muted">
          {count(data.records)} portal records · {count(data.documents)} documents in the books
          {data.period ? ` · IMS period ${period(data.period.period)}` : ''} · proposals:{' '}
          {count(data.proposals.safe)} safe, {count(data.proposals.review)} to review
        </span>
        <button onClick={() => void run()} disabled={busy}>
          {busy ? 'Matching…' : 'Match again'}
        </button>
      </div>
      <div className="toolbar">
        <ViewTabs<Tab>
          tabs={[
            { value: 'all', label: `All (${count(total)})` },
            ...OUTCOMES.map((o) => ({
              value: o.outcome,
              label: `${o.label} (${count(data.counts[o.outcome])})`,
              title: o.hint,
            })),
          ]}
          value={tab}
          onChange={(t) => setFilter({ tab: t })}
        />
        <div className="spacer" />
        <button
          className="primary"
          onClick={() => void applySafe()}
          disabled={data.proposals.safe === 0}
        >
          Apply safe proposals ({count(data.proposals.safe)})
        </button>
        <button onClick={() => void applySelected()} disabled={portalSide.length === 0}>
          Apply selected ({count(portalSide.length)})
        </button>
        <button
          onClick={() => void link()}
          disabled={!canLink}
          title="Select one portal record and one document found only in the books"
        >
          Link
        </button>
        <button onClick={() => void unlink()} disabled={!canUnlink} title="Select one paired row">
          Unlink
        </button>
      </div>
      <div className="grid-wrap reconcile-grid">
        <AgGridReact<Row> rowData={rows} {...gridProps} onSelectionChanged={onSelectionChanged} />
      </div>
      {confirm && <ApplyConfirm confirm={confirm} onClose={() => setConfirm(null)} />}
      <p className="muted small">
        Proposals come from the rules (exact → accept, mismatch → pending with a remark, …);
        applying them goes through the portal's rules like any decision and is recorded in each
        record's history.
      </p>
    </div>
  );
}

function ApplyConfirm({ confirm, onClose }: { confirm: Confirm; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const p = confirm.preview;
  const go = async (skip: boolean): Promise<void> => {
    setBusy(true);
    try {
      await confirm.run(skip);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      labelledBy="apply-title"
      onCancel={() => !busy && onClose()}
      onConfirm={busy || p.changed === 0 ? null : () => void go(p.refused.length > 0)}
      testId="apply-dialog"
    >
      <h2 id="apply-title">{confirm.title}</h2>
      {confirm.rows && (
        <details className="acts-on" data-testid="acts-on">
          <summary>
            Acts on exactly{' '}
            {confirm.rows.length === 1
              ? 'this record'
              : `these ${count(confirm.rows.length)} records`}{' '}
            selected in the view
          </summary>
          <ul>
            {confirm.rows.slice(0, 50).map((r) => (
              <li key={r.id}>
                <span className="mono">{r.documentNumber}</span> ·{' '}
                {r.supplierName || r.supplierGstin} ·{' '}
                {r.proposal ? label(r.proposal.action) : 'no proposal'}
              </li>
            ))}
          </ul>
          {confirm.rows.length > 50 && (
            <p className="muted small">… and {count(confirm.rows.length - 50)} more</p>
          )}
        </details>
      )}
      <ul className="summary">
        <li>
          <b>{count(p.changed)}</b> decision(s) will change
        </li>
        {p.unchanged > 0 && <li>{plural(p.unchanged, 'record is', 'records are')} already so</li>}
        {p.keptDecisions > 0 && (
          <li>
            {plural(p.keptDecisions, 'record keeps', 'records keep')} the decision a person (or the
            portal) made
          </li>
        )}
        {p.notSafe > 0 && (
          <li>
            {plural(p.notSafe, 'proposal needs', 'proposals need')} a review first (not applied)
          </li>
        )}
        {p.withoutProposal > 0 && (
          <li>
            {plural(p.withoutProposal, 'selected record has', 'selected records have')} no proposal
          </li>
        )}
        {p.refused.length > 0 && (
          <li className="bad">
            {plural(p.refused.length, 'proposal is', 'proposals are')} refused by the portal's rules
          </li>
        )}
      </ul>
      {p.byRule.length > 0 && (
        <table className="data compact">
          <thead>
            <tr>
              <th>Rule</th>
              <th className="num">Proposed</th>
              <th className="num">Changes</th>
            </tr>
          </thead>
          <tbody>
            {p.byRule.map((b) => (
              <tr key={b.rule}>
                <td>{b.rule}</td>
                <td className="num">{count(b.proposed)}</td>
                <td className="num">{count(b.changed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.refused.length > 0 && (
        <div className="refusals">
          <table className="data compact">
            <tbody>
              {p.refused.slice(0, 100).map((r, i) => (
                <tr key={i}>
                  <td className="mono">{r.code}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {err && <div className="error-box">{err}</div>}
      <div className="modal-actions">
        <button onClick={onClose} disabled={busy}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button
          className="primary"
          disabled={busy || p.changed === 0}
          onClick={() => void go(p.refused.length > 0)}
          data-testid="confirm-apply"
        >
          {p.refused.length > 0
            ? `Apply the ${count(p.changed)} allowed`
            : `Apply ${plural(p.changed, 'change')}`}
        </button>
      </div>
    </Modal>
  );
}
