// The Records grid's page indexes (migration 0014) and the practice view's (0016) cost each
// inserted record four more B-tree inserts at random places: about a fifth of a first import's
// CPU with 0014's three. An import into an empty
// workspace drops them and builds them once after its rows (a sort of the rows, far cheaper), in
// its own transaction: a failed import rolls the drop back with the rest. Only an empty
// workspace: elsewhere the rebuild would read every other client's records, and on PostgreSQL
// the drop would lock out their readers until the import commits.
import type { Kysely } from 'kysely';
import { RECORD_PAGE_INDEXES } from './migrations.js';
import type { Database } from './schema.js';

/** Drops the page indexes when the workspace holds no record; true when it did. */
export async function dropPageIndexesIfEmpty(db: Kysely<Database>): Promise<boolean> {
  if (!db.isTransaction) throw new Error('dropPageIndexesIfEmpty outside a transaction');
  const any = await db.selectFrom('records').select('id').limit(1).executeTakeFirst();
  if (any !== undefined) return false;
  for (const [name] of RECORD_PAGE_INDEXES) await db.schema.dropIndex(name).execute();
  return true;
}

/** Builds the page indexes dropped by dropPageIndexesIfEmpty. */
export async function createPageIndexes(db: Kysely<Database>): Promise<void> {
  for (const [name, columns] of RECORD_PAGE_INDEXES)
    await db.schema
      .createIndex(name)
      .on('records')
      .columns([...columns])
      .execute();
}
