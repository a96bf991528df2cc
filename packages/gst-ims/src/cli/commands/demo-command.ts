import type { Command } from 'commander';
import { createDemo } from '../../app/index.js';
import type { Session } from '../session.js';

export function registerDemo(program: Command, session: () => Session): void {
  program
    .command('demo')
    .option('--dir <dir>', 'where to write the demo IMS download', './gst-ims-demo')
    .option('--force', 'import the demo download again into a workspace that already has it')
    .description(
      'create a ready workspace from generated demo data (and write its IMS download to --dir)',
    )
    .action(async (o: { dir: string; force?: boolean }) => {
      const s = session();
      const r = await createDemo(await s.ctx(), o.dir, { force: o.force === true });
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(
        `Demo workspace ready in ${s.dbLabel} for GSTIN ${r.gstin}: ${r.imported.records.toLocaleString('en-IN')} records`,
      );
      s.out.line(
        `The demo IMS download is ${r.downloadFile}; its purchase register ${r.registerFile} is imported too (${r.registerImported.documents} documents).`,
      );
      s.out.line('Next: gst-ims status, gst-ims report itc, gst-ims reconcile');
      s.out.line(
        `The month end (not imported): gst-ims import gstr2b ${r.month.october2b}; then November: ${r.month.novemberDownload}, ${r.month.november2b}, ${r.month.november3b}, and the books of both months ${r.month.register}`,
      );
      s.out.line(
        `Your customers' side (not imported): gst-ims import outward ${r.outward.sales}; gst-ims import outward ${r.outward.addedBack}; gst-ims report outward`,
      );
    });
}
