import type { TwoBFinding } from '@core/compare-gstr2b.js';
import { parseRecordKey } from '@core/record.js';
import { useApp } from '../../app-state.js';

/** A record as "number (supplier, section)", opening it on the Records page. */
export function RecordLink({ recordKey }: { recordKey: string }) {
  const { navigate } = useApp();
  const k = parseRecordKey(recordKey);
  return (
    <a
      href={`/records?key=${encodeURIComponent(recordKey)}`}
      title={recordKey}
      onClick={(e) => {
        e.preventDefault();
        navigate('records', `?key=${encodeURIComponent(recordKey)}`);
      }}
    >
      {k ? `${k.docNumber} (${k.supplierGstin}, ${k.section})` : recordKey}
    </a>
  );
}

/** Records whose 2B place differs from the decisions, with the next step for each. */
export function FindingsTable({ findings }: { findings: readonly TwoBFinding[] }) {
  return (
    <table className="data compact">
      <thead>
        <tr>
          <th>Record</th>
          <th>What</th>
          <th>Next step</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((f) => (
          <tr key={`${f.code}${f.recordKey}`}>
            <td>
              <RecordLink recordKey={f.recordKey} />
            </td>
            <td>{f.message}</td>
            <td>{f.notUploaded ? 'Upload the decision, then recompute' : 'Recompute the 2B'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
