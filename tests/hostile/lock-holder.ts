// Holds a workspace's SQLite write lock from another process, as a long gst-ims import would.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { REPO } from '../support/cli.js';

// Runs in a child process: BEGIN IMMEDIATE, say "locked", block for `ms`, then roll back.
const SCRIPT = `
const Database = require('better-sqlite3');
const [file, ms] = process.argv.slice(1);
const db = new Database(file);
db.exec('BEGIN IMMEDIATE');
db.prepare("CREATE TABLE IF NOT EXISTS lock_holder_marker (x)").run();
process.stdout.write('locked\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
db.exec('ROLLBACK');
db.close();
process.stdout.write('released\\n');
`;

export interface LockHolder {
  /** Resolves when the holder has released the lock and exited. */
  readonly done: Promise<number | null>;
  readonly child: ChildProcess;
}

/** Starts a process holding the write lock of `file` for `ms` milliseconds; resolves once it holds it. */
export async function holdWriteLock(file: string, ms: number): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', SCRIPT, file, String(ms)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`the lock holder exited (${code}) before taking the lock: ${err}`)),
    );
  });
  return { done, child };
}
