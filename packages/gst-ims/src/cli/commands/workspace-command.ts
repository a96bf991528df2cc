import type { Command } from 'commander';
import { copyWorkspace } from '../../app/index.js';
import { UsageError } from '../../core/index.js';
import type { Session } from '../session.js';
import { busyTimeoutMs } from '../session.js';

/** `gst-ims workspace copy`: a workspace moved whole between SQLite and PostgreSQL. */
export function registerWorkspace(program: Command, session: () => Session): void {
  const ws = program.command('workspace').description('move a workspace between stores');
  ws.command('copy')
    .requiredOption('--from <workspace>', 'the workspace to copy: a file, or postgres://...')
    .requiredOption(
      '--to <workspace>',
      'where to: a new file, or an empty PostgreSQL database (postgres://user@host/database)',
    )
    .description(
      'copy every table of a workspace (records, decisions, audit, register, uploads, returns) to another store, verified by row counts and checksums',
    )
    .action(async (o: { from: string; to: string }) => {
      const s = session();
      if (o.from.trim() === '' || o.to.trim() === '')
        throw new UsageError('workspace copy: --from and --to must name a workspace');
      const r = await copyWorkspace(o.from, o.to, {
        timeoutMs: busyTimeoutMs(s.io.env),
        onWait: () =>
          s.out.err(
            'gst-ims: waiting for another gst-ims process to finish writing the workspace...',
          ),
      });
      if (s.out.format === 'json') return s.out.json(r);
      const rows = r.tables.reduce((n, t) => n + t.rows, 0);
      s.out.line(`Copied ${r.from} to ${r.to}: ${r.tables.length} tables, ${rows} rows.`);
      for (const t of r.tables)
        s.out.line(`  ${t.table.padEnd(18)} ${String(t.rows).padStart(9)}  sha256 ${t.sha256}`);
      s.out.line('Every table read back from the copy matches its source (rows and sha256).');
    });
}
