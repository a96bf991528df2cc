import type { StatusPayload } from '../../../../gst-ims/src/server/api-types.js';
import type { Page } from '../../app-state.js';
import { count } from '../../format.js';
import { Card } from './Card.js';
import type { Deadlines } from './dashboard-facts.js';
import { relativeDays, toneOfDays } from './dashboard-facts.js';

/** The row of cards: records, waiting, changed, errors, and the period's 2B and 3B dates. */
export function DashboardCards({
  totals: t,
  dates,
  withPeriod,
  navigate,
}: {
  totals: StatusPayload['totals'];
  dates: Deadlines;
  /** A period is chosen: its date cards open the Month page. */
  withPeriod: boolean;
  navigate: (page: Page, query?: string) => void;
}) {
  const toMonth = withPeriod ? () => navigate('month') : undefined;
  const { r2b, r3b, of } = dates;
  return (
    <div className="cards" data-testid="dashboard-cards">
      <Card
        title="Records"
        value={count(t.total)}
        note={`${count(t.byDecision.noAction)} still on No Action`}
        onClick={() => navigate('records')}
      />
      <Card
        title="Waiting for upload"
        value={count(t.waitingUpload)}
        note="decisions that differ from the portal"
        tone={t.waitingUpload ? 'warn' : 'ok'}
        onClick={() => navigate('upload')}
      />
      <Card
        title="Changed by supplier"
        value={count(t.flagged)}
        note="decide again before uploading"
        tone={t.flagged ? 'warn' : 'ok'}
        onClick={() => navigate('records', '?view=changed')}
      />
      <Card
        title="Portal errors"
        value={count(t.withError)}
        note="refused in the last upload"
        tone={t.withError ? 'bad' : 'ok'}
        onClick={() => navigate('records', '?view=errors')}
      />
      <Card
        title={`GSTR-2B${of} generated`}
        value={relativeDays(r2b.days)}
        note={
          r2b.days < 0
            ? `on ${r2b.date}: see the Month page`
            : `on ${r2b.date}: act in IMS before this`
        }
        tone={toneOfDays(r2b.days)}
        onClick={toMonth}
      />
      <Card
        title={`GSTR-3B${of} due`}
        value={relativeDays(r3b.days)}
        note={`on ${r3b.date}`}
        tone={toneOfDays(r3b.days)}
        onClick={toMonth}
      />
    </div>
  );
}
