/** What the global setup tells the test files about PostgreSQL (as JSON under PROVIDED_KEY). */
export type PostgresForTests =
  | { readonly url: string; readonly template: string; readonly runId: string }
  | { readonly absent: string };

export const PROVIDED_KEY = 'gstImsPostgres';

declare module 'vitest' {
  export interface ProvidedContext {
    gstImsPostgres: string;
  }
}

/** The server's URL with another database in its path. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
