import { count, plural } from '../../format.js';
import type { Amounts, Reduction } from './decide-request.js';
import { REDUCTION_CHOICES, TAX_HEADS } from './decide-request.js';

/** How many records the declaration goes to, of how many the decision is on (a dry run's count). */
export interface DeclarationScope {
  readonly declared: number;
  readonly selected: number;
}

/**
 * The ITC-reduction question of an Accept: one answer for the selection, amounts for a part.
 * Asked by the decision dialog (ticked rows) and by the bulk decision on all matching records.
 */
export function ReductionFieldset({
  scope,
  reduction,
  onReduction,
  amounts,
  onAmounts,
}: {
  /** Null while the dry run counts them. */
  scope: DeclarationScope | null;
  reduction: Reduction;
  onReduction: (r: Reduction) => void;
  amounts: Amounts;
  onAmounts: (a: Amounts) => void;
}) {
  return (
    <fieldset className="reduction" data-testid="itc-reduction">
      <legend>ITC-reduction declaration: one answer for the selection</legend>
      <p className="applies" data-testid="declaration-scope">
        {scope ? (
          <ScopeText applies={scope.declared} selected={scope.selected} />
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
            onChange={() => onReduction(v)}
          />{' '}
          {l}
          {v === 'full' && <span className="muted small"> · the portal's default answer</span>}
        </label>
      ))}
      {reduction === 'partial' && (
        <div className="amounts">
          {TAX_HEADS.map((h) => (
            <label key={h}>
              {h.toUpperCase()} ₹
              <input
                inputMode="decimal"
                value={amounts[h]}
                onChange={(e) => onAmounts({ ...amounts, [h]: e.target.value })}
                placeholder="0.00"
              />
            </label>
          ))}
          <span className="muted small">Each at most the note's own tax; CGST and SGST equal.</span>
        </div>
      )}
    </fieldset>
  );
}

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
