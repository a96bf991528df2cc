import type { RunError } from './use-reconcile-run.js';

/** The Reconcile page when the match cannot run: no purchase register yet, or an error. */
export function NoRegister({ error, onImport }: { error: RunError; onImport: () => void }) {
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
            <button className="primary" onClick={onImport}>
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
