import { createInterface } from 'node:readline';
import { UsageError } from '../core/index.js';

/**
 * A password from standard input (--password-stdin: its first line) or typed at a prompt that
 * does not echo it, twice. Never from an argument: the shell's history would keep it.
 */
export async function readPassword(fromStdin: boolean, prompt: string): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (line === '') throw new UsageError('--password-stdin: standard input held no password');
    return line;
  }
  if (process.stdin.isTTY !== true)
    throw new UsageError(
      'no terminal to ask for the password on: pipe it in with --password-stdin (never give it as an argument)',
    );
  const first = await ask(`${prompt}: `);
  const again = await ask('Again, to be sure: ');
  if (first !== again) throw new UsageError('the two passwords differ; nothing was changed');
  return first;
}

function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Echo nothing of what is typed: only the question is written.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    out._writeToOutput = (text: string) => {
      if (!asked) {
        process.stderr.write(text);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
