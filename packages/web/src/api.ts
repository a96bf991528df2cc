// The HTTP client of the local API. The session token comes from the page the server served
// (a meta tag); every state-changing request carries it.
import type { ApiError as ApiErrorBody } from '../../gst-ims/src/server/api-types.js';
import type { ConflictDto } from './session.js';
import {
  conflictSeen,
  conflictText,
  currentSession,
  noteVersions,
  seenVersionsOf,
} from './session.js';

const TOKEN_HEADER = 'x-gst-ims-token';
// Must equal VERSION_HEADER of the server's api-types (types only cross that line).
const VERSION_HEADER = 'x-gst-ims-version';
const token = document.querySelector('meta[name="gst-ims-token"]')?.getAttribute('content') ?? '';
// A multi-user server's writes carry the session's CSRF token instead (session.ts).
const writeToken = (): string => currentSession()?.csrfToken ?? token;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.error);
  }
  get kind(): string {
    return this.body.kind;
  }
  get refusals(): readonly { recordKey: string; code: string; message: string }[] {
    return this.body.refusals ?? [];
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = { error: text.slice(0, 300) || res.statusText, kind: 'internal' };
  }
  if (!res.ok) {
    const b = (body ?? {}) as Partial<ApiErrorBody>;
    if (res.status === 409 && b.kind === 'conflict')
      conflictSeen((b.details as { conflicts: ConflictDto[] }).conflicts);
    throw new ApiError(res.status, {
      ...b,
      error: b.error ?? `${res.status} ${res.statusText}`,
      kind: b.kind ?? 'internal',
    });
  }
  return body as T;
}

/**
 * The page's own writes: started, under way, and the workspace versions they made. The change watcher (workspace-watch.ts) leaves
 * the changes they make to the page that made them, which updates itself.
 */
export const ownWrites = { started: 0, underWay: 0, versions: new Set<number>() };

/** Notes the workspace version a write of this page made (the server says it in a header). */
function noteVersion(res: Response): Response {
  const v = Number(res.headers.get(VERSION_HEADER));
  if (Number.isSafeInteger(v) && v > 0) ownWrites.versions.add(v);
  return res;
}

async function writing<T>(run: () => Promise<T>): Promise<T> {
  ownWrites.started++;
  ownWrites.underWay++;
  try {
    return await run();
  } finally {
    ownWrites.underWay--;
  }
}

const withGstin = (path: string, gstin: string | null): string => {
  if (!gstin) return path;
  return `${path}${path.includes('?') ? '&' : '?'}gstin=${encodeURIComponent(gstin)}`;
};

export async function getJson<T>(path: string, gstin: string | null = null): Promise<T> {
  return parse<T>(await fetch(withGstin(path, gstin), { headers: { accept: 'application/json' } }));
}

export async function postJson<T>(
  path: string,
  body: unknown,
  gstin: string | null = null,
): Promise<T> {
  const decision = path === '/api/decide' && currentSession() !== null;
  const sent = decision ? withSeenVersions(body) : body;
  const answer = await postJsonAsIs<T>(path, sent, gstin);
  if (decision) {
    const a = answer as { versions?: Record<string, number> };
    const g = (sent as { gstin?: string }).gstin;
    if (a.versions !== undefined && g !== undefined) noteVersions(g, a.versions);
  }
  return answer;
}

/** A decision says which version of each record the page saw (multi-user servers). */
function withSeenVersions(body: unknown): unknown {
  const b = body as { gstin?: string; keys?: string[] };
  if (b.gstin === undefined || b.keys === undefined) return { ...b, versions: {} };
  return { ...b, versions: seenVersionsOf(b.gstin, b.keys) };
}

async function postJsonAsIs<T>(path: string, body: unknown, gstin: string | null): Promise<T> {
  return writing(async () =>
    parse<T>(
      noteVersion(
        await fetch(withGstin(path, gstin), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            [TOKEN_HEADER]: writeToken(),
          },
          body: JSON.stringify(body),
        }),
      ),
    ),
  );
}

/** Sends a file as the raw body, its name in ?name=. */
export async function postFile<T>(
  path: string,
  file: File,
  gstin: string | null = null,
): Promise<T> {
  const url = `${path}${path.includes('?') ? '&' : '?'}name=${encodeURIComponent(file.name)}`;
  return writing(async () =>
    parse<T>(
      noteVersion(
        await fetch(withGstin(url, gstin), {
          method: 'POST',
          headers: {
            'content-type': 'application/octet-stream',
            accept: 'application/json',
            [TOKEN_HEADER]: writeToken(),
          },
          body: file,
        }),
      ),
    ),
  );
}

/** Sends several files as one multipart form, each in a field "file" (the browser sets the type). */
export async function postFiles<T>(
  path: string,
  files: readonly File[],
  gstin: string | null = null,
): Promise<T> {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return writing(async () =>
    parse<T>(
      noteVersion(
        await fetch(withGstin(path, gstin), {
          method: 'POST',
          headers: { accept: 'application/json', [TOKEN_HEADER]: writeToken() },
          body: form,
        }),
      ),
    ),
  );
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'conflict')
    return conflictText((e.body.details as { conflicts: ConflictDto[] }).conflicts);
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error)
    return `Cannot reach the gst-ims server (${e.message}). Is gst-ims serve still running?`;
  return String(e);
}
