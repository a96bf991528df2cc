import { REMARK_MAX_LENGTH } from '@core/validate-decision.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  DecidePayload,
  DecideRequest,
  DecideVerb,
} from '../../../gst-ims/src/server/api-types.js';
import { ApiError, errorText, postJson } from '../api.js';
import { count, plural } from '../format.js';
import type { Row } from '../records.js';
import { takesDeclaration } from '../records.js';
import { Modal } from './Modal.js';

export const VERB_LABEL: Readonly<Record<DecideVerb, string>> = {
  accept: 'Accept',
  reject: 'Reject',
  pending: 'Keep pending',
  reset: 'Reset to No Action',
};
const VERB_DONE: Readonly<Record<DecideVerb, string>> = {
  accept: 'Accepted',
  reject: 'Rejected',
  pending: 'Set to Pending',
  reset: 'Reset to No Action',
};

/**
 * The one answer to the ITC-reduction question for the whole selection. `full` is the portal's
 * default and is sent as no declaration: the engine then sets full on the records that need one
 * and keeps the portal's own declaration on records it already holds as accepted.
 */
type Reduction = 'full' | 'partial' | 'none';

const REDUCTION_CHOICES: readonly (readonly [Reduction, string])[] = [
  ['full', 'Reduce ITC by the full tax on the note (default)'],
  ['partial', 'Reduce by part (amounts per head)'],
  ['none', 'No reduction (ITC never availed / already reversed)'],
];

/** The records the declaration went to (or will): given, set by default, or kept as the portal holds it. */
export const declaredCount = (p: DecidePayload): number =>
  p.declarations.given + p.declarations.defaulted + p.declarations.kept;

interface Props {
  readonly gstin: string;
  readonly verb: DecideVerb;
  readonly rows: readonly Row[];
  readonly onClose: () => void;
  readonly onApplied: (result: DecidePayload, message: string) => void;
  /** Where the focus goes when the dialog closes (the grid row); see Modal. */
  readonly restoreFocus?: ((previous: Element | null) => void) | undefined;
  /** What the rows are, in words ("in the view Not decided"), said beside their list. */
  readonly scope?: string | undefined;
}

/**
 * The confirmation every decision goes through: it asks the engine first (dry run) and says how
 * many records change, which are already so, and which the portal's rules refuse and why.
 */
export function DecideDialog({
  gstin,
  verb,
  rows,
  onClose,
  onApplied,
  restoreFocus,
  scope,
}: Props) {
  const [remark, setRemark] = useState('');
  const [reduction, setReduction] = useState<Reduction>('full');
  const [amounts, setAmounts] = useState({ igst: '', cgst: '', sgst: '', cess: '' });
  const [preview, setPreview] = useState<DecidePayload | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const remarkRef = useRef<HTMLTextAreaElement>(null);
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const byKey = useMemo(() => new Map(rows.map((r) => [r.key, r])), [rows]);
  // Whether to ask at all is known from the rows at once; how many the answer reaches comes
  // from the engine's dry run.
  const declarable = verb === 'accept' && rows.some(takesDeclaration);
  const remarkShown =
    verb === 'reject' ||
    verb === 'pending' ||
    (declarable && (reduction === 'partial' || reduction === 'none'));

  const request = useMemo((): DecideRequest => {
    const itcReduction: DecideRequest['itcReduction'] =
      !declarable || reduction === 'full'
        ? null
        : reduction === 'partial'
          ? {
              kind: 'partial',
              igst: amounts.igst || '0',
              cgst: amounts.cgst || '0',
              sgst: amounts.sgst || '0',
              cess: amounts.cess || '0',
            }
          : { kind: reduction };
    return {
      gstin,
      keys,
      verb,
      remark: remarkShown && remark.trim() ? remark : null,
      itcReduction,
    };
  }, [gstin, keys, verb, remark, remarkShown, declarable, reduction, amounts]);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      postJson<DecidePayload>('/api/decide', { ...request, dryRun: true })
        .then((p) => {
          if (!live) return;
          setPreview(p);
          setPreviewError(null);
        })
        .catch((e: unknown) => live && setPreviewError(errorText(e)));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [request]);

  // Reject and Pending open on the remark. An Accept's remark appears with a choice of radio
  // button, and taking the focus there would stop the arrow keys moving through the choices.
  const remarkFirst = verb === 'reject' || verb === 'pending';

  const apply = async (skipRefused: boolean): Promise<void> => {
    setBusy(true);
    setApplyError(null);
    try {
      const r = await postJson<DecidePayload>('/api/decide', { ...request, skipRefused });
      const left = r.refused.length
        ? `; ${plural(r.refused.length, 'refused record')} left unchanged`
        : '';
      const done = r.changed
        ? `${VERB_DONE[verb]}: ${plural(r.changed, 'record')}${left}.`
        : 'Nothing changed: every record was already so.';
      onApplied(r, [done, ...(r.changed ? r.declarationNotes : [])].join(' '));
    } catch (e) {
      setApplyError(e instanceof ApiError && e.refusals.length ? `${e.message}` : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const p = preview;
  const refusedByCode = new Map<string, number>();
  for (const r of p?.refused ?? []) refusedByCode.set(r.code, (refusedByCode.get(r.code) ?? 0) + 1);
  const warningsByCode = new Map<string, { n: number; example: string }>();
  for (const w of p?.warnings ?? []) {
    const cur = warningsByCode.get(w.code);
    warningsByCode.set(w.code, { n: (cur?.n ?? 0) + 1, example: cur?.example ?? w.message });
  }
  // A missing remark is the dialog's own input to fix, not records to leave out: no "apply to
  // the others" while the engine asks for it.
  const remarkRefusals = p?.refused.filter((r) => r.code === 'REMARK_REQUIRED') ?? [];
  // Those are said once, at the remark; the table lists the other refusals.
  const listed = remarkShown
    ? (p?.refused.filter((r) => r.code !== 'REMARK_REQUIRED') ?? [])
    : (p?.refused ?? []);
  const canApplyAll = p !== null && p.refused.length === 0 && p.changed > 0;
  const canApplyAllowed =
    p !== null && p.refused.length > 0 && p.changed > 0 && remarkRefusals.length === 0;

  // Enter runs what the primary button says: all, or the allowed ones with the refused named.
  const confirm =
    busy || !p
      ? null
      : canApplyAllowed
        ? () => void apply(true)
        : canApplyAll
          ? () => void apply(false)
          : null;

  return (
    <Modal
      labelledBy="decide-title"
      onCancel={() => !busy && onClose()}
      onConfirm={confirm}
      initialFocus={() => (remarkFirst ? remarkRef.current : null)}
      restoreFocus={restoreFocus}
      testId="decide-dialog"
    >
      <h2 id="decide-title">
        {VERB_LABEL[verb]}: {plural(rows.length, 'selected record')}
      </h2>
      <ActsOn rows={rows} scope={scope} />

      {declarable && (
        <fieldset className="reduction" data-testid="itc-reduction">
          <legend>ITC-reduction declaration: one answer for the selection</legend>
          <p className="applies" data-testid="declaration-scope">
            {p ? (
              <ScopeText applies={declaredCount(p)} selected={p.selected} />
            ) : (
              <span className="muted">Counting the records it applies to…</span>
            )}
          </p>
          {REDUCTION_CHOICES.map(([v, l]) => (
            <label key={v} className="choice">
              <input
                type="radio"
                name="reduction"
                value={v}
                checked={reduction === v}
                onChange={() => setReduction(v)}
              />{' '}
              {l}
              {v === 'full' && <span className="muted small"> · the portal's default answer</span>}
            </label>
          ))}
          {reduction === 'partial' && (
            <div className="amounts">
              {(['igst', 'cgst', 'sgst', 'cess'] as const).map((h) => (
                <label key={h}>
                  {h.toUpperCase()} ₹
                  <input
                    inputMode="decimal"
                    value={amounts[h]}
                    onChange={(e) => setAmounts({ ...amounts, [h]: e.target.value })}
                    placeholder="0.00"
                  />
                </label>
              ))}
              <span className="muted small">
                Each at most the note's own tax; CGST and SGST equal.
              </span>
            </div>
          )}
        </fieldset>
      )}

      {remarkShown && (
        <label className="remark">
          Remark sent to the portal{' '}
          {verb === 'accept'
            ? '(required with a partial or no reduction: say why; the supplier sees it)'
            : `(optional, at most ${REMARK_MAX_LENGTH} characters)`}
          <textarea
            ref={remarkRef}
            required={verb === 'accept'}
            aria-invalid={remarkRefusals.length > 0}
            rows={2}
            maxLength={400}
            value={remark}
            onChange={(e) => setRemark(e.target.value)}
            placeholder="e.g. Goods not received; debit note awaited"
          />
          <span className="muted small">
            {[...remark].length} / {REMARK_MAX_LENGTH}
          </span>
          {remarkRefusals.length > 0 && (
            <span className="error-box" data-testid="remark-required">
              {remarkRefusals[0]!.message.replace(`${remarkRefusals[0]!.recordKey}: `, '')}
              {remarkRefusals.length > 1 && ` (${plural(remarkRefusals.length, 'record')} need it)`}
            </span>
          )}
        </label>
      )}

      <div className="preview" aria-live="polite">
        {previewError ? (
          <div className="error-box">{previewError}</div>
        ) : !p ? (
          <p className="muted">Checking the portal's rules…</p>
        ) : (
          <>
            <ul className="summary">
              <li>
                <b>{count(p.changed)}</b> will change to <b>{VERB_DONE[verb]}</b>
              </li>
              {p.unchanged > 0 && (
                <li>{plural(p.unchanged, 'record is', 'records are')} already so (no change)</li>
              )}
              {p.refused.length > 0 && (
                <li className="bad">
                  <b>{count(new Set(p.refused.map((r) => r.recordKey)).size)}</b> refused by the
                  portal's rules:{' '}
                  {[...refusedByCode].map(([c, n]) => `${c} (${count(n)})`).join(', ')}
                </li>
              )}
              {p.missing > 0 && (
                <li className="bad">{plural(p.missing, 'record')} no longer in the workspace</li>
              )}
            </ul>
            {p.declarationNotes.length > 0 && (
              <ul className="decl-notes" data-testid="declaration-notes">
                {p.declarationNotes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
            {listed.length > 0 && (
              <div className="refusals">
                <table className="data compact">
                  <thead>
                    <tr>
                      <th>Document</th>
                      <th>Supplier</th>
                      <th>Rule</th>
                      <th>Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {listed.slice(0, 100).map((r, i) => {
                      const row = byKey.get(r.recordKey);
                      return (
                        <tr key={`${r.recordKey}${r.code}${i}`}>
                          <td>{row ? `${row.sectionLabel} ${row.docNumber}` : r.recordKey}</td>
                          <td>{row?.supplierName || row?.supplierGstin}</td>
                          <td className="mono">{r.code}</td>
                          <td>{r.message.replace(`${r.recordKey}: `, '')}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                {listed.length > 100 && (
                  <p className="muted small">… and {count(listed.length - 100)} more</p>
                )}
              </div>
            )}
            {warningsByCode.has('NOT_IN_BOOKS') && (
              <p className="warn" data-testid="not-in-books">
                {count(warningsByCode.get('NOT_IN_BOOKS')?.n ?? 0)} of the selected records{' '}
                {warningsByCode.get('NOT_IN_BOOKS')?.n === 1 ? 'is' : 'are'} missing in the purchase
                register (last reconciliation): accepting claims ITC the books do not show.
              </p>
            )}
            {warningsByCode.size > 0 && (
              <ul className="warnings">
                {[...warningsByCode].map(([c, w]) => (
                  <li key={c}>
                    <b>Warning {c}</b> ({count(w.n)}): {w.example.replace(/^[^:]*\|[^:]*: /, '')}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>

      {applyError && <div className="error-box">{applyError}</div>}

      <div className="modal-actions">
        <button onClick={onClose} disabled={busy}>
          Cancel <kbd>Esc</kbd>
        </button>
        {canApplyAllowed && (
          <button
            className="primary"
            disabled={busy}
            onClick={() => void apply(true)}
            data-testid="confirm-decision"
          >
            {VERB_LABEL[verb]} the {count(p.changed)} allowed; leave{' '}
            {count(new Set(p.refused.map((r) => r.recordKey)).size)} refused unchanged
          </button>
        )}
        {!canApplyAllowed && (
          <button
            className="primary"
            disabled={busy || !canApplyAll}
            onClick={() => void apply(false)}
            data-testid="confirm-decision"
          >
            {VERB_LABEL[verb]} {p ? plural(p.changed, 'record') : ''}
          </button>
        )}
      </div>
    </Modal>
  );
}

/** The records the dialog acts on, by document: exactly the selection the grid shows. */
function ActsOn({ rows, scope }: { rows: readonly Row[]; scope: string | undefined }) {
  const first = rows.slice(0, ACTS_ON_LISTED);
  return (
    <details className="acts-on" data-testid="acts-on">
      <summary>
        Acts on exactly {rows.length === 1 ? 'this record' : `these ${count(rows.length)} records`}
        {scope ? ` ${scope}` : ''}
      </summary>
      <ul>
        {first.map((r) => (
          <li key={r.key}>
            {r.sectionLabel} <span className="mono">{r.docNumber}</span> ·{' '}
            {r.supplierName || r.supplierGstin}
          </li>
        ))}
      </ul>
      {rows.length > first.length && (
        <p className="muted small">… and {count(rows.length - first.length)} more</p>
      )}
    </details>
  );
}
const ACTS_ON_LISTED = 50;

/** "applies to 37 of the 120 selected records: credit notes and amendments; the others take none". */
function ScopeText({ applies, selected }: { applies: number; selected: number }) {
  if (selected > 0 && applies === selected)
    return (
      <>
        Applies to{' '}
        <b>{selected === 1 ? 'the selected record' : `all ${count(selected)} selected records`}</b>{' '}
        (credit notes and amendments that reduce ITC).
      </>
    );
  return (
    <>
      Applies to <b>{count(applies)}</b> of the {plural(selected, 'selected record')}: credit notes
      and amendments; the others take none.
    </>
  );
}
