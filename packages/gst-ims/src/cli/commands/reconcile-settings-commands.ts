// config get/set (tolerances, the IMS period) and rules list/set/reset of a GSTIN.
import type { Command } from 'commander';
import { configGet, configSet } from '../../app/reconcile-config.js';
import { rulesList, rulesReset, rulesSet } from '../../app/reconcile-rules.js';
import { table } from '../output.js';
import type { Session } from '../session.js';
import { ruleName, ruleWhen } from './reconcile-output.js';

/** config and rules. */
export function registerReconcileSettings(program: Command, session: () => Session): void {
  const config = program
    .command('config')
    .description('reconciliation settings of the GSTIN: tolerances and the IMS period');
  config
    .command('get')
    .argument(
      '[name]',
      'amount | total-tax-check | percent | date-window | period (all when left out)',
    )
    .description('show the settings')
    .action(async (name: string | undefined) => {
      const s = session();
      const r = await configGet(await s.ctx(), await s.gstin(), name);
      if (s.out.format === 'json') return s.out.json(r);
      s.out.line(
        table(
          ['setting', 'value', 'default', 'meaning'],
          r.map((e) => [e.name, e.value, e.default, e.description]),
        ),
      );
    });
  config
    .command('set')
    .argument('<name>', 'amount | total-tax-check | percent | date-window | period')
    .argument('<value>', 'rupees for amount; on/off; a percentage or off; days; MMYYYY or auto')
    .description('change a setting (run gst-ims reconcile again to use it)')
    .action(async (name: string, value: string) => {
      const s = session();
      const e = await configSet(await s.ctx(), await s.gstin(), name, value);
      if (s.out.format === 'json') return s.out.json(e);
      s.out.line(`${e.name} = ${e.value}${e.isDefault ? ' (the default)' : ''}`);
    });

  const rules = program
    .command('rules')
    .description('the ordered rules that turn match outcomes into proposed actions');
  rules
    .command('list')
    .description('show the rules in force (first matching rule wins)')
    .action(async () => {
      const s = session();
      const r = await rulesList(await s.ctx(), await s.gstin());
      if (s.out.format === 'json') return s.out.json(r.rules);
      s.out.line(
        `${r.source === 'default' ? 'Built-in rules' : 'Rules set for this GSTIN'} (first match wins):`,
      );
      s.out.line(
        table(
          ['#', 'rule', 'when', 'action', 'safe', 'remark'],
          r.rules.map((x, i) => [
            i + 1,
            x.name,
            ruleWhen(x),
            x.action,
            x.safe ? 'yes' : 'review',
            x.remark ?? '',
          ]),
        ),
      );
      s.out.line(
        'Change them with gst-ims rules set FILE.json (start from gst-ims --format json rules list); gst-ims rules reset restores these defaults.',
      );
    });
  rules
    .command('set')
    .argument('<file>', 'a JSON array of rules')
    .description('replace the rules of this GSTIN with the list in FILE (validated first)')
    .action(async (file: string) => {
      const s = session();
      const r = await rulesSet(await s.ctx(), await s.gstin(), file);
      if (s.out.format === 'json') return s.out.json(r.rules);
      s.out.line(`Set ${r.rules.length} rule(s): ${r.rules.map(ruleName).join(', ')}`);
    });
  rules
    .command('reset')
    .description('back to the built-in rules')
    .action(async () => {
      const s = session();
      const r = await rulesReset(await s.ctx(), await s.gstin());
      if (s.out.format === 'json') return s.out.json(r.rules);
      s.out.line(`Back to the ${r.rules.length} built-in rule(s).`);
    });
}
