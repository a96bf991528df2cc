import type { Command } from 'commander';
import { backupWorkspace } from '../../app/index.js';
import { formatFileSize } from '../../core/index.js';
import type { Session } from '../session.js';

export function registerBackup(program: Command, session: () => Session): void {
  program
    .command('backup')
    .argument('<out>', 'the file to write the copy to')
    .option('--force', 'replace the file if it exists')
    .description(
      'write one consistent copy of the workspace, safe while the web app or another command is using it',
    )
    .action(async (out: string, o: { force?: boolean }) => {
      const s = session();
      const r = await backupWorkspace(await s.ctx(), {
        workspaceFile: s.dbFile,
        out,
        force: o.force === true,
      });
      if (s.out.format === 'json') return s.out.json(r);
      const held =
        r.gstins.map((g) => `${g.gstin} (${g.records} records)`).join(', ') || 'no GSTIN yet';
      s.out.line(
        `Backed up ${s.dbLabel} to ${r.file}: ${formatFileSize(r.bytes)}, holding ${held}.`,
      );
      s.out.line(
        `To restore or move it: stop gst-ims, then use the copy as the workspace (--db ${r.file}, or copy it over the workspace file).`,
      );
    });
}
