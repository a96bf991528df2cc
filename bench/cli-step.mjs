// Runs the gst-ims binary as a user runs it, in its own process, and measures that process:
// wall time, CPU time (Linux /proc) and peak RSS. Shared by the benchmark suites.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../packages/gst-ims/bin/gst-ims.js', import.meta.url));

// Loaded before the CLI in its process: says the process's peak RSS (Linux) on stderr at exit.
const PEAK_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { readFileSync } from 'node:fs'; process.on('exit', () => { try { const m = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8')); if (m) process.stderr.write('\\n#peak-rss-kb=' + m[1] + '\\n'); } catch {} });",
)}`;

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

/**
 * `gst-ims --db DB --gstin GSTIN --user bench ARGS...`; throws unless it exits 0 (or one of
 * `okCodes`, e.g. 4 for "nothing to do").
 */
export function cliStep(db, gstin, args, okCodes = [0]) {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', PEAK_HOOK, BIN, '--db', db, '--gstin', gstin, '--user', 'bench', ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, GST_IMS_DB: '' },
    },
  );
  const ms = performance.now() - t0;
  const c1 = childrenCpuMs();
  if (!okCodes.includes(r.status ?? -1))
    throw new Error(`gst-ims ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  const peak = /#peak-rss-kb=(\d+)/.exec(r.stderr);
  return {
    ms,
    cpu: c0 === null || c1 === null ? NaN : c1 - c0,
    peakMb: peak ? Math.round(Number(peak[1]) / 1024) : null,
  };
}
