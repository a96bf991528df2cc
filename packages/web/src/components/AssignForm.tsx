// The reviewer's form on the Dashboard's work shares (issue 16): gives a person the period's
// records of a supplier, a section or one of the reviewer's saved views of the Records page.
// The server checks everything again (account, GSTIN, section, view) and says what is wrong.
import type { FormEvent } from 'react';
import { useEffect, useId, useState } from 'react';
import type { SupplierItcSummary } from '@core/itc-summary.js';
import type {
  AssignRequest,
  AssignmentKindDto,
  WorkQueuesPayload,
} from '../../../gst-ims/src/server/assignment-api-types.js';
import { SECTIONS } from '@core/sections.js';
import { errorText, getJson, postJson } from '../api.js';
import { useApp } from '../app-state.js';
import { sectionLabel } from '../format.js';
import { periodQuery } from '../period-state.js';
import './assign-form.css';

const KIND_LABELS: Readonly<Record<AssignmentKindDto, string>> = {
  supplier: 'Supplier',
  section: 'Section',
  view: 'Saved view',
};

export function AssignForm({
  gstin,
  data,
  onChange,
}: {
  gstin: string;
  data: WorkQueuesPayload;
  onChange: (d: WorkQueuesPayload) => void;
}) {
  const { toast, period } = useApp();
  const ids = useId();
  const [person, setPerson] = useState(data.assign.people[0] ?? '');
  const [kind, setKind] = useState<AssignmentKindDto>('supplier');
  const [value, setValue] = useState('');
  const [suppliers, setSuppliers] = useState<SupplierItcSummary[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    getJson<SupplierItcSummary[]>(`/api/suppliers${periodQuery(period)}`, gstin)
      .then((s) => live && setSuppliers(s))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [gstin, period]);

  const chooseKind = (k: AssignmentKindDto): void => {
    setKind(k);
    setValue(k === 'section' ? SECTIONS[0] : k === 'view' ? (data.assign.views[0] ?? '') : '');
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const v = value.trim();
    if (person === '' || v === '') return;
    const body: AssignRequest = {
      gstin,
      period: data.period,
      user: person,
      ...(kind === 'supplier'
        ? { suppliers: [v.toUpperCase()] }
        : kind === 'section'
          ? { sections: [v] }
          : { views: [v] }),
    };
    setBusy(true);
    try {
      onChange(await postJson<WorkQueuesPayload>('/api/assign', body));
      toast('ok', `Assigned to ${person}: ${KIND_LABELS[kind].toLowerCase()} ${v}`);
      if (kind === 'supplier') setValue('');
    } catch (err) {
      toast('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (data.assign.people.length === 0)
    return (
      <p className="muted small">
        No account may take work on this client yet: an admin grants it (gst-ims user grant).
      </p>
    );
  return (
    <form className="assign-form" aria-label="Assign work" onSubmit={(e) => void submit(e)}>
      <label>
        Person
        <select value={person} onChange={(e) => setPerson(e.target.value)} name="person">
          {data.assign.people.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        By
        <select
          value={kind}
          onChange={(e) => chooseKind(e.target.value as AssignmentKindDto)}
          name="kind"
        >
          {(Object.keys(KIND_LABELS) as AssignmentKindDto[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {kind === 'supplier' && (
        <label>
          Supplier GSTIN
          <input
            name="supplier"
            list={`${ids}-suppliers`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="type a name or GSTIN"
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id={`${ids}-suppliers`}>
            {suppliers.map((s) => (
              <option key={s.supplierGstin} value={s.supplierGstin}>
                {`${s.supplierName ?? s.supplierGstin} (${s.count})`}
              </option>
            ))}
          </datalist>
        </label>
      )}
      {kind === 'section' && (
        <label>
          Section
          <select value={value} onChange={(e) => setValue(e.target.value)} name="section">
            {SECTIONS.map((s) => (
              <option key={s} value={s}>
                {sectionLabel(s)}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'view' &&
        (data.assign.views.length === 0 ? (
          <p className="muted small">No saved views yet: save one on the Records page.</p>
        ) : (
          <label>
            Saved view
            <select value={value} onChange={(e) => setValue(e.target.value)} name="view">
              {data.assign.views.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        ))}
      <button className="primary" type="submit" disabled={busy || value.trim() === ''}>
        {busy ? 'Assigning…' : 'Assign'}
      </button>
    </form>
  );
}
