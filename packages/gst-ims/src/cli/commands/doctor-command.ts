import type { Command } from 'commander';
import { PACKAGE_VERSION } from '../../app/package-version.js';
import { doctorChecks } from '../doctor-checks.js';
import type { Session } from '../session.js';

/** Exit code when a check fails: the machine or the workspace refuses to work, as bad input does. */
const PROBLEM_EXIT = 3;

// Reads only: it never creates, migrates or locks the workspace, so it is safe to run while
// `gst-ims serve` is running and on a workspace it would refuse to open.
export function registerDoctor(program: Command, session: () => Session): void {
  program
    .command('doctor')
    .description(
      'check this machine and the workspace (Node.js, the native SQLite module, schema version, free disk) for a problem report',
    )
    .action(async () => {
      const s = session();
      const checks = await doctorChecks({ workspaceFile: s.dbFile });
      const problems = checks.filter((c) => !c.ok);
      if (problems.length > 0) s.exitCode = PROBLEM_EXIT;
      const about = `gst-ims ${PACKAGE_VERSION} on ${process.platform}-${process.arch}`;
      if (s.out.format === 'json')
        return s.out.json({
          version: PACKAGE_VERSION,
          platform: process.platform,
          arch: process.arch,
          ok: problems.length === 0,
          checks,
        });
      s.out.line(about);
      for (const c of checks) s.out.line(`${c.ok ? 'ok     ' : 'PROBLEM'}  ${c.name}: ${c.detail}`);
      if (problems.length === 0) s.out.line('No problem found.');
      else
        s.out.err(
          `gst-ims doctor: ${problems.length} problem${problems.length === 1 ? '' : 's'} found: ${problems.map((p) => p.name).join(', ')} (see above)`,
        );
    });
}
