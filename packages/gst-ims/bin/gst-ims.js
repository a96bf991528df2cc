#!/usr/bin/env node
// Thin launcher so the bin link exists before the first build; the CLI lives in dist/.
import { statSync } from 'node:fs';
// The Node.js check comes before the CLI is loaded: on an older Node.js its modules would fail
// to load with an error that says nothing of the cause.
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(
    `gst-ims: needs Node.js 20 or newer; this is Node.js ${process.versions.node}. Install a current version from https://nodejs.org and run the command again.\n`,
  );
  process.exit(3);
}

// Ctrl+C while the CLI's modules load: nothing has been opened yet. main() takes over from here.
const early = (signal) => {
  process.stderr.write(
    `gst-ims: ${signal === 'SIGINT' ? 'interrupted (Ctrl+C)' : 'stopped (SIGTERM)'} before it began: nothing was changed.\n`,
  );
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGINT', early);
process.on('SIGTERM', early);
const { main } = await import(entry());
process.removeListener('SIGINT', early);
process.removeListener('SIGTERM', early);

main(process.argv).then((code) => {
  process.exitCode = code;
});

/**
 * The bundled CLI (dist/bundle/, scripts/bundle-cli.mjs: a command starts in about half the CPU),
 * unless it is older than the compiled files: after a `tsc` run without the bundle step, a stale
 * bundle would run old code, so the compiled files run instead.
 */
function entry() {
  const mtime = (rel) => {
    try {
      return statSync(new URL(rel, import.meta.url)).mtimeMs;
    } catch {
      return -1;
    }
  };
  return mtime('../dist/bundle/main.js') >= mtime('../dist/cli/main.js')
    ? '../dist/bundle/main.js'
    : '../dist/cli/main.js';
}
