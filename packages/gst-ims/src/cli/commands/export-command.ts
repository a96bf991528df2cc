import type { Command } from 'commander';
import {
  DEFAULT_UPLOAD_MAX_BYTES,
  exportUpload,
  parsePeriod,
  scopeToPeriod,
  validateWorkspace,
} from '../../app/index.js';
import { SECTIONS } from '../../core/index.js';
import { table } from '../output.js';
import { parsePositiveInt } from '../parse-values.js';
import type { Session } from '../session.js';

export function registerExport(program: Command, session: () => Session): void {
  const exp = program.command('export').description('write files for the portal');
  exp
    .command('upload')
    .requiredOption(
      '--out <file>',
      'the SAVE file to write (RESET and split files are written beside it)',
    )
    .option(
      '--max-bytes <n>',
      'split into several files below this size',
      String(DEFAULT_UPLOAD_MAX_BYTES),
    )
    .description('write the upload JSON holding only the decisions that differ from the portal')
    .option('--period <MMYYYY>', 'only the records of this GSTR-2B period')
    .action(async (o: { out: string; maxBytes: string; period?: string }) => {
      const s = session();
      const ctx = scopeToPeriod(
        await s.ctx(),
        o.period === undefined ? undefined : parsePeriod(o.period),
      );
      const r = await exportUpload(ctx, {
        gstin: await s.gstin(),
        outFile: o.out,
        maxBytes: parsePositiveInt('--max-bytes', o.maxBytes),
      });
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(
        `Wrote ${r.files.length} file(s): ${r.save} record(s) to save, ${r.reset} to reset to No Action`,
      );
      s.out.line(
        table(
          ['file', 'type', 'records', 'bytes', 'sections'],
          r.files.map((f) => [
            f.path,
            f.reqtyp,
            f.records,
            f.bytes,
            SECTIONS.filter((x) => f.counts[x])
              .map((x) => `${x} ${f.counts[x]}`)
              .join(', '),
          ]),
          [2, 3],
        ),
      );
      s.out.line(`The set is listed in ${r.manifest} (each file's records and sha256).`);
      if (r.removedStale.length)
        s.out.line(
          `Removed ${r.removedStale.length} part(s) of an earlier export under the same name: ${r.removedStale.join(', ')}`,
        );
      if (r.cleanedTemporary.length)
        s.out.line(
          `Removed ${r.cleanedTemporary.length} temporary file(s) left by an interrupted export.`,
        );
      if (r.reset)
        s.out.line(
          'Upload the RESET file(s) too: the portal takes a return to No Action as a separate request.',
        );
      if (r.files.length > 2 || (r.reset === 0 && r.files.length > 1))
        s.out.line('The upload was split to stay under the size limit: upload every file.');
    });

  program
    .command('validate')
    .description(
      "re-check every decision waiting for upload against the portal's rules (exit 1 when an error remains)",
    )
    .action(async () => {
      const s = session();
      const ctx = await s.ctx();
      const r = await validateWorkspace(ctx, await s.gstin());
      if (s.out.format === 'json') s.out.json(r);
      else {
        s.out.line(
          `Checked ${r.checked} decision(s) waiting for upload: ${r.errors} error(s), ${r.warnings} warning(s)`,
        );
        if (r.issues.length)
          s.out.line(
            table(
              ['severity', 'code', 'message'],
              r.issues.map((i) => [i.severity, i.code, i.message]),
            ),
          );
      }
      if (r.errors > 0) s.exitCode = 1;
    });
}
