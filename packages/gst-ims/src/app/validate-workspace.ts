import type { AppContext } from './context.js';
import { todayOf } from './context.js';
import { pendingUpload, validatePending } from './pending-upload.js';
import type { ValidateResult } from './result-types.js';

export type { ValidateResult } from './result-types.js';

export async function validateWorkspace(ctx: AppContext, gstin: string): Promise<ValidateResult> {
  const rows = await ctx.store.loadRecords(gstin);
  const issues = validatePending(rows, todayOf(ctx));
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { checked: pendingUpload(rows).length, issues, errors, warnings: issues.length - errors };
}
