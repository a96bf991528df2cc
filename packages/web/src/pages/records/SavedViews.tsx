// Saved views of the Records page (issue 14): save the view as it is under a name, pick one to
// get it back (tab, supplier, search, column filters and columns), delete one. Kept by the
// server per user (--user) and GSTIN, so they follow the person, not the browser.
import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { SavedViewsPayload } from '../../../../gst-ims/src/server/undo-api-types.js';
import { errorText, getJson, postJson } from '../../api.js';
import { useApp } from '../../app-state.js';
import { Modal } from '../../components/Modal.js';
import type { Row } from '../../records.js';
import type { RecordsFilter } from './records-filter.js';
import { searchTerms } from './records-filter.js';
import type { SavedViewState } from './saved-view-state.js';
import { captureView, readView } from './saved-view-state.js';
import type { ColumnStateControl } from './use-column-state.js';

interface Props {
  readonly gstin: string | null;
  readonly apiRef: RefObject<GridApi<Row> | null>;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly filter: RecordsFilter;
  readonly setFilter: (patch: Partial<RecordsFilter>) => void;
  readonly columns: ColumnStateControl;
}

export function SavedViews({ gstin, apiRef, searchRef, filter, setFilter, columns }: Props) {
  const { toast } = useApp();
  const [views, setViews] = useState<SavedViewsPayload['views']>([]);
  const [chosen, setChosen] = useState('');
  const [naming, setNaming] = useState(false);

  useEffect(() => {
    let live = true;
    getJson<SavedViewsPayload>('/api/views', gstin)
      .then((p) => live && setViews(p.views))
      .catch((e: unknown) => live && toast('error', errorText(e)));
    return () => {
      live = false;
    };
  }, [gstin, toast]);

  const apply = (name: string): void => {
    setChosen(name);
    const saved = views.find((v) => v.name === name);
    const view = saved ? readView(saved.view) : null;
    const api = apiRef.current;
    if (!view || !api) return;
    if (searchRef.current) searchRef.current.value = view.search;
    setFilter({ view: view.view, supplier: view.supplier, terms: searchTerms(view.search) });
    api.setFilterModel(view.filterModel);
    if (view.columns.length > 0) {
      api.applyColumnState({ state: [...view.columns], applyOrder: true });
      columns.save();
    }
  };

  const save = async (name: string): Promise<void> => {
    const api = apiRef.current;
    if (!api) return;
    const view: SavedViewState = captureView(api, filter, searchRef.current?.value ?? '');
    try {
      const p = await postJson<SavedViewsPayload>('/api/views', { name, view }, gstin);
      setViews(p.views);
      setChosen(name.trim());
      setNaming(false);
      toast('ok', `View "${name.trim()}" saved.`);
    } catch (e) {
      toast('error', errorText(e));
    }
  };

  const remove = async (): Promise<void> => {
    try {
      const p = await postJson<SavedViewsPayload>('/api/views/delete', { name: chosen }, gstin);
      setViews(p.views);
      toast('ok', `View "${chosen}" deleted.`);
      setChosen('');
    } catch (e) {
      toast('error', errorText(e));
    }
  };

  return (
    <div className="saved-views">
      <select
        aria-label="Saved views"
        value={chosen}
        onChange={(e) => apply(e.target.value)}
        data-testid="saved-views"
      >
        <option value="">Saved views…</option>
        {views.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
      <button onClick={() => setNaming(true)} title="Save the filters and columns as they are now">
        Save view
      </button>
      {chosen && (
        <button onClick={() => void remove()} aria-label={`Delete view "${chosen}"`}>
          Delete view
        </button>
      )}
      {naming && (
        <NameDialog
          initial={chosen}
          onCancel={() => setNaming(false)}
          onSave={(n) => void save(n)}
        />
      )}
    </div>
  );
}

function NameDialog(p: { initial: string; onCancel: () => void; onSave: (name: string) => void }) {
  const [name, setName] = useState(p.initial);
  const ref = useRef<HTMLInputElement>(null);
  const ok = name.trim() !== '';
  return (
    <Modal
      labelledBy="save-view-title"
      onCancel={p.onCancel}
      onConfirm={ok ? () => p.onSave(name) : null}
      initialFocus={() => ref.current}
      testId="save-view-dialog"
    >
      <h2 id="save-view-title">Save this view</h2>
      <p className="muted">
        The tab, supplier, search, column filters and columns, under a name of yours (the same name
        replaces the view saved before).
      </p>
      <label>
        Name{' '}
        <input
          ref={ref}
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          aria-label="View name"
        />
      </label>
      <div className="modal-actions">
        <button onClick={p.onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button className="primary" disabled={!ok} onClick={() => p.onSave(name)}>
          Save
        </button>
      </div>
    </Modal>
  );
}
