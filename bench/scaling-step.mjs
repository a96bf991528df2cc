// One step of the scaling rows (bench/scaling.mjs) in a process of its own, so that its peak
// RSS is its own: node bench/scaling-step.mjs DIST STEP FILE DB GSTIN. Prints one JSON line:
// the step's wall and CPU time (module loading excluded) and the process's peak RSS (Linux).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [dist, step, file, db, gstin] = process.argv.slice(2);
const load = (p) => import(new URL(p, dist).href);
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

let run;
if (step === 'parse') {
  run = async () => JSON.parse(readFileSync(file, 'utf8'));
} else {
  const { openSqliteStore } = await load('store/index.js');
  const app = await load('app/index.js');
  // What `gst-ims act` runs (decision 0049): the selection decided a batch at a time.
  const { decideSelection } = await load('app/decide-selection.js');
  const store = await openSqliteStore(db);
  const ctx = { store, user: 'bench', now: () => new Date().toISOString() };
  const accept = () =>
    decideSelection(ctx, {
      gstin,
      selector: { all: true },
      verb: 'accept',
      source: 'bench',
      skipRefused: true,
    });
  const exportUpload = () => app.exportUpload(ctx, { gstin, outFile: `${db}.upload.json` });
  const steps = {
    import: () => app.importIms(ctx, { file }),
    // `gst-ims act accept --all` and `gst-ims export upload` are two commands: each its own peak.
    accept,
    export: exportUpload,
    'accept+export': async () => {
      await accept();
      await exportUpload();
    },
  };
  run = async () => {
    await steps[step]();
    await store.close();
  };
}
const t0 = performance.now();
const c0 = cpu();
await run();
const ms = performance.now() - t0;
const c1 = cpu();
let peakMb = null;
try {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  if (m) peakMb = Math.round(Number(m[1]) / 1024);
} catch {
  // not Linux: no peak
}
process.stdout.write(`${JSON.stringify({ ms, cpu: c1 - c0, peakMb })}\n`);
