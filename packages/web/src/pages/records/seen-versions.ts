// On a multi-user server every decision says which version of each record the person saw, and
// the server refuses one made on a stale view (issue 16). The client mode loads every version
// beside every record; paged mode never holds every record, so it asks for the versions of the
// records about to be decided, one key at a time (GET /api/versions?key=), just before the
// decision dialog opens. The rows shown are at most a live-data poll older than that (decision 0040).
import { getJson } from '../../api.js';
import { currentSession, noteVersions } from '../../session.js';

/** Requests in flight at once. */
const AT_ONCE = 8;

type Get = (path: string, gstin: string) => Promise<unknown>;

export async function noteSeenVersions(
  gstin: string,
  keys: readonly string[],
  get: Get = getJson,
): Promise<void> {
  if (currentSession() === null || keys.length === 0) return;
  const found: Record<string, number> = {};
  for (let i = 0; i < keys.length; i += AT_ONCE) {
    const answers = await Promise.all(
      keys.slice(i, i + AT_ONCE).map(
        (k) =>
          get(`/api/versions?key=${encodeURIComponent(k)}`, gstin) as Promise<{
            versions: Record<string, number>;
          }>,
      ),
    );
    for (const a of answers) Object.assign(found, a.versions);
  }
  noteVersions(gstin, found);
}
