import type { Heads } from '@core/parse-gstr2b.js';
import { useApp } from '../../app-state.js';
import { count, dateTime, money, plural } from '../../format.js';
import type { Drill, MonthPayload } from './month-payload.js';
import { HEADS, minus, total } from './month-payload.js';

/** One row of the side-by-side table; `drill` makes the row open its records. */
function HeadsRow(props: {
  label: string;
  heads: Heads | null;
  missing?: string;
  kind?: 'diff' | 'strong' | 'muted';
  action?: { label: string; run: () => void } | undefined;
  testId?: string;
}) {
  const { heads } = props;
  return (
    <tr className={props.kind ?? ''} data-testid={props.testId}>
      <td>
        {props.label}
        {props.action && (
          <button className="link-button" onClick={props.action.run}>
            {props.action.label}
          </button>
        )}
      </td>
      {heads === null ? (
        <td colSpan={5} className="muted">
          {props.missing}
        </td>
      ) : (
        <>
          {HEADS.map((h) => (
            <td
              key={h}
              className={`num ${props.kind === 'diff' && heads[h] !== 0 ? 'nonzero' : ''}`}
            >
              {money(heads[h])}
            </td>
          ))}
          <td className="num">{money(total(heads))}</td>
        </>
      )}
    </tr>
  );
}

type RowAction = { label: string; run: () => void } | undefined;

/** The 2B's difference opens the records behind it (or why there are none), unless it has none. */
function twoBAction(
  twoB: NonNullable<MonthPayload['gstr2b']>,
  setDrill: (d: Drill) => void,
): RowAction {
  const n = twoB.decisions.findings.length;
  if (twoB.totals.equal && n === 0) return undefined;
  return { label: n === 0 ? 'why? →' : `${plural(n, 'record')} →`, run: () => setDrill('twoB') };
}

/** The 3B's excess scrolls to the records that may explain it, when there are any. */
function excessAction(
  threeB: NonNullable<MonthPayload['gstr3b']>,
  setDrill: (d: Drill) => void,
): RowAction {
  if (threeB.explaining.length === 0) return undefined;
  return {
    label: `${plural(threeB.explaining.length, 'record')} →`,
    run: () => {
      setDrill('excess');
      document.getElementById('month-excess')?.scrollIntoView();
    },
  };
}

/** IMS, GSTR-2B, books and GSTR-3B per tax head, each difference a way to its records. */
export function Comparison(props: {
  data: MonthPayload;
  drill: Drill;
  setDrill: (d: Drill) => void;
}) {
  const { data, setDrill } = props;
  const { navigate } = useApp();
  const proj = data.projection.netAvailable;
  const twoB = data.gstr2b;
  const threeB = data.gstr3b;
  return (
    <section className="panel">
      <h2>IMS, GSTR-2B, books and GSTR-3B per tax head (₹)</h2>
      <table className="data month-compare" data-testid="month-compare">
        <HeadsHeader />
        <tbody>
          <HeadsRow label="IMS projection: net ITC of your decisions" heads={proj} kind="strong" />
          <HeadsRow
            label="  kept apart: waiting for the supplier to file"
            heads={data.projection.waitingForSupplier}
            kind="muted"
          />
          <HeadsRow label="  kept apart: Pending" heads={data.projection.pending} kind="muted" />
          <HeadsRow
            label="GSTR-2B: all other ITC, 4(A)(5)"
            heads={twoB?.table4.allOther ?? null}
            missing="No GSTR-2B of this period imported: import it below."
            kind="strong"
          />
          {twoB && (
            <HeadsRow
              label="2B − projection"
              heads={twoB.totals.difference}
              kind="diff"
              testId="diff-2b"
              action={twoBAction(twoB, setDrill)}
            />
          )}
          <HeadsRow
            label="Books: register documents dated in the period"
            heads={data.books}
            missing="No register document dated in this period."
            kind="strong"
          />
          {data.books && (
            <HeadsRow
              label="Books − projection"
              heads={minus(data.books, proj)}
              kind="diff"
              action={{ label: 'match on Reconcile →', run: () => navigate('reconcile') }}
            />
          )}
          <HeadsRow
            label="GSTR-3B claimed: 4(A)(5) less 4(D)(1)"
            heads={threeB?.check.claimed ?? null}
            missing="No GSTR-3B of this period: import it or type Table 4 below."
            kind="strong"
          />
          {threeB && (
            <HeadsRow
              label={`3B excess over the ${threeB.availableFrom === 'gstr2b' ? '2B' : 'projection'}`}
              heads={threeB.check.excess}
              kind="diff"
              testId="diff-3b"
              action={excessAction(threeB, setDrill)}
            />
          )}
        </tbody>
      </table>
      {twoB && <ImportedNote twoB={twoB} threeB={threeB} />}
    </section>
  );
}

function HeadsHeader() {
  return (
    <thead>
      <tr>
        <th />
        {(['IGST', 'CGST', 'SGST', 'Cess', 'Total'] as const).map((h) => (
          <th key={h} className="num">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** When the 2B (and the 3B) were imported, and how many records the 2B was compared with. */
function ImportedNote({
  twoB,
  threeB,
}: {
  twoB: NonNullable<MonthPayload['gstr2b']>;
  threeB: MonthPayload['gstr3b'];
}) {
  return (
    <p className="muted small">
      2B imported {dateTime(twoB.importedAt)}; {count(twoB.decisions.compared)} records of the
      period compared with it.
      {threeB ? ` 3B stored ${dateTime(threeB.importedAt)}.` : ''}
    </p>
  );
}
