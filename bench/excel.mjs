// Excel round-trip benchmark (issue 5): `export excel` of every record to one workbook (goal:
// 100,000 records in well under 15 s and 1 GB), then `import excel` of that workbook with the
// decisions of 1,000 rows changed.
//
// Alone:   node --expose-gc bench/excel.mjs [--records N]   (needs npm run build -w packages/gst-ims)
//          every step is the binary in its own process: wall, CPU and peak RSS are the command's.
// In run:  bench/run.mjs imports bench() and adds the rows to its table.
//
// Each step is timed as wall time and as this process's CPU time (process.cpuUsage), and its
// peak resident memory is measured around it: on Linux the kernel's own high-water mark
// (VmHWM, reset before the step through /proc/self/clear_refs), else process.memoryUsage().rss
// sampled every 10 ms. In bench/run.mjs the process already holds what the earlier suites left,
// so the note also gives the RSS at the start of the step. The export is measured once more
// through the binary, in a process of its own, as a user runs it: that peak is the export's alone.
//
// The edited workbook: the rows of the export with 1,000 of them (spread over the sheets)
// showing a different Action, written with the app's own workbook writer and keys (as a user's
// edit leaves them: the key still names the decision the row was exported with). Editing the
// 100,000-row file with exceljs' in-memory workbook would take longer than both steps together
// and about 1 GB. The import applies the edits: this suite runs last and leaves the workspace
// with them.
import { cliStep } from './cli-step.mjs';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const RECIPIENT = '27AABCU9603R1ZN';
const EDITS = 1000;

const indian = (n) => n.toLocaleString('en-IN');
const mb = (bytes) => Math.round(bytes / 1048576);
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Resets the kernel's peak-RSS mark of this process; false where that is not possible. */
function resetPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function kernelPeak() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs fn once: wall, CPU, RSS at the start and peak RSS during it. */
async function step(fn) {
  globalThis.gc?.();
  const startRss = process.memoryUsage().rss;
  const kernel = resetPeak();
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const c0 = cpuMs();
  const t0 = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - t0;
    const cpu = cpuMs() - c0;
    peak = Math.max(peak, process.memoryUsage().rss, kernel ? kernelPeak() : 0);
    return { ms, cpu, startRss, peak, result };
  } finally {
    clearInterval(sampler);
  }
}

const stepNote = (s) =>
  `cpu ${Math.round(s.cpu)} ms; peak RSS ${mb(s.peak)} MB (${mb(s.startRss)} MB at the start of the step)`;

/** The gst-ims binary as a user runs it: wall, CPU and peak RSS of its process. */
function cli(db, gstin, args) {
  return cliStep(db, gstin, args, [0]);
}

/**
 * The exported workbook as a user leaves it after changing the Action of `edits` rows: every
 * live record's row with the key of the export (record version, the decision it showed), and in
 * every n-th row a different decision (Reject, or Accept where it showed Reject). Written with
 * the app's own writer.
 */
async function editedWorkbook(ctx, gstin, out, edits) {
  const app = await load('app/index.js');
  const io = await load('io/index.js');
  const core = await load('core/index.js');
  const live = (await ctx.store.loadRecords(gstin)).filter((w) => !w.state.gone);
  const importId = (await app.latestDownload(ctx.store, gstin))?.id ?? 0;
  const every = Math.max(1, Math.floor(live.length / edits));
  const sheets = Object.fromEntries(core.SECTIONS.map((s) => [s, []]));
  let edited = 0;
  live.forEach((w, i) => {
    const exported = w.state.decision;
    const change = edited < edits && i % every === 0;
    if (change) edited++;
    sheets[w.record.section].push({
      record: w.record,
      decision: change
        ? {
            action: exported.action === 'reject' ? 'accept' : 'reject',
            remark: null,
            itcReduction: null,
          }
        : exported,
      key: io.encodeRowKey({
        gstin,
        version: io.recordVersion(w.record),
        decisionHash: io.decisionHash(exported),
        importId,
        recordKey: w.record.key,
      }),
      error: null,
    });
  });
  await io.writeImsWorkbook(out, {
    home: {
      gstin,
      exportedAt: new Date().toISOString(),
      exportedBy: 'bench',
      download: `#${importId}`,
      part: 'all records',
    },
    withMatch: false,
    sheets,
  });
  return edited;
}

/** The suite: rows { step, ms, goal, note, ratio }. */
export async function bench({ records, dir, ctx, file, recipient = RECIPIENT }) {
  const app = await load('app/index.js');
  const gstins = await ctx.store.listGstins();
  if (!gstins.some((g) => g.gstin === recipient && g.records > 0))
    await app.importIms(ctx, { file });
  const rows = [];

  const workbook = join(dir, 'excel-export.xlsx');
  const exp = await step(() => app.exportExcel(ctx, { gstin: recipient, outFile: workbook }));
  const bytes = statSync(workbook).size;
  rows.push({
    step: `export excel (${indian(exp.result.records)} records, one workbook)`,
    ms: exp.ms,
    goal: '< 15 s, < 1 GB',
    note: `${stepNote(exp)}; ${(bytes / 1048576).toFixed(1)} MB file`,
  });

  const editedFile = join(dir, 'excel-edited.xlsx');
  const edited = await editedWorkbook(ctx, recipient, editedFile, EDITS);
  const imp = await step(() => app.importExcel(ctx, { files: [editedFile], gstin: recipient }));
  const r = imp.result;
  rows.push({
    step: `import excel (${indian(r.rows)} rows, ${indian(edited)} edited)`,
    ms: imp.ms,
    note: `${stepNote(imp)}; applied ${indian(r.changes.length)}, unchanged ${indian(r.unchanged)}, not applied ${indian(r.notApplied)}`,
  });

  // Through the binary, in a workspace of its own (imported untimed from the same download).
  const db = join(dir, 'excel-cli.sqlite');
  cli(db, recipient, ['import', 'ims', file]);
  const c = cli(db, recipient, ['export', 'excel', '--out', join(dir, 'excel-cli.xlsx')]);
  rows.push({
    step: `gst-ims export excel (CLI, ${indian(records)})`,
    ms: c.ms,
    goal: '< 15 s, < 1 GB',
    note: `cpu ${Number.isNaN(c.cpu) ? '?' : Math.round(c.cpu)} ms, peak RSS ${c.peakMb ?? '?'} MB (its process); one run`,
  });
  return rows.map((x) => ({ ...x, ms: Math.round(x.ms), ratio: false }));
}

/**
 * Standalone: every measured step is the gst-ims binary in a process of its own (so the peak
 * RSS is the command's, not this script's), with its CPU time beside the wall time: the
 * machine is shared, and CPU time is what the command itself cost.
 */
async function standalone(records) {
  const { generateImsDownload } = await load('generator/generate-ims.js');
  const { openSqliteStore } = await load('store/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-bench-excel-'));
  const rows = [];
  const add = (label, c, note = '') =>
    rows.push({
      step: label,
      'wall s': (c.ms / 1000).toFixed(1),
      'cpu s': Number.isNaN(c.cpu) ? '?' : (c.cpu / 1000).toFixed(1),
      'peak RSS MB': c.peakMb ?? '?',
      note,
    });
  try {
    const file = join(dir, 'ims.json');
    writeFileSync(
      file,
      JSON.stringify(
        generateImsDownload({
          seed: 7,
          count: records,
          recipientGstin: RECIPIENT,
          returnPeriod: '102026',
        }).json,
      ),
    );
    const db = join(dir, 'ws.sqlite');
    add('import ims (setup)', cli(db, RECIPIENT, ['import', 'ims', file]));
    rmSync(file);
    const out = join(dir, 'excel-cli.xlsx');
    const c = cli(db, RECIPIENT, ['export', 'excel', '--out', out]);
    add(
      `export excel (${indian(records)})`,
      c,
      `${(statSync(out).size / 1048576).toFixed(1)} MB file`,
    );
    rmSync(out);
    const editedFile = join(dir, 'excel-edited.xlsx');
    const store = await openSqliteStore(db);
    let edited;
    try {
      const ctx = { store, user: 'bench', now: () => new Date().toISOString() };
      edited = await editedWorkbook(ctx, RECIPIENT, editedFile, EDITS);
    } finally {
      await store.close();
    }
    globalThis.gc?.();
    const i = cli(db, RECIPIENT, ['import', 'excel', editedFile]);
    add(`import excel (${indian(records)} rows, ${indian(edited)} edited)`, i, 'applied');
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\ngst-ims Excel benchmark (each step the binary in its own process): ${indian(records)} generated records, node ${process.version}, ${new Date().toISOString()}`,
  );
  console.table(rows);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--records');
  await standalone(i >= 0 ? Number(process.argv[i + 1]) : 100_000);
}
