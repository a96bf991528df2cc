// npm run bench: times the engine on generated data and reports each step as a ratio to a bare
// JSON.parse of the same IMS file in the same run (ratios travel between machines; seconds don't).
// Usage: node --expose-gc bench/run.mjs [--records N] [--only core|scaling|reconcile|web|excel|practice] [--json FILE]
// core includes the scaling rows (1k / 10k / 100k / 1M up to --records, each step a process).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const RECORDS = Number(arg('--records', '100000'));
const ONLY = arg('--only', 'all');

const { generateImsDownload } = await load('generator/generate-ims.js');
const { openSqliteStore } = await load('store/index.js');
const app = await load('app/index.js');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
// CPU time beside wall time: on a machine busy with other work the wall time grows, the CPU
// time much less, so the two together tell a slow step from a busy machine.
// Every step starts on a collected heap, as a command does in a fresh process: without it a step
// pays for the garbage the steps before it left (the generated download, the baseline parses).
// `npm run bench` passes --expose-gc; without it the steps run as they are.
const collect = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
const time = async (fn) => {
  collect();
  const t0 = performance.now();
  const c0 = cpuMs();
  const result = await fn();
  return { ms: performance.now() - t0, cpu: cpuMs() - c0, result };
};
const rows = [];
let scaling = [];
const row = (step, ms, base, goal, note = '', cpu = null) =>
  rows.push({
    step,
    ms: Math.round(ms),
    cpu: cpu === null ? '' : Math.round(cpu),
    ratio: base ? +(ms / base).toFixed(2) : null,
    goal,
    note,
  });

const dir = mkdtempSync(join(tmpdir(), 'gst-ims-bench-'));
const file = join(dir, 'ims.json');
const recipient = '27AABCU9603R1ZN';
// Not kept in a variable: the generated download would stay alive (and cost every later step's
// garbage collection) for the whole run.
writeFileSync(
  file,
  JSON.stringify(
    generateImsDownload({
      seed: 7,
      count: RECORDS,
      recipientGstin: recipient,
      returnPeriod: '102026',
    }).json,
  ),
);

// Baseline: read + JSON.parse of the same file, best of 3.
let parseMs = Infinity;
let parseCpu = Infinity;
for (let i = 0; i < 3; i++) {
  const t = await time(() => JSON.parse(readFileSync(file, 'utf8')));
  parseMs = Math.min(parseMs, t.ms);
  parseCpu = Math.min(parseCpu, t.cpu);
}
row('bare read + JSON.parse (baseline)', parseMs, parseMs, '', '', parseCpu);

const store = await openSqliteStore(join(dir, 'ws.sqlite'));
const ctx = { store, user: 'bench', now: () => new Date().toISOString() };
if (ONLY === 'all' || ONLY === 'core') {
  const imp = await time(() => app.importIms(ctx, { file }));
  row(`import ims (${RECORDS} records)`, imp.ms, parseMs, '<= 6x', '', imp.cpu);
  const acc = await time(() =>
    app.decide(ctx, {
      gstin: recipient,
      selector: { all: true },
      verb: 'accept',
      source: 'bench',
      skipRefused: true,
    }),
  );
  const exp = await time(() =>
    app.exportUpload(ctx, { gstin: recipient, outFile: join(dir, 'upload.json') }),
  );
  row(`accept all (${acc.result.changes.length} changed)`, acc.ms, parseMs, '', '', acc.cpu);
  row(`export upload (${exp.result.files.length} files)`, exp.ms, parseMs, '', '', exp.cpu);
  row('accept all + export upload', acc.ms + exp.ms, parseMs, '<= 6x', '', acc.cpu + exp.cpu);
  const reimp = await time(() => app.importIms(ctx, { file }));
  row('re-import the same download', reimp.ms, parseMs, '', '', reimp.cpu);
  await nextMonth();
}

/**
 * The ordinary month-to-month case: a workspace holding this month's download takes next
 * month's, whose records are all new, while this month's are gone from it. Every new record is
 * inserted and every old one's state rewritten (issue 11: this was quadratic). Its own
 * workspace, so that the steps above and the suites below see the same workspace as before.
 */
async function nextMonth() {
  const nextFile = join(dir, 'ims-next.json');
  // Another seed: other suppliers, so no key repeats.
  writeFileSync(
    nextFile,
    JSON.stringify(
      generateImsDownload({
        seed: 8,
        count: RECORDS,
        recipientGstin: recipient,
        returnPeriod: '112026',
      }).json,
    ),
  );
  const nextStore = await openSqliteStore(join(dir, 'next-month.sqlite'));
  const nextCtx = { ...ctx, store: nextStore };
  await app.importIms(nextCtx, { file });
  const next = await time(() => app.importIms(nextCtx, { file: nextFile }));
  const s = next.result.summary;
  row(
    "next month's download (all new, old gone)",
    next.ms,
    parseMs,
    '<= 8x',
    `${s.new} new, ${s.gone} gone`,
    next.cpu,
  );
  await nextStore.close();
}

if (ONLY === 'all' || ONLY === 'core' || ONLY === 'scaling') {
  const { scalingRows } = await import(new URL('./scaling.mjs', import.meta.url).href);
  scaling = scalingRows({
    records: RECORDS,
    dir,
    dist: dist.href,
    recipient,
    generate: (count) =>
      generateImsDownload({ seed: 7, count, recipientGstin: recipient, returnPeriod: '102026' })
        .json,
  });
}

// Optional suites contributed by other modules register themselves here.
for (const [name, modPath] of [
  ['reconcile', './reconcile.mjs'],
  ['web', './web.mjs'],
  ['excel', './excel.mjs'],
  // Minutes and a PostgreSQL cluster of its own: only when asked for (--only practice).
  ['practice', './practice-load.mjs'],
]) {
  if (ONLY !== name && (ONLY !== 'all' || name === 'practice')) continue;
  let mod;
  try {
    mod = await import(new URL(modPath, import.meta.url).href);
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND') continue;
    throw e;
  }
  const extra = await mod.bench({ records: RECORDS, dir, parseMs, ctx, file, recipient });
  for (const r of extra)
    row(r.step, r.ms, r.ratio === false ? 0 : parseMs, r.goal ?? '', r.note ?? '', r.cpu ?? null);
}

clearInterval(sampler);
await store.close();
rmSync(dir, { recursive: true, force: true });
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log(
  `\ngst-ims benchmark: ${RECORDS} generated records, node ${process.version}, ${new Date().toISOString()}`,
);
console.table(rows);
if (scaling.length > 0) {
  console.log(
    '\nscaling (each step a fresh process; x parse: wall time over a bare read + JSON.parse of the same file):',
  );
  console.table(scaling);
}
console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB (goal < 1024 MB)`);
const out = arg('--json', null);
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      { records: RECORDS, rows, scaling, peakRssMb: Math.round(peakRss / 1048576) },
      null,
      2,
    ),
  );
