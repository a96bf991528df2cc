// Both stores refuse a workspace whose schema a newer gst-ims migrated further than this one
// knows (issue 19): reading it as if it were this version's could misread or damage it.
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import type { StoreKind } from '../test-support/stores.js';
import { describeStores } from '../test-support/stores.js';

const FUTURE = '9999-from-a-newer-gst-ims';
const AT = '2027-01-01T00:00:00.000Z';

/** What a newer gst-ims leaves behind: one more row in the migrations' table. */
async function addFutureMigration(kind: StoreKind, location: string): Promise<void> {
  if (kind.name === 'SQLite') {
    const sqlite = new Database(location);
    sqlite.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(FUTURE, AT);
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await client.query('insert into kysely_migration (name, timestamp) values ($1, $2)', [
      FUTURE,
      AT,
    ]);
  } finally {
    await client.end();
  }
}

describeStores('a workspace written by a newer gst-ims', (kind) => {
  it('is refused with a clear message that names the unknown migration', async () => {
    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    await addFutureMigration(kind, location);
    const err = await kind.open(location).then(
      async (store) => {
        await store.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).details.code).toBe('WORKSPACE_NEWER_VERSION');
    expect((err as Error).message).toContain(`written by a newer version of gst-ims`);
    expect((err as Error).message).toContain(FUTURE);
  });

  it('opens a workspace of this version as before: only unknown migrations are refused', async () => {
    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    const store = await kind.open(location);
    expect(await store.listGstins()).toEqual([]);
    await store.close();
  });
});
