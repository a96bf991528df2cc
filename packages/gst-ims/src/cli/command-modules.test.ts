import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { FAST_PATHS, commandModules, commandWords } from './command-modules.js';
import { buildProgram } from './main.js';
import type { Io } from './session.js';

const io: Io = {
  stdout: () => undefined,
  stderr: () => undefined,
  env: {},
  now: () => '2026-12-07T00:00:00.000Z',
};

const argv = (...args: string[]): string[] => ['node', 'gst-ims', ...args];

async function programFor(args: string[]): Promise<Command> {
  return buildProgram(io, { session: null }, await commandModules(argv(...args)));
}

/** What a user can type and see of a command: options, arguments, subcommands, in depth. */
function shape(c: Command): unknown {
  return {
    name: c.name(),
    aliases: c.aliases(),
    description: c.description(),
    usage: c.usage(),
    options: c.options.map((o) => ({
      flags: o.flags,
      description: o.description,
      default: o.defaultValue as unknown,
      choices: o.argChoices,
      mandatory: o.mandatory,
    })),
    arguments: c.registeredArguments.map((a) => ({
      name: a.name(),
      required: a.required,
      variadic: a.variadic,
      default: a.defaultValue as unknown,
    })),
    commands: c.commands.map(shape),
  };
}

function find(program: Command, words: readonly string[]): Command {
  let c = program;
  for (const w of words) {
    const next = c.commands.find((x) => x.name() === w);
    if (next === undefined) throw new Error(`no command ${words.join(' ')}`);
    c = next;
  }
  return c;
}

describe('commandModules', () => {
  it.each(FAST_PATHS.map((p) => [p.words.join(' '), p.words] as const))(
    '`%s` alone is the same command as in the full program',
    async (_name, words) => {
      const full = await programFor(['--help']);
      const fast = await programFor([...words]);
      expect(fast.commands.length).toBeLessThan(full.commands.length);
      expect(shape(find(fast, words))).toEqual(shape(find(full, words)));
    },
  );

  it('keeps the global options of the full program', async () => {
    const full = await programFor(['--help']);
    const fast = await programFor(['import', 'register']);
    const options = (c: Command): string[] => c.options.map((o) => o.flags);
    expect(options(fast)).toEqual(options(full));
    expect(options(fast)).toContain('--db <file>');
  });

  it('loads every command for help, --version, other commands and unknown options', async () => {
    const full = (await programFor([])).commands.length;
    for (const args of [
      ['--version'],
      ['import', '--help'],
      ['import', 'excel', 'x.xlsx'],
      ['status'],
      ['--weird', 'reconcile'],
      ['help', 'reconcile'],
    ])
      expect((await programFor(args)).commands.length, args.join(' ')).toBe(full);
  });
});

describe('commandWords', () => {
  it('skips the global options and their values, in both spellings', () => {
    expect(
      commandWords(
        argv('--db', 'import', '--gstin=27AABCU9603R1ZN', '--user', 'u', 'import', 'register', 'f'),
        2,
      ),
    ).toEqual(['import', 'register']);
  });

  it('stops at the first option after the command', () => {
    expect(commandWords(argv('reconcile', '--out', 'x.csv'), 2)).toEqual(['reconcile']);
  });

  it('gives up on an option it does not know before the command', () => {
    expect(commandWords(argv('-V'), 2)).toBeNull();
    expect(commandWords(argv('--help', 'import'), 2)).toBeNull();
  });
});
