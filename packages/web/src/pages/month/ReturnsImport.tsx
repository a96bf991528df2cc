import { useRef, useState } from 'react';
import { errorText, postFile } from '../../api.js';
import { useApp } from '../../app-state.js';
import { period as periodLabel } from '../../format.js';

/** Drops for the period's GSTR-2B and GSTR-3B files. */
export function ReturnsImport({ period }: { period: string }) {
  const { gstin, bump, toast, setPeriod } = useApp();
  const [busy, setBusy] = useState<'gstr2b' | 'gstr3b' | null>(null);
  const run = async (kind: 'gstr2b' | 'gstr3b', f: File): Promise<void> => {
    setBusy(kind);
    try {
      const r = await postFile<{ period: string; replaced: boolean }>(
        `/api/import/${kind}`,
        f,
        gstin,
      );
      toast(
        'ok',
        `${r.replaced ? 'Replaced' : 'Imported'} the ${kind === 'gstr2b' ? 'GSTR-2B' : 'GSTR-3B'} of ${periodLabel(r.period)} from ${f.name}`,
      );
      if (r.period !== period) setPeriod(r.period);
      bump();
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel">
      <h2>Import the returns of {periodLabel(period)}</h2>
      <div className="drops">
        <FileDrop
          id="drop-gstr2b"
          title="GSTR-2B (JSON)"
          hint="From the portal: Returns → GSTR-2B → Download JSON. Several files (fc) are imported from the command line."
          busy={busy === 'gstr2b'}
          onFile={(f) => void run('gstr2b', f)}
        />
        <FileDrop
          id="drop-gstr3b"
          title="GSTR-3B (JSON)"
          hint="The filed or saved 3B's JSON: its Table 4 is checked against the 2B. Or type Table 4 below."
          busy={busy === 'gstr3b'}
          onFile={(f) => void run('gstr3b', f)}
        />
      </div>
    </section>
  );
}

function FileDrop(props: {
  id: string;
  title: string;
  hint: string;
  busy: boolean;
  onFile: (f: File) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) props.onFile(f);
      }}
    >
      <h3>{props.title}</h3>
      <p className="muted small">{props.hint}</p>
      <button className="primary" disabled={props.busy} onClick={() => input.current?.click()}>
        {props.busy ? 'Importing…' : `Choose the ${props.title.split(' ')[0]} file…`}
      </button>
      <input
        ref={input}
        id={props.id}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) props.onFile(f);
          e.target.value = '';
        }}
      />
    </div>
  );
}
