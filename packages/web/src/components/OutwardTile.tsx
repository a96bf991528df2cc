// The Dashboard's tile for the supplier side (issue 17): the liability added back for the top
// bar's period by the credit notes and amendments our customers rejected. Shown once a
// supplier-view download was imported; it opens the Outward page.
import { useEffect, useState } from 'react';
import type { OutwardPayload } from '../../../gst-ims/src/server/outward-api-types.js';
import { getJson } from '../api.js';
import { useApp } from '../app-state.js';
import { period as periodLabel, rupees } from '../format.js';

export function OutwardTile() {
  const { gstin, version, period, navigate } = useApp();
  const [report, setReport] = useState<OutwardPayload['report'] | undefined>(undefined);

  useEffect(() => {
    let live = true;
    getJson<OutwardPayload>(`/api/outward${period ? `?period=${period}` : ''}`, gstin)
      .then((b) => live && setReport(b.report))
      // The tile is a convenience: the Outward page says what went wrong.
      .catch(() => live && setReport(null));
    return () => {
      live = false;
    };
  }, [gstin, version, period]);

  if (!report) return null;
  const open = (): void => navigate('outward');
  const imported = report.imports.length > 0;
  const a = report.addedBack;
  const note = !imported
    ? 'No supplier-view download for this period yet'
    : a.source === 'download'
      ? `${a.records} rejected credit note(s) or amendment(s); ${report.rejectedWaiting.length} rejected invoice(s) waiting`
      : a.source === 'none'
        ? 'None (the portal answered IMS0027)'
        : 'Estimate from rejected credit notes (no added-back download)';
  return (
    <div className="cards">
      <div
        className={`card clickable ${imported && a.heads.total > 0 ? 'warn' : 'ok'}`}
        role="button"
        tabIndex={0}
        data-testid="outward-tile"
        onClick={open}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          open();
        }}
      >
        <div className="card-title">Liability added back, {periodLabel(report.period)}</div>
        <div className="card-value">{imported ? rupees(a.heads.total) : '–'}</div>
        <div className="card-note">{note}</div>
      </div>
    </div>
  );
}
