// vitest's globalSetup: one PostgreSQL server for the whole run (GST_IMS_PG_URL's, or a
// throwaway cluster started here), and in it a template database already migrated, from which
// each test's workspace is created in milliseconds (stores.ts). Absent PostgreSQL is reported,
// not fatal here: the tests that need it skip loudly, or fail under GST_IMS_REQUIRE_POSTGRES=1.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgresStore } from '../store/open-postgres-store.js';
import type { Cluster } from './postgres-cluster.js';
import { startCluster } from './postgres-cluster.js';
import type { PostgresForTests } from './postgres-info.js';
import { databaseUrl, PROVIDED_KEY } from './postgres-info.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString('hex');
  let cluster: Cluster | null = null;
  let info: PostgresForTests;
  const external = process.env.GST_IMS_PG_URL;
  const started = Date.now();
  if (external) {
    info = { url: external, template: `gst_ims_template_${runId}`, runId };
  } else {
    const outcome = await startCluster();
    if ('absent' in outcome) {
      info = { absent: outcome.absent };
    } else {
      cluster = outcome.cluster;
      info = { url: cluster.url, template: `gst_ims_template_${runId}`, runId };
    }
  }
  if ('url' in info) {
    try {
      await admin(info.url, [
        `CREATE DATABASE ${info.template} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
      ]);
      await (await openPostgresStore(databaseUrl(info.url, info.template))).close();
    } catch (e) {
      cluster?.stop();
      cluster = null;
      info = { absent: `PostgreSQL at ${info.url} cannot be used: ${(e as Error).message}` };
    }
  }
  if ('url' in info && process.env.GST_IMS_PG_TIMING === '1')
    console.log(`gst-ims tests: PostgreSQL ready in ${Date.now() - started} ms (${info.url})`);
  project.provide(PROVIDED_KEY, JSON.stringify(info));
  return async () => {
    if (cluster !== null) {
      cluster.stop();
      return;
    }
    if ('url' in info) await dropRunDatabases(info.url, info.runId);
  };
}

/** On a server that outlives the run, the databases this run made go with it. */
async function dropRunDatabases(url: string, runId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`gst_ims_%${runId}%`],
    );
    for (const r of rows) await client.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function admin(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}
