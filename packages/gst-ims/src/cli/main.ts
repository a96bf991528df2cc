import { Command, CommanderError, Option } from 'commander';
import {
  BadInputError,
  NothingToDoError,
  RefusedError,
  UsageError,
  WorkspaceBusyError,
} from '../core/index.js';
import { PACKAGE_VERSION } from '../app/package-version.js';
import type { Register } from './command-modules.js';
import { commandModules } from './command-modules.js';
import type { GlobalOptions, Io } from './session.js';
import { forTerminal } from './output.js';
import type { WriteLog } from './interrupt.js';
import { COPY_INTERRUPTED, handleInterrupts } from './interrupt.js';
import { Session } from './session.js';

export const EXIT = { ok: 0, internal: 1, usage: 2, badInput: 3, nothingToDo: 4, busy: 5 } as const;

const VERSION = PACKAGE_VERSION;

/** The run's session once a command made one, and the command that runs. */
export interface RunHolder {
  session: Session | null;
  command?: string | null;
}

/** The program with the commands of `modules` (cli/command-modules.ts: all, or one run's own). */
export function buildProgram(io: Io, holder: RunHolder, modules: readonly Register[]): Command {
  const program = new Command('gst-ims')
    .description(
      'Offline IMS workbench: import the IMS download, decide, validate, write the upload JSON, read the error file',
    )
    .version(VERSION)
    .option(
      '--db <file>',
      'workspace: a file (SQLite), or postgres://user@host/database (env GST_IMS_DB)',
      undefined,
    )
    .option(
      '--gstin <gstin>',
      'recipient GSTIN to work on (needed when the workspace holds several)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .option('--user <name>', 'name recorded in the audit log (default: the OS user)')
    .showHelpAfterError('(run gst-ims --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.hook('preAction', (_program, action) => {
    holder.command = action.name();
  });
  const session = (): Session => {
    holder.session ??= new Session(program.opts<GlobalOptions>(), io);
    return holder.session;
  };
  for (const register of modules) register(program, session);
  for (const c of allCommands(program))
    c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((x) => [x, ...allCommands(x)]);
}

/** The one error catch of the CLI: every failure becomes a message and an exit code. */
export async function run(
  argv: readonly string[],
  io: Io,
  holder: RunHolder = { session: null },
): Promise<number> {
  const program = buildProgram(io, holder, await commandModules(argv));
  let code: number;
  try {
    await program.parseAsync([...argv]);
    code = holder.session?.exitCode ?? EXIT.ok;
  } catch (e) {
    // A progress bar is cleared before the message, never left half-drawn above it.
    holder.session?.progress.stop();
    code = report(e, io);
  }
  await holder.session?.close(code !== EXIT.ok).catch(() => undefined);
  return code;
}

function report(e: unknown, io: Io): number {
  // Messages quote what the files hold (document numbers, names): escaped like all human output.
  const say = (s: string): void => io.stderr(`${forTerminal(s)}\n`);
  if (e instanceof CommanderError) {
    if (
      e.code === 'commander.helpDisplayed' ||
      e.code === 'commander.version' ||
      e.code === 'commander.help'
    )
      return EXIT.ok;
    return EXIT.usage;
  }
  if (e instanceof UsageError) {
    say(`gst-ims: ${e.message}`);
    return EXIT.usage;
  }
  if (e instanceof BadInputError) {
    say(`gst-ims: ${e.message}`);
    return EXIT.badInput;
  }
  if (e instanceof RefusedError) {
    say(`gst-ims: ${e.message}`);
    for (const r of e.refusals.slice(0, 50)) say(`  [${r.code}] ${r.message}`);
    if (e.refusals.length > 50) say(`  ... and ${e.refusals.length - 50} more`);
    return EXIT.badInput;
  }
  if (e instanceof NothingToDoError) {
    say(`gst-ims: ${e.message}`);
    return EXIT.nothingToDo;
  }
  if (e instanceof WorkspaceBusyError) {
    say(`gst-ims: ${e.message}`);
    return EXIT.busy;
  }
  const err = e as NodeJS.ErrnoException;
  if (
    err &&
    typeof err.code === 'string' &&
    ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENOSPC'].includes(err.code)
  ) {
    say(`gst-ims: ${err.message}`);
    return EXIT.badInput;
  }
  say(`gst-ims: internal error: ${err?.message ?? String(e)}`);
  if (io.env.GST_IMS_DEBUG) say(String(err?.stack));
  else say('(set GST_IMS_DEBUG=1 for details, and please report it)');
  return EXIT.internal;
}

export function main(argv: readonly string[]): Promise<number> {
  // `gst-ims status | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  // Ctrl+C stops the run at once and says whether anything was saved (cli/interrupt.ts); `serve`
  // handles it itself, closing the server and the workspace cleanly.
  const writes: WriteLog = { open: 0, committed: 0 };
  const holder: RunHolder = { session: null, command: null };
  handleInterrupts({
    log: writes,
    stderr: (s) => process.stderr.write(s),
    stop: () => holder.session?.progress.stop(),
    deferred: () => holder.command === 'serve',
    instead: () => (holder.command === 'copy' ? COPY_INTERRUPTED : null),
    exit: (code) => process.exit(code),
  });
  return run(
    argv,
    {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      stderrStream: process.stderr,
      env: process.env,
      now: () => new Date().toISOString(),
      writes: () => (holder.command === 'serve' ? null : writes),
    },
    holder,
  );
}
