import type { Command } from 'commander';
// Narrow imports (not the app barrel): a command loads only what it runs (docs/decisions/0047).
import { UPLOAD_FILE_STATUS_WORDS, importErrors } from '../../app/import-errors.js';
import { importIms } from '../../app/import-ims.js';
import {
  SECTIONS,
  describePortalStatus,
  periodLabel,
  portalErrorAdvice,
} from '../../core/index.js';
import { table } from '../output.js';
import { parsePositiveInt } from '../parse-values.js';
import type { Session } from '../session.js';

const MAX_WARNINGS_SHOWN = 20;

export function registerImport(program: Command, session: () => Session): void {
  const imp = program.command('import').description('import a portal file into the workspace');

  imp
    .command('ims')
    .argument('<file>', 'the IMS JSON downloaded from the portal (offline download or API shape)')
    .option('--max-mb <n>', 'refuse files larger than this many MB', '512')
    .option(
      '--allow-empty',
      'import a download holding no record at all (every record of its sections is then gone)',
    )
    .description(
      'import or re-import an IMS download: new records are added, decisions kept, changes flagged',
    )
    .action(async (file: string, o: { maxMb: string; allowEmpty?: boolean }) => {
      const s = session();
      const ctx = await s.ctx();
      const r = await importIms(ctx, {
        file,
        gstin: s.opts.gstin,
        maxBytes: parsePositiveInt('--max-mb', o.maxMb) * 1024 * 1024,
        allowEmpty: o.allowEmpty === true,
      });
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(
        `Imported ${r.file} for ${r.gstin}${r.newGstin ? ' (a GSTIN new to this workspace)' : ''}: ${r.records} record(s)`,
      );
      const m = r.summary;
      s.out.line(
        `  new ${m.new}, updated ${m.updated}, unchanged ${m.unchanged}, flagged ${m.flagged}, gone ${m.gone}${m.returned ? `, back again ${m.returned}` : ''}`,
      );
      s.out.line(
        `  by section: ${
          SECTIONS.filter((x) => r.counts[x] > 0)
            .map((x) => `${x} ${r.counts[x]}`)
            .join(', ') || 'none'
        }`,
      );
      if (r.periods.length)
        s.out.line(
          `  return periods in the download: ${r.periods.map(periodLabel).join(', ')} (records of other periods are left as they were)`,
        );
      if (r.decideAgainKeys.length) {
        s.out.line(
          `Decide again: ${r.decideAgainKeys.length} record(s) whose decision the portal held came back as No Action after the supplier changed them (your earlier decision is in their history):`,
        );
        for (const k of r.decideAgainKeys.slice(0, MAX_WARNINGS_SHOWN)) s.out.line(`  ${k}`);
      }
      if (r.flaggedKeys.length) {
        s.out.line(`Changed by the supplier after your decision (review before upload):`);
        for (const k of r.flaggedKeys.slice(0, MAX_WARNINGS_SHOWN)) s.out.line(`  ${k}`);
      }
      printWarnings(s, r.warnings);
    });

  imp
    .command('errors')
    .argument(
      '<file>',
      "the portal's answer to an upload: request status JSON or the offline error file",
    )
    .option(
      '--for <file>',
      'the upload file this answer belongs to (path or name), when it cannot be told from the answer',
    )
    .description(
      'mark the records the portal refused; confirm the ones it accepted, in the upload file the answer belongs to',
    )
    .action(async (file: string, o: { for?: string }) => {
      const s = session();
      const ctx = await s.ctx();
      const r = await importErrors(ctx, await s.gstin(), file, { forFile: o.for });
      if (s.out.format === 'json') return s.out.json(r);
      if (r.uploadFile !== null) {
        const was =
          r.uploadFile.answeredBefore === null
            ? ''
            : ` (it was answered before, on ${r.uploadFile.answeredBefore.slice(0, 10)})`;
        s.out.line(
          `Answer to ${r.uploadFile.name} (${r.uploadFile.records} record(s))${was}: ${UPLOAD_FILE_STATUS_WORDS[r.uploadFile.status]}`,
        );
      }
      s.out.line(
        `Read ${r.file}: status ${describePortalStatus(r.statusCode)}; ${r.marked.length} record(s) marked with errors, ${r.confirmed} confirmed as uploaded`,
      );
      if (r.marked.length)
        s.out.line(
          table(
            ['record', 'code', 'message'],
            r.marked.map((m) => [m.recordKey, m.code ?? '', m.message]),
          ),
        );
      if (r.unmatched.length) {
        s.out.line(`${r.unmatched.length} error(s) name no record in this workspace:`);
        for (const u of r.unmatched)
          s.out.line(
            `  ${u.section} ${u.supplierGstin} ${u.docNumber}: ${u.code ?? ''} ${u.message}`,
          );
      }
      printWarnings(s, r.warnings);
      printAdvice(s, [...r.marked, ...r.unmatched]);
      if (r.marked.length)
        s.out.line(
          'These records stay in the next upload: fix them, then run gst-ims export upload.',
        );
    });
}

/** What to do for each error code of the answer, once per code (core's advice table). */
function printAdvice(s: Session, errors: readonly { code: string | null }[]): void {
  const byCode = new Map<string, number>();
  for (const e of errors) byCode.set(e.code ?? '', (byCode.get(e.code ?? '') ?? 0) + 1);
  if (byCode.size === 0) return;
  s.out.line('What to do:');
  for (const [code, n] of byCode) {
    const a = portalErrorAdvice(code);
    s.out.line(`  ${code || 'no code'} (${n} record(s)): ${a.meaning}; ${a.action}.`);
  }
}

export function printWarnings(
  s: Session,
  warnings: readonly { code: string; message: string }[],
): void {
  if (!warnings.length) return;
  s.out.err(`${warnings.length} warning(s):`);
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) s.out.err(`  [${w.code}] ${w.message}`);
  if (warnings.length > MAX_WARNINGS_SHOWN)
    s.out.err(`  ... and ${warnings.length - MAX_WARNINGS_SHOWN} more (use --format json for all)`);
}
