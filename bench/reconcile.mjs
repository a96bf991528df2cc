// Reconciliation benchmark: purchase-register import, reconcile (with --out CSV, as the CLI
// does), apply-proposals --only-safe, and a scaling table (1k, 10k, N records) that shows the
// growth per record.
//
// Alone:   node bench/reconcile.mjs [--records N]    (needs npm run build -w gst-ims)
// In run:  bench/run.mjs imports bench() and adds the rows to its table.
//
// Every step is timed as wall time AND as this process's CPU time (process.cpuUsage: user +
// system, all threads), best of a few runs: the machine is shared, and wall time alone swings
// with other people's work. Each size gets a fresh workspace: the runner's own workspace has
// had "accept all" applied by the core suite, which would turn apply-proposals into a no-op.
// The register is generated from the IMS download (generateRegister: realistic keying
// differences) and written as the CSV a user would export from the books.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const BIN = fileURLToPath(new URL('../packages/gst-ims/bin/gst-ims.js', import.meta.url));
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

/** Runs fn `repeat` times (fresh state from `setup` each time when given); best wall and best CPU. */
async function measure(fn, { repeat = REPEAT, setup } = {}) {
  const runs = [];
  let result;
  for (let i = 0; i < repeat; i++) {
    const arg = setup ? await setup(i) : undefined;
    globalThis.gc?.();
    const c0 = cpuMs();
    const t0 = performance.now();
    result = await fn(arg);
    runs.push({ ms: performance.now() - t0, cpu: cpuMs() - c0 });
  }
  return { ms: Math.min(...runs.map((r) => r.ms)), cpu: Math.min(...runs.map((r) => r.cpu)), runs, result };
}

const runsNote = (m) => `cpu ${Math.round(m.cpu)} ms; ${m.runs.length > 1 ? `best of ${m.runs.length}, walls ${m.runs.map((r) => Math.round(r.ms)).join('/')}` : 'one run'}`;

/** CPU time of finished children (Linux /proc, clock ticks of 10 ms); null elsewhere. */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat (cutime, cstime) are 13 and 14 after the ")".
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return null;
  }
}

/** The gst-ims binary as a user runs it: wall and CPU of the child process. */
function cli(db, args) {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, '--db', db, '--gstin', RECIPIENT, '--user', 'bench', ...args], { encoding: 'utf8', env: { ...process.env, GST_IMS_DB: '' } });
  const ms = performance.now() - t0;
  const c1 = childrenCpuMs();
  if (r.status !== 0 && r.status !== 4) throw new Error(`gst-ims ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, cpu: c0 === null || c1 === null ? NaN : c1 - c0, stdout: r.stdout };
}

// ---------------------------------------------------------------------------------------------
// The register CSV, as a books export would have it.

const csvCell = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const rupees = (p) => (p / 100).toFixed(2);
const portalDate = (iso) => (iso === null ? '' : `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`);
const TYPE_WORD = { invoice: 'Purchase', creditNote: 'Credit Note', debitNote: 'Debit Note' };
const HEADER = ['Voucher No', 'Supplier GSTIN', 'Supplier Name', 'Supplier Invoice No', 'Supplier Invoice Date', 'Voucher Type', 'Place of Supply', 'Taxable Value', 'IGST', 'CGST', 'SGST', 'Cess', 'Invoice Value', 'Goods Receipt Date'];

export function registerCsv(docs) {
  const lines = ['Purchase Register', '', HEADER.join(',')];
  for (const d of docs) {
    const a = d.amounts;
    lines.push(
      [d.ref, d.supplierGstin, d.supplierName ?? '', d.docNumber, portalDate(d.docDate), TYPE_WORD[d.docType], d.pos ?? '', rupees(a.taxable), rupees(a.igst), rupees(a.cgst), rupees(a.sgst), rupees(a.cess), rupees(a.value), portalDate(d.receivedDate)]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------

/** A fresh workspace holding `count` generated records (or the given file) and the register CSV. */
async function workspace(dir, count, imsFile) {
  let json;
  let file = imsFile;
  if (file === undefined) {
    json = generateImsDownload({ seed: 7, count, recipientGstin: RECIPIENT, returnPeriod: PERIOD }).json;
    file = join(dir, `ims-${count}.json`);
    writeFileSync(file, JSON.stringify(json));
  } else json = JSON.parse(readFileSync(file, 'utf8'));
  const db = join(dir, `ws-${count}.sqlite`);
  const store = await openSqliteStore(db);
  const ctx = { store, user: 'bench', now: () => new Date().toISOString() };
  await app.importIms(ctx, { file });
  const books = generateRegister({ seed: 7, imsJson: json, recipientGstin: RECIPIENT });
  const registerFile = join(dir, `register-${count}.csv`);
  writeFileSync(registerFile, registerCsv(books.rows));
  return { ctx, db, registerFile, generated: books.rows.length };
}

/** The engine alone on loaded data: match + proposals, as reconcileWorkspace runs them. */
async function engineInput(ctx) {
  const records = (await ctx.store.loadRecords(RECIPIENT)).filter((r) => !r.state.gone).map((r) => r.record);
  const documents = await ctx.store.loadRegister(RECIPIENT);
  const p = await app.imsPeriod(ctx.store, RECIPIENT, records);
  return { records, documents, periodEnd: p === null ? null : app.periodEndOf(p.period) };
}

function engine({ records, documents, periodEnd }) {
  const tolerances = core.DEFAULT_TOLERANCES;
  const results = core.reconcile({ records, documents, tolerances });
  const proposals = core.proposeActions({ records, documents, results, rules: core.DEFAULT_PROPOSAL_RULES, periodEnd, tolerances });
  return { results, proposals };
}

export async function bench({ records, dir, file }) {
  const rows = [];
  const N = records;
  const perRecord = (ms, n) => `${((ms * 1000) / n).toFixed(1)} µs/record`;

  // --- The full flow at N records.
  const main = await workspace(dir, N, file);
  const { ctx } = main;
  const imp = await measure(() => app.importRegister(ctx, { gstin: RECIPIENT, file: main.registerFile }));
  if (imp.result.documents !== main.generated) throw new Error(`register import read ${imp.result.documents} documents of ${main.generated}`);
  rows.push({ step: `import register CSV (${indian(imp.result.documents)} documents)`, ms: imp.ms, note: runsNote(imp) });

  const out = join(dir, `result-${N}.csv`);
  const rec = await measure(() => app.reconcileWorkspace(ctx, RECIPIENT, { out }));
  const counts = rec.result.counts;
  rows.push({ step: `reconcile --out CSV (${indian(rec.result.rows.length)} rows)`, ms: rec.ms, goal: '<= 10x', note: `${runsNote(rec)}; exact ${counts.exact}, probable ${counts.probable}, mismatch ${counts.mismatch}` });

  const input = await engineInput(ctx);
  const eng = await measure(() => engine(input));
  await ctx.store.close();

  // apply-proposals changes the workspace: each run gets its own copy of the reconciled one.
  const copies = Array.from({ length: REPEAT }, (_, i) => join(dir, `apply-${i}.sqlite`));
  for (const c of copies) copyFileSync(main.db, c);
  let open = null;
  const apply = await measure(
    async (c) => {
      const r = await app.applyProposals(c, { gstin: RECIPIENT, onlySafe: true });
      return r;
    },
    {
      setup: async (i) => {
        if (open) await open.store.close();
        open = { store: await openSqliteStore(copies[i]), user: 'bench', now: () => new Date().toISOString() };
        return open;
      },
    },
  );
  await open.store.close();
  rows.push({ step: `apply-proposals --only-safe (${indian(apply.result.changed)} changed)`, ms: apply.ms, note: runsNote(apply) });

  // The same three steps through the binary, as a user runs them (process start, open, migrate).
  const cliCopy = join(dir, 'cli.sqlite');
  copyFileSync(main.db, cliCopy);
  const cliRuns = [
    ['gst-ims import register', ['import', 'register', main.registerFile]],
    ['gst-ims reconcile --out CSV', ['reconcile', '--out', join(dir, 'cli-result.csv')]],
    ['gst-ims apply-proposals --only-safe', ['apply-proposals', '--only-safe']],
  ];
  for (const [step, args] of cliRuns) {
    const r = cli(cliCopy, args);
    rows.push({ step: `${step} (CLI, ${indian(N)})`, ms: r.ms, note: `cpu ${Number.isNaN(r.cpu) ? '?' : Math.round(r.cpu)} ms (child); one run` });
  }

  // --- Scaling: the same reconcile at 1k, 10k and N records.
  const sizes = [...new Set([1000, 10000, N])].filter((n) => n <= N).sort((a, b) => a - b);
  const scale = [];
  for (const n of sizes) {
    if (n === N) {
      scale.push({ n, eng, e2e: rec });
      continue;
    }
    const w = await workspace(dir, n);
    await app.importRegister(w.ctx, { gstin: RECIPIENT, file: w.registerFile });
    const e2e = await measure(() => app.reconcileWorkspace(w.ctx, RECIPIENT, { out: join(dir, `result-${n}.csv`) }));
    const inp = await engineInput(w.ctx);
    const e = await measure(() => engine(inp));
    await w.ctx.store.close();
    scale.push({ n, eng: e, e2e });
  }
  for (const s of scale) {
    rows.push({ step: `scaling: reconcile engine, ${indian(s.n)} records`, ms: s.eng.ms, ratio: s.n === N ? undefined : false, note: `${perRecord(s.eng.ms, s.n)}, cpu ${perRecord(s.eng.cpu, s.n)}` });
  }
  for (const s of scale) {
    rows.push({ step: `scaling: reconcile end to end, ${indian(s.n)} records`, ms: s.e2e.ms, ratio: s.n === N ? undefined : false, note: `${perRecord(s.e2e.ms, s.n)}, cpu ${perRecord(s.e2e.cpu, s.n)}` });
  }
  if (scale.length > 1) {
    const first = scale[0];
    const last = scale[scale.length - 1];
    const growth = (k) => (last[k].cpu / last.n / (first[k].cpu / first.n)).toFixed(2);
    rows.push({ step: `scaling: CPU per record, ${indian(last.n)} vs ${indian(first.n)}`, ms: 0, ratio: false, goal: '~1 (linear)', note: `engine x${growth('eng')}, end to end x${growth('e2e')}` });
  }
  return rows.map((r) => ({ ...r, ms: Math.round(r.ms) }));
}

// Alone: node bench/reconcile.mjs [--records N]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--records');
  const records = i >= 0 ? Number(args[i + 1]) : 100000;
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-bench-recon-'));
  try {
    const file = join(dir, 'ims.json');
    writeFileSync(file, JSON.stringify(generateImsDownload({ seed: 7, count: records, recipientGstin: RECIPIENT, returnPeriod: PERIOD }).json));
    let parseMs = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      JSON.parse(readFileSync(file, 'utf8'));
      parseMs = Math.min(parseMs, performance.now() - t0);
    }
    const rows = await bench({ records, dir, parseMs, file, recipient: RECIPIENT });
    console.log(`bare read + JSON.parse: ${Math.round(parseMs)} ms`);
    console.table(rows.map((r) => ({ ...r, ratio: r.ratio === false ? null : +(r.ms / parseMs).toFixed(2) })));
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
