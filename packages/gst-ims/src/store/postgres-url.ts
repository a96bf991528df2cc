// What a workspace location says without PostgreSQL's driver: every command asks whether its
// workspace is a PostgreSQL one, and only those that are load pg (store/postgres-loaders.ts).

/** A PostgreSQL workspace is named by its connection URL. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL as it may be shown: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
