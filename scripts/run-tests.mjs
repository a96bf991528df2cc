// Runs vitest and ends with one plain summary line ("Tests: N passed, N failed, N skipped"),
// which CI reads; the exit code is vitest's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

mkdirSync('test-output', { recursive: true });
const out = 'test-output/vitest-results.json';
const r = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  console.log(
    `\nTests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`,
  );
}
process.exit(r.status ?? 1);
