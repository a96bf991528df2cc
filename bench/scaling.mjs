// Scaling rows (issue 18): the same steps at 1,000, 10,000, 100,000 and 1,000,000 records (up
// to --records), each in a fresh process of its own: wall and CPU time, the process's peak RSS
// (issue 18: each command under 1 GB at 1,000,000 records), and the ratio to a bare read +
// JSON.parse of the same file at the same size. A step whose ratio grows with the size is
// super-linear. CPU time and peak RSS hold on a busy machine; wall time does not.
import { spawnSync } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STEP = fileURLToPath(new URL('./scaling-step.mjs', import.meta.url));
const SIZES = [1_000, 10_000, 100_000, 1_000_000];

function step(dist, name, file, db, gstin) {
  const r = spawnSync(process.execPath, [STEP, dist, name, file, db, gstin], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0)
    throw new Error(`scaling step ${name} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Rows for each size up to `records`; `generate(n)` returns the download's JSON value. */
export function scalingRows({ records, dir, dist, recipient, generate }) {
  const sizes = SIZES.filter((n) => n < records);
  sizes.push(records);
  const rows = [];
  for (const n of sizes) {
    const file = join(dir, `scale-${n}.json`);
    writeFileSync(file, JSON.stringify(generate(n)));
    const mb = (statSync(file).size / 1048576).toFixed(1);
    const db = join(dir, `scale-${n}.sqlite`);
    // Best of 3 for the baseline, as the main table does; one run of each step.
    const parses = [0, 1, 2].map(() => step(dist, 'parse', file, db, recipient));
    const parse = parses.reduce((a, b) => (b.ms < a.ms ? b : a));
    const out = [['bare read + JSON.parse', parse]];
    out.push(['import ims', step(dist, 'import', file, db, recipient)]);
    // `act accept --all` and `export upload` are two commands, each with its own peak; the
    // issue's "accept all + export" is their sum (peak: the larger).
    const accept = step(dist, 'accept', file, db, recipient);
    const exported = step(dist, 'export', file, db, recipient);
    out.push(['accept all (decide)', accept]);
    out.push(['export upload', exported]);
    out.push([
      'accept all + export upload',
      {
        ms: accept.ms + exported.ms,
        cpu: accept.cpu + exported.cpu,
        peakMb:
          accept.peakMb === null || exported.peakMb === null
            ? null
            : Math.max(accept.peakMb, exported.peakMb),
      },
    ]);
    out.push(['re-import the same download', step(dist, 'import', file, db, recipient)]);
    for (const [name, r] of out) {
      rows.push({
        records: n,
        'file MB': Number(mb),
        step: name,
        ms: Math.round(r.ms),
        cpu: Math.round(r.cpu),
        'x parse': +(r.ms / parse.ms).toFixed(2),
        'cpu x parse': +(r.cpu / parse.cpu).toFixed(2),
        'peak RSS MB': r.peakMb,
      });
    }
    rmSync(file, { force: true });
    for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.upload.json`]) rmSync(f, { force: true });
  }
  return rows;
}
