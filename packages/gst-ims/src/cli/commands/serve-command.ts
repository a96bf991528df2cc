import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import type { Session } from '../session.js';

// The web app arrives with its own issue; until then `serve` says so plainly instead of pretending.
export function registerServe(program: Command, session: () => Session): void {
  program
    .command('serve')
    .option('--port <n>', 'port on 127.0.0.1', '5177')
    .option('--open', 'open the browser')
    .option('--demo-if-empty', 'create the demo workspace first when the workspace is empty')
    .description('serve the web app on 127.0.0.1')
    .action(() => {
      session();
      throw new UsageError('the web app is not built yet in this version; use the CLI commands (gst-ims --help)');
    });
}
