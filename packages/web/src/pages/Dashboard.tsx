// The Dashboard: the workspace at a glance (cards with the period's dates, the match with the
// books, the projected ITC, records by section, what needs attention). Its parts live in
// pages/dashboard/.
import { useApp } from '../app-state.js';
import { dateTime } from '../format.js';
import { AttentionPanel } from './dashboard/AttentionPanel.js';
import { DashboardCards } from './dashboard/DashboardCards.js';
import { ItcPanel } from './dashboard/ItcPanel.js';
import { MatchesPanel } from './dashboard/MatchesPanel.js';
import { OutwardTile } from '../components/OutwardTile.js';
import { QueuePanel } from '../components/QueuePanel.js';
import { SectionsTable } from './dashboard/SectionsTable.js';
import { attentionOf, deadlines } from './dashboard/dashboard-facts.js';
import { useDashboardData } from './dashboard/use-dashboard-data.js';

export function Dashboard() {
  const { gstin, version, navigate, meta, period } = useApp();
  const { data, error } = useDashboardData({
    gstin,
    version,
    period,
    reconciliation: meta.features.reconciliation,
  });

  if (error) return <div className="error-box">{error}</div>;
  if (!data) return <div className="loading">Loading the dashboard…</div>;
  const { status, itc, matches } = data;
  const dates = deadlines(period, new Date());

  return (
    <div className="dashboard">
      <div className="page-head">
        <h1>Dashboard</h1>
        <span className="muted">
          {status.lastImport
            ? `Last IMS download imported: ${status.lastImport.file}, ${dateTime(status.lastImport.at)}`
            : 'No IMS download imported yet'}
        </span>
      </div>
      <DashboardCards
        totals={status.totals}
        dates={dates}
        withPeriod={Boolean(period)}
        navigate={navigate}
      />
      <QueuePanel />
      <OutwardTile />
      {matches && <MatchesPanel matches={matches} onReconcile={() => navigate('reconcile')} />}
      <ItcPanel itc={itc} of={dates.of} />
      <div className="two-col">
        <SectionsTable status={status} />
        <AttentionPanel
          attention={attentionOf(status)}
          waitingUpload={status.totals.waitingUpload}
          navigate={navigate}
        />
      </div>
    </div>
  );
}
