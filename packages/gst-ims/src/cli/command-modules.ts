// Which command modules a run loads. Loading all of them loads every module of the app (about
// 0.3 s of CPU before anything runs); the pipeline's commands (import ims, import register,
// reconcile) load only their own (docs/decisions/0047). Anything else - help, --version, every
// other command, an option this does not know before the command - loads them all, as before.
import type { Command } from 'commander';
import type { Session } from './session.js';

export type Register = (program: Command, session: () => Session) => void;

/** Every module, in the order the help lists the commands. */
const ALL: readonly (() => Promise<Register>)[] = [
  async () => (await import('./commands/import-commands.js')).registerImport,
  async () => (await import('./commands/act-command.js')).registerAct,
  async () => (await import('./commands/export-command.js')).registerExport,
  async () => (await import('./commands/status-commands.js')).registerStatus,
  async () => (await import('./commands/demo-command.js')).registerDemo,
  async () => (await import('./commands/serve-command.js')).registerServe,
  async () => (await import('./commands/excel-commands.js')).registerExcel,
  async () => (await import('./commands/reconcile-commands.js')).registerReconcile,
  async () => (await import('./commands/backup-command.js')).registerBackup,
  async () => (await import('./commands/month-commands.js')).registerMonth,
  async () => (await import('./commands/undo-command.js')).registerUndo,
  async () => (await import('./commands/doctor-command.js')).registerDoctor,
  async () => (await import('./commands/workspace-command.js')).registerWorkspace,
  async () => (await import('./commands/user-commands.js')).registerUser,
  async () => (await import('./commands/approve-command.js')).registerApprove,
  async () => (await import('./commands/assign-command.js')).registerAssign,
  // Last: it adds to the `import`, `report` and `export` commands the others create.
  async () => (await import('./commands/outward-commands.js')).registerOutward,
];

/** A command path and the one module that defines it whole (its options, arguments, action). */
export const FAST_PATHS: readonly {
  readonly words: readonly string[];
  readonly load: () => Promise<Register>;
}[] = [
  {
    words: ['import', 'ims'],
    load: async () => (await import('./commands/import-commands.js')).registerImport,
  },
  {
    words: ['import', 'register'],
    load: async () =>
      (await import('./commands/import-register-command.js')).registerImportRegister,
  },
  {
    words: ['reconcile'],
    load: async () => (await import('./commands/reconcile-commands.js')).registerReconcile,
  },
];

/** Global options that take a value (program options in cli/main.ts). */
const VALUE_OPTIONS = new Set(['--db', '--gstin', '--format', '--user']);

/**
 * The command words of `argv` (node, script, then the user's arguments), up to `max`, after
 * the global options; null when something before the command is not a known global option.
 */
export function commandWords(argv: readonly string[], max: number): string[] | null {
  const words: string[] = [];
  for (let i = 2; i < argv.length && words.length < max; i++) {
    const a = argv[i] as string;
    if (words.length === 0 && a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      else if (!VALUE_OPTIONS.has(a.split('=')[0] as string)) return null;
      continue;
    }
    if (a.startsWith('-')) break;
    words.push(a);
  }
  return words;
}

/** The register functions a run of `argv` needs, in the order they are to be called. */
export async function commandModules(argv: readonly string[]): Promise<Register[]> {
  const words = commandWords(argv, 2);
  const fast =
    words === null ? undefined : FAST_PATHS.find((p) => p.words.every((w, i) => words[i] === w));
  if (fast !== undefined) return [await fast.load()];
  return Promise.all(ALL.map((load) => load()));
}
