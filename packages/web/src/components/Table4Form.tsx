// GSTR-3B Table 4 typed by hand (issue 12): sent as the portal's 3B JSON (ret_period, itc_elg)
// to POST /api/gstr3b/table4, which stores it as the period's 3B with the 3B import's own checks.
import { useState } from 'react';
import { errorText, postJson } from '../api.js';
import { useApp } from '../app-state.js';
import { money, period as periodLabel } from '../format.js';

type List = 'itc_avl' | 'itc_rev' | 'itc_inelg';
interface Row {
  readonly id: string;
  readonly list: List;
  readonly ty: string;
  readonly code: string;
  readonly label: string;
}

const ROWS: readonly Row[] = [
  { id: 'A1', list: 'itc_avl', ty: 'IMPG', code: '4(A)(1)', label: 'Import of goods' },
  { id: 'A2', list: 'itc_avl', ty: 'IMPS', code: '4(A)(2)', label: 'Import of services' },
  {
    id: 'A3',
    list: 'itc_avl',
    ty: 'ISRC',
    code: '4(A)(3)',
    label: 'Reverse charge (other than imports)',
  },
  { id: 'A4', list: 'itc_avl', ty: 'ISD', code: '4(A)(4)', label: 'From ISD' },
  { id: 'A5', list: 'itc_avl', ty: 'OTH', code: '4(A)(5)', label: 'All other ITC' },
  {
    id: 'B1',
    list: 'itc_rev',
    ty: 'RUL',
    code: '4(B)(1)',
    label: 'Reversed: rules 38, 42, 43 and s.17(5)',
  },
  { id: 'B2', list: 'itc_rev', ty: 'OTH', code: '4(B)(2)', label: 'Reversed: others' },
  {
    id: 'D1',
    list: 'itc_inelg',
    ty: 'RUL',
    code: '4(D)(1)',
    label: 'Reclaimed (reversed in 4(B)(2) earlier)',
  },
  {
    id: 'D2',
    list: 'itc_inelg',
    ty: 'OTH',
    code: '4(D)(2)',
    label: 'Ineligible: s.16(4), place of supply',
  },
];
const HEADS = [
  { key: 'iamt', label: 'IGST' },
  { key: 'camt', label: 'CGST' },
  { key: 'samt', label: 'SGST' },
  { key: 'csamt', label: 'Cess' },
] as const;
type HeadKey = (typeof HEADS)[number]['key'];

/** "1,23,456.7" -> 12345670 paise; "" -> 0; null when it is not rupees with at most 2 decimals. */
export function rupeesInput(text: string): number | null {
  const t = text.replace(/[,\s₹]/g, '');
  if (t === '') return 0;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const rupeesText = (paise: number): string =>
  `${paise < 0 ? '-' : ''}${Math.floor(Math.abs(paise) / 100)}.${String(Math.abs(paise) % 100).padStart(2, '0')}`;

/** The typed values as paise per row and head, or the first field that is not an amount. */
function parse(
  values: Readonly<Record<string, string>>,
): { ok: true; paise: Record<string, Record<HeadKey, number>> } | { ok: false; error: string } {
  const paise: Record<string, Record<HeadKey, number>> = {};
  for (const r of ROWS) {
    const row = {} as Record<HeadKey, number>;
    for (const h of HEADS) {
      const raw = values[`${r.id}.${h.key}`] ?? '';
      const p = rupeesInput(raw);
      if (p === null)
        return {
          ok: false,
          error: `${r.code} ${h.label}: "${raw}" is not an amount in rupees with at most 2 decimals (e.g. 1,23,456.78)`,
        };
      row[h.key] = p;
    }
    paise[r.id] = row;
  }
  return { ok: true, paise };
}

/** 4(C) = 4(A) - 4(B), per head, in paise. */
function net(paise: Record<string, Record<HeadKey, number>>): Record<HeadKey, number> {
  const out = { iamt: 0, camt: 0, samt: 0, csamt: 0 };
  for (const r of ROWS) {
    const sign = r.list === 'itc_avl' ? 1 : r.list === 'itc_rev' ? -1 : 0;
    for (const h of HEADS) out[h.key] += sign * (paise[r.id]?.[h.key] ?? 0);
  }
  return out;
}

function body(
  period: string,
  gstin: string | null,
  paise: Record<string, Record<HeadKey, number>>,
) {
  const rowsOf = (list: List) =>
    ROWS.filter((r) => r.list === list).map((r) => ({
      ty: r.ty,
      ...Object.fromEntries(HEADS.map((h) => [h.key, rupeesText(paise[r.id]?.[h.key] ?? 0)])),
    }));
  const n = net(paise);
  return {
    ...(gstin ? { gstin } : {}),
    ret_period: period,
    itc_elg: {
      itc_avl: rowsOf('itc_avl'),
      itc_rev: rowsOf('itc_rev'),
      itc_net: Object.fromEntries(HEADS.map((h) => [h.key, rupeesText(n[h.key])])),
      itc_inelg: rowsOf('itc_inelg'),
    },
  };
}

export function Table4Form({ period }: { period: string }) {
  const { gstin, bump, toast } = useApp();
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parse(values);

  const submit = async (): Promise<void> => {
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await postJson<{ period: string; replaced: boolean }>(
        '/api/gstr3b/table4',
        body(period, gstin, parsed.paise),
        gstin,
      );
      toast(
        'ok',
        `${r.replaced ? 'Replaced the' : 'Stored as the'} GSTR-3B of ${periodLabel(r.period)}: Table 4 as typed`,
      );
      bump();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const n = parsed.ok ? net(parsed.paise) : null;
  return (
    <section className="panel table4" data-testid="table4-form">
      <h2>Type Table 4 of the GSTR-3B of {periodLabel(period)}</h2>
      <p className="muted small">
        Amounts in rupees as on the portal's 3B (blank is zero). Stored as the period's 3B, in place
        of any imported one, and checked against the 2B above.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <table className="data compact">
          <thead>
            <tr>
              <th>Table 4</th>
              {HEADS.map((h) => (
                <th key={h.key} className="num">
                  {h.label} ₹
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((r) => (
              <tr key={r.id}>
                <td>
                  <b>{r.code}</b> {r.label}
                </td>
                {HEADS.map((h) => {
                  const k = `${r.id}.${h.key}`;
                  const bad = rupeesInput(values[k] ?? '') === null;
                  return (
                    <td key={h.key} className="num">
                      <input
                        className={`amount ${bad ? 'invalid' : ''}`}
                        inputMode="decimal"
                        aria-label={`${r.code} ${h.label}`}
                        aria-invalid={bad || undefined}
                        value={values[k] ?? ''}
                        placeholder="0.00"
                        onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="strong">
              <td>
                <b>4(C)</b> Net ITC available (A − B)
              </td>
              {HEADS.map((h) => (
                <td key={h.key} className="num">
                  {n ? money(n[h.key]) : ''}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
        {error && (
          <div className="error-box" role="alert" data-testid="table4-error">
            {error}
          </div>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Storing…' : `Store as the GSTR-3B of ${periodLabel(period)}`}
        </button>
      </form>
    </section>
  );
}
