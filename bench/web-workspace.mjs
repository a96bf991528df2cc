// The web benchmark's kept workspace (bench/web.mjs --workspace DIR): built once, the way a person
// would, with the project's generator and the CLI's `import ims`, then served by `gst-ims serve`.
// A million records take minutes to generate and import; every later run copies the built file.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../packages/gst-ims/bin/gst-ims.js', import.meta.url));
const GENERATE = fileURLToPath(new URL('./web-generate.mjs', import.meta.url));

/** CPU seconds (user + system) and peak RSS (MB) of a process, from /proc (Linux). */
export function procUsage(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { cpuMs: ticks * 10, peakMb: hwm ? Math.round(Number(hwm[1]) / 1024) : null };
  } catch {
    return { cpuMs: null, peakMb: null };
  }
}

/** Runs a node script to its end; resolves with its stdout, CPU time and peak RSS (time -v). */
function runNode(args, label) {
  return new Promise((resolve, reject) => {
    const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
    const cmd = timeBin ?? process.execPath;
    const argv = timeBin ? ['-f', 'cpu=%U+%S rss=%MkB', process.execPath, ...args] : args;
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${label} failed (exit ${code}): ${err.slice(-2000)}`));
      else {
        const m = /cpu=([\d.]+)\+([\d.]+) rss=(\d+)kB/.exec(err);
        resolve({
          out,
          cpuMs: m ? Math.round((Number(m[1]) + Number(m[2])) * 1000) : null,
          peakMb: m ? Math.round(Number(m[3]) / 1024) : null,
        });
      }
    });
  });
}

/**
 * The built workspace of `records` records in `dir` (ws-N.sqlite): generated and imported by the
 * CLI the first time, kept afterwards. Returns { file, rows } (rows: the build's own figures).
 */
export async function builtWorkspace({ dir, records, recipient }) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `ws-${records}.sqlite`);
  const rows = [];
  if (existsSync(file) && existsSync(`${file}.built`)) return { file, rows };
  rmSync(file, { force: true });
  const download = join(dir, `ims-${records}.json`);
  let t = performance.now();
  const gen = await runNode([GENERATE, download, String(records), recipient], 'generate');
  rows.push({
    step: `setup: generate ${records.toLocaleString('en-IN')} records (${(statSync(download).size / 1048576).toFixed(0)} MB)`,
    ms: Math.round(performance.now() - t),
    cpuMs: gen.cpuMs,
    peakMb: gen.peakMb,
  });
  t = performance.now();
  const imp = await runNode(
    [CLI, '--db', file, '--user', 'bench', 'import', 'ims', download, '--max-mb', '8192'],
    'gst-ims import ims',
  );
  rows.push({
    step: 'setup: gst-ims import ims',
    ms: Math.round(performance.now() - t),
    cpuMs: imp.cpuMs,
    peakMb: imp.peakMb,
  });
  writeFileSync(`${file}.built`, 'imported\n'); // a marker: the import finished
  rmSync(download, { force: true });
  return { file, rows };
}

/** A copy of the built workspace for one run (a bulk decision changes it). */
export function runCopy(file, dir) {
  const copy = join(dir, 'run.sqlite');
  for (const ext of ['', '-wal', '-shm']) rmSync(copy + ext, { force: true });
  copyFileSync(file, copy);
  return copy;
}

/** `gst-ims serve` on the workspace, on a free port: { url, pid, close }. */
export function serve(dbFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--db', dbFile, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const onData = (d) => {
      out += d;
      const m = /serving .* at (http:\/\/\S+)/.exec(out);
      if (m)
        resolve({
          url: m[1].endsWith('/') ? m[1] : `${m[1]}/`,
          pid: child.pid,
          stderr: () => err,
          close: () =>
            new Promise((r) => {
              child.once('close', r);
              child.kill('SIGINT');
            }),
        });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`gst-ims serve ended (exit ${code}): ${err}`)));
  });
}
