import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MetaPayload } from '../../gst-ims/src/server/api-types.js';
import { errorText, getJson } from './api.js';
import type { AppState, Page, Toast, ToastAction } from './app-state.js';
import { AppContext, PAGE_PATHS, pageOf } from './app-state.js';
import { count } from './format.js';
import { Dashboard } from './pages/Dashboard.js';
import { ImportPage } from './pages/ImportPage.js';
import { ReconcilePage } from './pages/ReconcilePage.js';
import { RecordsPage } from './pages/RecordsPage.js';
import { SuppliersPage } from './pages/SuppliersPage.js';
import { OutwardPage } from './pages/OutwardPage.js';
import { UploadPage } from './pages/UploadPage.js';
import { ExcelPage } from './pages/ExcelPage.js';
import { HistoryPage } from './pages/HistoryPage.js';
import { MonthPage } from './pages/MonthPage.js';
import { PracticePage } from './pages/PracticePage.js';
import { PeriodSwitcher } from './components/PeriodSwitcher.js';
import { usePeriodState } from './period-state.js';
import { skipToMain } from './skip-link.js';
import { dropRecordsCache } from './records.js';
import { useWorkspaceWatch } from './workspace-watch.js';
import { SignOut } from './components/SignOut.js';
import { whenConflict } from './session.js';

const GSTIN_KEY = 'gst-ims.gstin';

const NAV: {
  page: Page;
  label: string;
  needsReconciliation?: boolean;
  needsClients?: boolean;
}[] = [
  // All clients on one page: shown once the person has more than one client.
  { page: 'practice', label: 'Clients', needsClients: true },
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'records', label: 'Records' },
  { page: 'suppliers', label: 'Suppliers' },
  { page: 'outward', label: 'Outward' },
  // Shown once the engine offers reconciliation (meta.features.reconciliation).
  { page: 'reconcile', label: 'Reconcile', needsReconciliation: true },
  { page: 'month', label: 'Month' },
  { page: 'import', label: 'Import' },
  { page: 'upload', label: 'Upload' },
  { page: 'excel', label: 'Excel' },
  { page: 'history', label: 'History' },
];

export function App() {
  const [meta, setMeta] = useState<MetaPayload | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [page, setPage] = useState<Page>(() => pageOf(location.pathname));
  const [gstin, setGstin] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastId = useRef(0);

  const reloadMeta = useCallback(async () => {
    try {
      const m = await getJson<MetaPayload>('/api/meta');
      setMeta(m);
      setGstin((cur) => {
        const known = m.gstins.map((g) => g.gstin);
        const saved = localStorage.getItem(GSTIN_KEY);
        if (cur && known.includes(cur)) return cur;
        if (saved && known.includes(saved)) return saved;
        return known[0] ?? null;
      });
    } catch (e) {
      setFatal(errorText(e));
    }
  }, []);

  useEffect(() => {
    void reloadMeta();
    const onPop = (): void => setPage(pageOf(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, [reloadMeta]);

  const navigate = useCallback((p: Page, query = '') => {
    history.pushState(null, '', `${PAGE_PATHS[p]}${query}`);
    setPage(p);
  }, []);

  const toast = useCallback((kind: Toast['kind'], text: string, action?: ToastAction) => {
    const id = ++toastId.current;
    setToasts((t) => [...t.slice(-1), { id, kind, text, action }]);
    // A toast with a button (Undo) stays long enough to be pressed.
    setTimeout(
      () => setToasts((t) => t.filter((x) => x.id !== id)),
      kind === 'error' || action ? 10000 : 4000,
    );
  }, []);

  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const selectGstin = useCallback((g: string) => {
    setGstin(g);
    localStorage.setItem(GSTIN_KEY, g);
  }, []);
  const { period, periods, setPeriod, loaded: periodsLoaded } = usePeriodState(gstin, version);
  // Another tab or `gst-ims act` changed the workspace: every page reloads what it shows.
  const onWorkspaceChanged = useCallback(() => {
    dropRecordsCache();
    bump();
    void reloadMeta();
  }, [bump, reloadMeta]);
  useWorkspaceWatch(onWorkspaceChanged);
  // A decision refused as stale (409): reload what the page shows, that record included.
  useEffect(() => {
    whenConflict((text) => {
      toast('error', text);
      onWorkspaceChanged();
    });
    return () => whenConflict(null);
  }, [onWorkspaceChanged, toast]);

  const state: AppState | null = useMemo(
    () =>
      meta
        ? {
            meta,
            gstin,
            version,
            bump,
            reloadMeta,
            navigate,
            toast,
            period,
            periods,
            setPeriod,
            selectGstin,
          }
        : null,
    [
      meta,
      gstin,
      version,
      bump,
      reloadMeta,
      navigate,
      toast,
      period,
      periods,
      setPeriod,
      selectGstin,
    ],
  );

  if (fatal) return <div className="fatal">{fatal}</div>;
  // Pages wait for the period list once, so a page that takes the period loads once.
  if (!state || !meta || !periodsLoaded) return <div className="loading">Loading…</div>;

  const nav = NAV.filter(
    (n) =>
      (!n.needsReconciliation || meta.features.reconciliation) &&
      (!n.needsClients || meta.gstins.length > 1),
  );
  const shown = nav.some((n) => n.page === page) ? page : 'dashboard';
  const current = meta.gstins.find((g) => g.gstin === gstin);

  return (
    <AppContext.Provider value={state}>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {shown === 'records' || shown === 'reconcile' ? 'Skip to the grid' : 'Skip to the content'}
      </a>
      <header className="topbar">
        <div className="brand">
          gst-ims <span>IMS reviewer's desk</span>
        </div>
        <nav>
          {nav.map((n) => (
            <a
              key={n.page}
              href={PAGE_PATHS[n.page]}
              className={n.page === shown ? 'active' : ''}
              onClick={(e) => {
                e.preventDefault();
                navigate(n.page);
              }}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <div className="gstin-pick">
          <PeriodSwitcher />
          {meta.gstins.length > 1 ? (
            <label>
              GSTIN{' '}
              <select
                value={gstin ?? ''}
                onChange={(e) => {
                  setGstin(e.target.value);
                  localStorage.setItem(GSTIN_KEY, e.target.value);
                }}
              >
                {meta.gstins.map((g) => (
                  <option key={g.gstin} value={g.gstin}>
                    {g.gstin} ({count(g.records)})
                  </option>
                ))}
              </select>
            </label>
          ) : current ? (
            <span title="Recipient GSTIN">
              GSTIN <b>{current.gstin}</b>
            </span>
          ) : (
            <span>No GSTIN yet</span>
          )}
          <span className="user" title={`${meta.user}: the name recorded in the audit log`}>
            {meta.user}
          </span>
          <SignOut />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={`page page-${shown}`}>
        {gstin === null && shown !== 'import' ? (
          <div className="empty-ws">
            <h1>The workspace is empty</h1>
            <p>
              Import the IMS download (JSON) from the GST portal to begin: IMS dashboard → Offline →
              Download JSON.
            </p>
            <button className="primary" onClick={() => navigate('import')}>
              Import an IMS download
            </button>
          </div>
        ) : shown === 'dashboard' ? (
          <Dashboard />
        ) : shown === 'records' ? (
          <RecordsPage />
        ) : shown === 'suppliers' ? (
          <SuppliersPage />
        ) : shown === 'outward' ? (
          <OutwardPage />
        ) : shown === 'import' ? (
          <ImportPage />
        ) : shown === 'upload' ? (
          <UploadPage />
        ) : shown === 'history' ? (
          <HistoryPage />
        ) : shown === 'excel' ? (
          <ExcelPage />
        ) : shown === 'month' ? (
          <MonthPage />
        ) : shown === 'reconcile' ? (
          <ReconcilePage />
        ) : shown === 'practice' ? (
          <PracticePage />
        ) : null}
      </main>
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`}>
            {t.text}
            {t.action && (
              <button
                className="toast-action"
                onClick={() => {
                  setToasts((all) => all.filter((x) => x.id !== t.id));
                  t.action?.run();
                }}
              >
                {t.action.label}
              </button>
            )}
          </div>
        ))}
      </div>
    </AppContext.Provider>
  );
}
