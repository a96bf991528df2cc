// The refusal policy of every decision a person asks for on a selection (CLI act, POST
// /api/decide, the web's apply of proposals): when the engine refuses any selected record,
// nothing changes, unless the person chose to skip the refused ones; then the others change and
// the refused stay as they are. Rules applied in bulk (apply-proposals) always skip the refused.

export interface RefusalOptions {
  readonly dryRun?: boolean | undefined;
  readonly skipRefused?: boolean | undefined;
}

/** Whether the planned changes are written: not a dry run, something to change, and no refusal stops them. */
export function writesChanges(
  plan: { readonly refused: number; readonly changes: number },
  opts: RefusalOptions,
): boolean {
  const stopped = plan.refused > 0 && opts.skipRefused !== true;
  return opts.dryRun !== true && !stopped && plan.changes > 0;
}

/**
 * Refusals stopped the selection: a real run that changed nothing because of them. The edges
 * answer it as a refusal (exit code 3, HTTP 422), and say the refused can be skipped.
 */
export function stoppedByRefusals(
  r: { readonly refused: readonly unknown[]; readonly applied: boolean },
  opts: RefusalOptions,
): boolean {
  return opts.dryRun !== true && !r.applied && r.refused.length > 0;
}
