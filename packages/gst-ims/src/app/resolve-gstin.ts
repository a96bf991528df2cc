import { BadInputError, UsageError, normaliseGstin } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';

/**
 * Picks the recipient GSTIN a command works on: the one given, or the only one in the
 * workspace. Several without a choice is a usage error that lists them.
 */
export async function resolveGstin(
  store: WorkspaceStore,
  given: string | undefined,
): Promise<string> {
  // The GSTINs alone: listGstins counts every record of the workspace, and a server resolves
  // the GSTIN of every request (decision 0048).
  const gstins = (await store.gstinIds()).map((gstin) => ({ gstin }));
  if (given !== undefined) {
    const g = normaliseGstin(given);
    if (!gstins.some((x) => x.gstin === g)) {
      const known = gstins.length
        ? `; it holds ${gstins.map((x) => x.gstin).join(', ')}`
        : '; it is empty (import an IMS download first)';
      throw new BadInputError(`GSTIN ${g} is not in this workspace${known}`, { field: 'gstin' });
    }
    return g;
  }
  if (gstins.length === 0)
    throw new UsageError(
      'the workspace is empty: import an IMS download first (gst-ims import ims FILE), or try gst-ims demo',
    );
  if (gstins.length > 1) {
    throw new UsageError(
      `the workspace holds several GSTINs (${gstins.map((x) => x.gstin).join(', ')}): choose one with --gstin`,
    );
  }
  return (gstins[0] as { gstin: string }).gstin;
}
