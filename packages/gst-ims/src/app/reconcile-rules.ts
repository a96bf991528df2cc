// The ordered proposal rules of a GSTIN (`gst-ims rules list|set`): the defaults until a person
// sets a list from a JSON file; stored in the workspace settings.
import { BadInputError } from '../core/index.js';
import type { ProposalRule } from '../core/proposals.js';
import { DEFAULT_PROPOSAL_RULES } from '../core/proposals.js';
import { readJsonFile } from '../io/index.js';
import type { WorkspaceStore } from '../store/index.js';
import type { AppContext } from './context.js';

export const RULES_SETTING = 'reconcile.rules';

// zod is loaded only when a list is read: a workspace with the default rules never needs it.
const rulesSchema = async () =>
  (await import('../core/proposal-rules-schema.js')).proposalRulesSchema;

export async function loadProposalRules(
  store: WorkspaceStore,
  gstin: string,
): Promise<readonly ProposalRule[]> {
  const text = await store.getSetting(gstin, RULES_SETTING);
  if (text === null || text === '') return DEFAULT_PROPOSAL_RULES;
  try {
    const parsed = (await rulesSchema()).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_PROPOSAL_RULES;
  } catch {
    return DEFAULT_PROPOSAL_RULES;
  }
}

export interface RulesList {
  readonly source: 'default' | 'workspace';
  readonly rules: readonly ProposalRule[];
}

export async function rulesList(ctx: AppContext, gstin: string): Promise<RulesList> {
  const text = await ctx.store.getSetting(gstin, RULES_SETTING);
  return {
    source: text === null || text === '' ? 'default' : 'workspace',
    rules: await loadProposalRules(ctx.store, gstin),
  };
}

/** Validates a JSON rule list (an array, or {"rules": [...]}) and stores it for the GSTIN. */
export async function rulesSet(ctx: AppContext, gstin: string, file: string): Promise<RulesList> {
  const { data, name } = await readJsonFile(file, 4 * 1024 * 1024);
  const list =
    typeof data === 'object' && data !== null && !Array.isArray(data) && 'rules' in data
      ? data.rules
      : data;
  const parsed = (await rulesSchema()).safeParse(list);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 10)
      .map((i) => `  ${i.path.length ? i.path.map(String).join('.') : '(top)'}: ${i.message}`);
    throw new BadInputError(`${name}: not a valid rule list:\n${lines.join('\n')}`, {
      file,
      expected:
        'a JSON array of proposal rules (gst-ims rules list --format json shows the current one)',
    });
  }
  await ctx.store.setSetting(gstin, RULES_SETTING, JSON.stringify(parsed.data));
  return { source: 'workspace', rules: parsed.data };
}

/** Back to the built-in rules. */
export async function rulesReset(ctx: AppContext, gstin: string): Promise<RulesList> {
  await ctx.store.setSetting(gstin, RULES_SETTING, '');
  return { source: 'default', rules: DEFAULT_PROPOSAL_RULES };
}
