#!/usr/bin/env node
// Thin launcher so the bin link exists before the first build; the CLI lives in dist/.
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
const { main } = await import('../dist/cli/main.js');
process.removeListener('SIGINT', early);
process.removeListener('SIGTERM', early);

main(process.argv).then((code) => {
  process.exitCode = code;
});
