// Reconciliation benchmark: the pipeline a user runs (import ims, import register, reconcile
// --out, each as the binary; their sum against a bare JSON.parse: issue 20), purchase-register
// import, reconcile (with --out CSV, as the CLI does), apply-proposals --only-safe, and a scaling
// table (1k, 10k, N records) that shows the growth per record.
//
// Alone:   node bench/reconcile.mjs [--records N]    (needs npm run build -w gst-ims)
// In run:  bench/run.mjs imports bench() and adds the rows to its table; bench() measures in a
//          child process (see there).
//
// Every step is timed as wall time AND as this process's CPU time (process.cpuUsage: user +
// system, all threads, so garbage collection on the helper thread counts too), best of a few
// runs: the machine is shared, and wall time alone swings with other people's work.
// Each size gets a workspace of its own; the N-record one imports the runner's IMS file. The
// runner's workspace is left alone: the core suite has accepted every record in it (which would
// turn apply-proposals into a no-op), and the web suite after this one measures it as it is.
// The register is generated from the IMS download (generateRegister: realistic keying
// differences) and written as the CSV a user would export from the books (title rows first).
import { spawnSync } from 'node:child_process';
import { cliStep } from './cli-step.mjs';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const RECIPIENT = '27AABCU9603R1ZN';
const PERIOD = '102026';
const REPEAT = 3;

const { generateImsDownload } = await load('generator/generate-ims.js');
const { generateRegister } = await load('generator/generate-register.js');
const { openSqliteStore } = await load('store/index.js');
const core = await load('core/index.js');
const app = await load('app/index.js');

const indian = (n) => n.toLocaleString('en-IN');
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * Runs fn `repeat` times (fresh state from `setup` each time when given); best wall and best CPU.
 * Only what `keep` takes from the last result is kept: a run's result must not stay alive (and
 * cost the garbage collector) during the next run.
 */
async function measure(fn, { repeat = REPEAT, setup, keep = () => null } = {}) {
  const runs = [];
  let kept = null;
  for (let i = 0; i < repeat; i++) {
    const arg = setup ? await setup(i) : undefined;
    globalThis.gc?.();
    const c0 = cpuMs();
    const t0 = performance.now();
    const result = await fn(arg);
    runs.push({ ms: performance.now() - t0, cpu: cpuMs() - c0 });
    kept = keep(result);
  }
  return {
    ms: Math.min(...runs.map((r) => r.ms)),
    cpu: Math.min(...runs.map((r) => r.cpu)),
    runs,
    result: kept,
  };
}

const runsNote = (m) =>
  `cpu ${Math.round(m.cpu)} ms; ${m.runs.length > 1 ? `best of ${m.runs.length}, walls ${m.runs.map((r) => Math.round(r.ms)).join('/')}` : 'one run'}`;

/** The gst-ims binary as a user runs it: wall, CPU and peak RSS of the child process. */
function cli(db, gstin, args) {
  return cliStep(db, gstin, args, [0, 4]);
}

// ---------------------------------------------------------------------------------------------
// The register CSV, as a books export would have it.

const csvCell = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const rupees = (p) => (p / 100).toFixed(2);
const portalDate = (iso) =>
  iso === null ? '' : `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
const TYPE_WORD = { invoice: 'Purchase', creditNote: 'Credit Note', debitNote: 'Debit Note' };
const HEADER = [
  'Voucher No',
  'Supplier GSTIN',
  'Supplier Name',
  'Supplier Invoice No',
  'Supplier Invoice Date',
  'Voucher Type',
  'Place of Supply',
  'Taxable Value',
  'IGST',
  'CGST',
  'SGST',
  'Cess',
  'Invoice Value',
  'Goods Receipt Date',
];

export function registerCsv(docs) {
  const lines = ['Purchase Register', '', HEADER.join(',')];
  for (const d of docs) {
    const a = d.amounts;
    lines.push(
      [
        d.ref,
        d.supplierGstin,
        d.supplierName ?? '',
        d.docNumber,
        portalDate(d.docDate),
        TYPE_WORD[d.docType],
        d.pos ?? '',
        rupees(a.taxable),
        rupees(a.igst),
        rupees(a.cgst),
        rupees(a.sgst),
        rupees(a.cess),
        rupees(a.value),
        portalDate(d.receivedDate),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------

/** A fresh workspace holding `count` generated records (or the given file) and the register CSV. */
async function workspace(dir, gstin, count, imsFile) {
  let json;
  let file = imsFile;
  if (file === undefined) {
    json = generateImsDownload({
      seed: 7,
      count,
      recipientGstin: gstin,
      returnPeriod: PERIOD,
    }).json;
    file = join(dir, `ims-${count}.json`);
    writeFileSync(file, JSON.stringify(json));
  } else json = JSON.parse(readFileSync(file, 'utf8'));
  const db = join(dir, `ws-${count}.sqlite`);
  const store = await openSqliteStore(db);
  const ctx = { store, user: 'bench', now: () => new Date().toISOString() };
  await app.importIms(ctx, { file });
  const books = generateRegister({ seed: 7, imsJson: json, recipientGstin: gstin });
  const registerFile = join(dir, `register-${count}.csv`);
  writeFileSync(registerFile, registerCsv(books.rows));
  return { ctx, db, file, registerFile, generated: books.rows.length };
}

/** Read + JSON.parse of the IMS file in this process, best of 3: wall and CPU, ms. */
function bareParse(file) {
  let ms = Infinity;
  let cpu = Infinity;
  for (let k = 0; k < 3; k++) {
    globalThis.gc?.();
    const c0 = cpuMs();
    const t0 = performance.now();
    JSON.parse(readFileSync(file, 'utf8'));
    ms = Math.min(ms, performance.now() - t0);
    cpu = Math.min(cpu, cpuMs() - c0);
  }
  return { ms, cpu };
}

const PIPELINE_RUNS = 2;

/**
 * Issue 20: the pipeline a user runs - import ims, import register, reconcile --out - each as
 * the binary in its own process (start-up and module loading count) on a fresh workspace; best
 * of PIPELINE_RUNS per command; their sum against a bare read + JSON.parse of the download.
 * CPU time (user + system of the child) beside wall time: on a busy machine the wall time says
 * more about the neighbours than about the command.
 */
function pipeline(dir, gstin, imsFile, registerFile, N) {
  const steps = [
    ['import ims', ['import', 'ims', imsFile]],
    ['import register', ['import', 'register', registerFile]],
    ['reconcile --out CSV', ['reconcile', '--out', join(dir, 'pipeline-result.csv')]],
  ];
  const best = steps.map(() => ({ ms: Infinity, cpu: Infinity, peakMb: 0 }));
  for (let run = 0; run < PIPELINE_RUNS; run++) {
    const db = join(dir, `pipeline-${run}.sqlite`);
    steps.forEach(([, args], i) => {
      const r = cliStep(db, gstin, args, [0]);
      const b = best[i];
      b.ms = Math.min(b.ms, r.ms);
      b.cpu = Math.min(b.cpu, r.cpu);
      b.peakMb = Math.max(b.peakMb, r.peakMb ?? 0);
    });
  }
  const parse = bareParse(imsFile);
  const x = (v, base) => `${(v / base).toFixed(1)}x`;
  const rows = steps.map(([name], i) => {
    const b = best[i];
    return {
      step: `pipeline: gst-ims ${name} (CLI, ${indian(N)})`,
      ms: b.ms,
      cpu: b.cpu,
      goal: 'peak < 400 MB',
      note: `cpu ${Math.round(b.cpu)} ms (${x(b.cpu, parse.cpu)} parse cpu), peak RSS ${b.peakMb} MB; best of ${PIPELINE_RUNS}`,
    };
  });
  const ms = best.reduce((s, b) => s + b.ms, 0);
  const cpu = best.reduce((s, b) => s + b.cpu, 0);
  rows.push({
    step: `pipeline: the three commands together (${indian(N)})`,
    ms,
    cpu,
    goal: '<= 12x',
    note: `cpu ${Math.round(cpu)} ms = ${x(cpu, parse.cpu)} the bare parse's cpu (${Math.round(parse.cpu)} ms); wall ${x(ms, parse.ms)} its wall (${Math.round(parse.ms)} ms, this process)`,
  });
  return rows;
}

/** What the engine works on, loaded once: records, register, the IMS period's end. */
async function engineInput(ctx, gstin) {
  const records = (await ctx.store.loadRecords(gstin))
    .filter((r) => !r.state.gone)
    .map((r) => r.record);
  const documents = await ctx.store.loadRegister(gstin);
  const p = await app.imsPeriod(ctx.store, gstin, records);
  return { records, documents, periodEnd: p === null ? null : app.periodEndOf(p.period) };
}

/** The engine alone, in memory: match + proposals, as reconcileWorkspace runs them. */
function engine({ records, documents, periodEnd }) {
  const tolerances = core.DEFAULT_TOLERANCES;
  const results = core.reconcile({ records, documents, tolerances });
  const proposals = core.proposeActions({
    records,
    documents,
    results,
    rules: core.DEFAULT_PROPOSAL_RULES,
    periodEnd,
    tolerances,
  });
  return { results, proposals };
}

const perRecord = (ms, n) => (ms * 1000) / n;
const us = (x) => `${x.toFixed(1)} µs/record`;

/** The measurements, in this process. */
async function measureAll({ records, dir, file, recipient = RECIPIENT }) {
  const rows = [];
  const N = records;
  const G = recipient;

  // --- The full flow at N records, in a workspace of its own (see the top of this file).
  const main = await workspace(dir, G, N, file);
  const { ctx } = main;
  rows.push(...pipeline(dir, G, main.file, main.registerFile, N));
  const imp = await measure(() => app.importRegister(ctx, { gstin: G, file: main.registerFile }), {
    keep: (r) => ({ documents: r.documents }),
  });
  if (imp.result.documents !== main.generated)
    throw new Error(`register import read ${imp.result.documents} documents of ${main.generated}`);
  rows.push({
    step: `import register CSV (${indian(imp.result.documents)} documents)`,
    ms: imp.ms,
    note: `${runsNote(imp)}; the first run imports, the others replace`,
  });

  const out = join(dir, `result-${N}.csv`);
  const summary = (r) => ({ counts: r.counts, rows: r.rows.length });
  const rec = await measure(() => app.reconcileWorkspace(ctx, G, { out }), { keep: summary });
  const counts = rec.result.counts;
  rows.push({
    step: `reconcile --out CSV (${indian(rec.result.rows)} rows)`,
    ms: rec.ms,
    goal: '<= 10x',
    note: `${runsNote(rec)}; exact ${counts.exact}, probable ${counts.probable}, mismatch ${counts.mismatch}`,
  });

  let input = await engineInput(ctx, G);
  const eng = await measure(() => engine(input));
  input = null;
  await ctx.store.close();

  // apply-proposals changes the workspace: each run gets its own copy of the reconciled one.
  const copies = Array.from({ length: REPEAT }, (_, i) => join(dir, `apply-${i}.sqlite`));
  for (const c of copies) copyFileSync(main.db, c);
  let open = null;
  const apply = await measure((c) => app.applyProposals(c, { gstin: G, onlySafe: true }), {
    keep: (r) => ({ changed: r.changed }),
    setup: async (i) => {
      if (open) await open.store.close();
      open = {
        store: await openSqliteStore(copies[i]),
        user: 'bench',
        now: () => new Date().toISOString(),
      };
      return open;
    },
  });
  await open.store.close();
  rows.push({
    step: `apply-proposals --only-safe (${indian(apply.result.changed)} changed)`,
    ms: apply.ms,
    note: runsNote(apply),
  });

  // The same three steps through the binary, as a user runs them (process start, open, migrate).
  const cliCopy = join(dir, 'cli.sqlite');
  copyFileSync(main.db, cliCopy);
  const cliRuns = [
    ['gst-ims import register', ['import', 'register', main.registerFile]],
    ['gst-ims reconcile --out CSV', ['reconcile', '--out', join(dir, 'cli-result.csv')]],
    ['gst-ims apply-proposals --only-safe', ['apply-proposals', '--only-safe']],
  ];
  for (const [step, args] of cliRuns) {
    const r = cli(cliCopy, G, args);
    rows.push({
      step: `${step} (CLI, ${indian(N)})`,
      ms: r.ms,
      note: `cpu ${Number.isNaN(r.cpu) ? '?' : Math.round(r.cpu)} ms, peak RSS ${r.peakMb ?? '?'} MB (its process); one run`,
    });
  }

  // --- Scaling: the same reconcile at 1k, 10k and N records.
  const sizes = [...new Set([1000, 10000, N])].filter((n) => n <= N).sort((a, b) => a - b);
  const scale = [];
  for (const n of sizes) {
    if (n === N) {
      scale.push({ n, eng, e2e: rec });
      continue;
    }
    const w = await workspace(dir, G, n);
    await app.importRegister(w.ctx, { gstin: G, file: w.registerFile });
    const e2e = await measure(() =>
      app.reconcileWorkspace(w.ctx, G, { out: join(dir, `result-${n}.csv`) }),
    );
    let inp = await engineInput(w.ctx, G);
    const e = await measure(() => engine(inp));
    inp = null;
    await w.ctx.store.close();
    scale.push({ n, eng: e, e2e });
  }
  const ratio = (n) => (n === N ? undefined : false);
  for (const s of scale) {
    rows.push({
      step: `scaling: reconcile engine (match + proposals, in memory), ${indian(s.n)}`,
      ms: s.eng.ms,
      ratio: ratio(s.n),
      note: `${us(perRecord(s.eng.ms, s.n))}; cpu ${us(perRecord(s.eng.cpu, s.n))}`,
    });
  }
  for (const s of scale) {
    rows.push({
      step: `scaling: reconcile end to end (load, match, save, CSV), ${indian(s.n)}`,
      ms: s.e2e.ms,
      ratio: ratio(s.n),
      note: `${us(perRecord(s.e2e.ms, s.n))}; cpu ${us(perRecord(s.e2e.cpu, s.n))}`,
    });
  }
  if (scale.length > 1) {
    const line = (k) => scale.map((s) => perRecord(s[k].cpu, s.n).toFixed(1)).join(' / ');
    const last = scale[scale.length - 1];
    const prev = scale[scale.length - 2];
    const growth = (k) =>
      (perRecord(last[k].cpu, last.n) / perRecord(prev[k].cpu, prev.n)).toFixed(2);
    rows.push({
      step: `scaling: CPU µs/record at ${scale.map((s) => indian(s.n)).join(' / ')}`,
      ms: 0,
      ratio: false,
      goal: 'flat (linear)',
      note: `engine ${line('eng')}; end to end ${line('e2e')}; ${indian(last.n)} vs ${indian(prev.n)}: x${growth('eng')} / x${growth('e2e')}`,
    });
  }
  return rows.map((r) => ({
    ...r,
    ms: Math.round(r.ms),
    ...(r.cpu === undefined ? {} : { cpu: Math.round(r.cpu) }),
  }));
}

/** Peak resident memory of this process so far (Linux), MB; null elsewhere. */
function peakRssMb() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * The suite for bench/run.mjs. It runs in a child process of its own: its 100,000-record
 * workspaces need a few hundred MB of heap, which would otherwise stay with the runner (and
 * count in its peak RSS) for the suites after this one; and its timings do not depend on the
 * heap the earlier suites left behind.
 */
export async function bench({ records, dir, file, recipient = RECIPIENT }) {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      self,
      '--child',
      '--records',
      String(records),
      '--dir',
      dir,
      '--file',
      file,
      '--recipient',
      recipient,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0)
    throw new Error(`bench/reconcile.mjs --child failed (${r.status ?? r.signal})`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === process.argv[1] &&
  args.includes('--child')
) {
  // The child of bench(): measure, then one line of JSON rows on stdout.
  const rows = await measureAll({
    records: Number(arg('--records', '100000')),
    dir: arg('--dir'),
    file: arg('--file'),
    recipient: arg('--recipient', RECIPIENT),
  });
  process.stdout.write(JSON.stringify(rows) + '\n');
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Alone: node bench/reconcile.mjs [--records N], measured in this process.
  const records = Number(arg('--records', '100000'));
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-bench-recon-'));
  try {
    const file = join(dir, 'ims.json');
    writeFileSync(
      file,
      JSON.stringify(
        generateImsDownload({
          seed: 7,
          count: records,
          recipientGstin: RECIPIENT,
          returnPeriod: PERIOD,
        }).json,
      ),
    );
    let parseMs = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      JSON.parse(readFileSync(file, 'utf8'));
      parseMs = Math.min(parseMs, performance.now() - t0);
    }
    const rows = await measureAll({ records, dir, file, recipient: RECIPIENT });
    console.log(
      `bare read + JSON.parse: ${Math.round(parseMs)} ms; peak RSS ${peakRssMb() ?? '?'} MB`,
    );
    console.table(
      rows.map((r) => ({ ...r, ratio: r.ratio === false ? null : +(r.ms / parseMs).toFixed(2) })),
    );
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
