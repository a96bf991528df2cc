// Progress bars for people at a terminal: the use cases call the context's progress sink
// (phase, done, total); this draws one cli-progress bar per phase on STDERR. Never on stdout
// (scripts parse it), never when stderr is not a terminal, never with --format json, and not
// when GST_IMS_NO_PROGRESS or CI is set. A bar is cleared (not left behind) before any normal
// output, on errors, on Ctrl+C and at exit.
import cliProgress from 'cli-progress';
import type { ProgressSink } from '../app/index.js';
import type { Format } from './output.js';

/** The little of a terminal stream a bar needs; process.stderr in the CLI, a fake in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(chunk: string): unknown;
}

export interface ProgressSettings {
  /** Where bars go: the CLI's stderr. Absent: no bars. */
  readonly stream: ProgressStream | undefined;
  readonly format: Format;
  readonly env: NodeJS.ProcessEnv;
  /** Clear the bar on SIGINT/SIGTERM (then let the signal do what it would) and at exit. */
  readonly handleSignals?: boolean | undefined;
}

export interface CliProgress {
  /** What the context gets: undefined when no bar is wanted, so the engine never reports in vain. */
  readonly sink: ProgressSink | undefined;
  /** Clears the bar being drawn, if any; the next report starts a new one. Safe to call any time. */
  stop(): void;
}

const isSet = (v: string | undefined): boolean => v !== undefined && v !== '';

/** Whether bars are wanted at all: a terminal on stderr, table output, and nobody said no. */
export function progressWanted(s: ProgressSettings): boolean {
  if (s.stream === undefined || s.stream.isTTY !== true) return false;
  if (s.format === 'json') return false;
  if (isSet(s.env.GST_IMS_NO_PROGRESS) || isSet(s.env.CI)) return false;
  // A terminal that cannot move the cursor would print every redraw on a new line.
  if (s.env.TERM === 'dumb') return false;
  return true;
}

const BAR_WIDTH = 30;
const count = new Intl.NumberFormat('en-IN');

/** One line: "phase [#####.....] 42% 42,000/1,00,000 ETA 3s"; with no total known, "phase ... 42,000". */
export function formatBarLine(phase: string, value: number, total: number, eta: number): string {
  if (!(total > 0)) return value > 0 ? `${phase} ... ${count.format(value)}` : `${phase} ...`;
  const share = Math.min(Math.max(value / total, 0), 1);
  const filled = Math.round(share * BAR_WIDTH);
  const pct = Math.floor(share * 100);
  const left =
    share > 0 && share < 1 && Number.isFinite(eta) && eta > 0 ? ` ETA ${formatSeconds(eta)}` : '';
  return `${phase} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(pct).padStart(3)}% ${count.format(value)}/${count.format(total)}${left}`;
}

function formatSeconds(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

const NO_PROGRESS: CliProgress = { sink: undefined, stop: () => undefined };

export function createProgress(s: ProgressSettings): CliProgress {
  if (!progressWanted(s)) return NO_PROGRESS;
  const stream = s.stream as ProgressStream;
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let failed = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    stop();
    // Our listener is gone now: raising the signal again does what it would have done without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const onExit = (): void => stop();
  const listen = (on: boolean): void => {
    if (s.handleSignals !== true) return;
    if (on) {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      process.once('exit', onExit);
    } else {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('exit', onExit);
    }
  };

  function stop(): void {
    const b = bar;
    if (b === null) return;
    bar = null;
    listen(false);
    try {
      b.stop();
    } catch {
      // a terminal gone away must not turn a finished command into a failure
    }
  }

  function start(name: string, done: number, total: number): void {
    const b = new cliProgress.SingleBar({
      stream: stream as unknown as NodeJS.WritableStream,
      format: (_options, params) => formatBarLine(name, params.value, params.total, params.eta),
      clearOnComplete: true,
      // Cursor and line wrapping stay as they are: a process killed mid-bar leaves the terminal usable.
      hideCursor: false,
      linewrap: true,
      fps: 10,
    });
    b.start(Math.max(total, 0), done);
    bar = b;
    phase = name;
    listen(true);
  }

  const sink: ProgressSink = (name, done, total) => {
    if (failed) return;
    try {
      if (bar === null || name !== phase) {
        stop();
        start(name, done, total);
        return;
      }
      if (total !== bar.getTotal()) bar.setTotal(Math.max(total, 0));
      bar.update(done);
    } catch {
      // Progress is a courtesy: a drawing problem never fails the work; no more bars this run.
      failed = true;
      stop();
    }
  };

  return { sink, stop };
}
