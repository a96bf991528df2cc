// The stores the store and app tests run against: SQLite always, PostgreSQL when the global
// setup (postgres-global-setup.ts) has a server. Without one the PostgreSQL half says so loudly
// and is skipped, as the browser tests are; under GST_IMS_REQUIRE_POSTGRES=1 (CI) it runs and
// fails instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import type { WriteLockWait } from '../store/open-sqlite-store.js';
import { openSqliteStore } from '../store/open-sqlite-store.js';
import { openPostgresStore } from '../store/open-postgres-store.js';
import type { WorkspaceStore } from '../store/workspace-store.js';
import type { PostgresForTests } from './postgres-info.js';
import { databaseUrl, PROVIDED_KEY } from './postgres-info.js';

export const REQUIRE_POSTGRES = process.env.GST_IMS_REQUIRE_POSTGRES === '1';

export interface StoreKind {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** False: PostgreSQL is absent (see `absent`); its tests skip, or fail when it is required. */
  readonly available: boolean;
  readonly absent: string | null;
  /**
   * Where a new workspace may be made: a file path in a temporary directory, or the URL of a new
   * database (already migrated; `empty` gives one with no table at all).
   */
  newLocation(opts?: { empty?: boolean }): Promise<string>;
  /** Opens the workspace at `location`, by default a new one. */
  open(location?: string, wait?: WriteLockWait): Promise<WorkspaceStore>;
}

const postgres = readProvided();

let scratch: string | null = null;
function scratchDir(): string {
  if (scratch === null) {
    const dir = mkdtempSync(join(tmpdir(), 'gst-ims-stores-'));
    scratch = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}

let made = 0;

export const SQLITE: StoreKind = {
  name: 'SQLite',
  available: true,
  absent: null,
  newLocation: () => Promise.resolve(join(scratchDir(), `ws-${++made}.sqlite`)),
  open: async (location, wait) => openSqliteStore(location ?? (await SQLITE.newLocation()), wait),
};

export const POSTGRES: StoreKind = {
  name: 'PostgreSQL',
  available: 'url' in postgres,
  absent: 'absent' in postgres ? postgres.absent : null,
  newLocation: async (opts = {}) => {
    if (!('url' in postgres))
      throw new Error(
        `PostgreSQL is required (GST_IMS_REQUIRE_POSTGRES=1) but absent: ${postgres.absent}`,
      );
    const name = `gst_ims_t_${postgres.runId}_${process.pid}_${++made}`;
    const from =
      opts.empty === true
        ? "template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        : postgres.template;
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${from}`);
    } finally {
      await client.end();
    }
    return databaseUrl(postgres.url, name);
  },
  open: async (location, wait) => {
    if (location !== undefined) return openPostgresStore(location, wait);
    // A workspace of its own for one test: its database goes when the store closes.
    const url = await POSTGRES.newLocation();
    return droppedOnClose(await openPostgresStore(url, wait), url);
  },
};

/** The store, whose close() also drops its database (the store's methods bound to it). */
function droppedOnClose(store: WorkspaceStore, url: string): WorkspaceStore {
  const close = async (): Promise<void> => {
    await store.close();
    if (!('url' in postgres)) return;
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)}`);
    } finally {
      await client.end();
    }
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'close') return close;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Both stores, PostgreSQL second. */
export const STORES: readonly StoreKind[] = [SQLITE, POSTGRES];

/**
 * `fn`'s tests once per store, each block titled with the store's name. The PostgreSQL block is
 * skipped with a loud warning when there is no server, unless GST_IMS_REQUIRE_POSTGRES=1.
 */
export function describeStores(title: string, fn: (kind: StoreKind) => void): void {
  for (const kind of STORES) {
    if (!kind.available) warnNoPostgres(title, kind.absent ?? '');
    describe.skipIf(!kind.available && !REQUIRE_POSTGRES)(`${title} [${kind.name}]`, () =>
      fn(kind),
    );
  }
}

const warned = new Set<string>();
function warnNoPostgres(title: string, why: string): void {
  if (warned.has(title)) return;
  warned.add(title);
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n!! ${title} [PostgreSQL] ${REQUIRE_POSTGRES ? 'FAIL' : 'SKIPPED'}: ${why}.\n` +
      '!! Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; the tests start their own\n' +
      `!! throwaway cluster) or set GST_IMS_PG_URL=postgres://user@host/db of a server to use.\n${line}\n`,
  );
}

function readProvided(): PostgresForTests {
  let raw: string | undefined;
  try {
    raw = inject(PROVIDED_KEY);
  } catch {
    raw = undefined;
  }
  if (raw === undefined || raw === '')
    return { absent: "the test run's global setup (postgres-global-setup.ts) did not run" };
  return JSON.parse(raw) as PostgresForTests;
}
