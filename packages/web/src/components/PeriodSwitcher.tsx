import { useApp } from '../app-state.js';
import { period as periodLabel } from '../format.js';

/** The top bar's period: every page shows this return period. */
export function PeriodSwitcher() {
  const { period, periods, setPeriod } = useApp();
  if (periods.length === 0) return null;
  return (
    <label
      className="period-pick"
      title="The return period (GSTR-2B / GSTR-3B month) every page shows"
    >
      Period{' '}
      <select
        data-testid="period-switcher"
        value={period ?? ''}
        onChange={(e) => setPeriod(e.target.value)}
      >
        {periods.map((p) => (
          <option key={p} value={p}>
            {periodLabel(p)}
          </option>
        ))}
      </select>
    </label>
  );
}
