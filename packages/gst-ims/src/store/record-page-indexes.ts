// The Records grid's page indexes (migration 0014) and the practice view's (0016) cost each
// inserted record four more B-tree inserts. Those whose order has nothing to do with the order
// an import writes its rows in (document date, value) land at random places: about 7 µs of CPU
// each on a workspace of 100,000 records, a third of next month's import (decision 0058). An
// import that adds many records drops them and builds them once after its rows (a sort of the
// table, far cheaper per row), in its own transaction: a failed import rolls the drop back with
// the rest.
//
// When: an empty workspace always (decision 0051). A workspace holding records only on SQLite,
// and only when the import adds at least REBUILD_SHARE of the records it holds: the rebuild
// reads every record of the workspace, every other client's too, so it pays only when the
// inserts it saves are that many (measured break-even about half). SQLite's readers are
// not held up (in WAL mode they read the last committed snapshot, indexes and all, until the
// import commits); on PostgreSQL a dropped index locks every reader of `records` out until the
// import commits, so there only an empty workspace drops them.
import type { Kysely } from 'kysely';
import { RECORD_PAGE_INDEXES } from './migrations.js';
import { isPostgres } from './postgres-dialect.js';
import type { Database } from './schema.js';

/** Rebuild the indexes when an import adds at least this share of the records held. */
export const REBUILD_SHARE = 0.5;

/**
 * Drops the page indexes when building them after `adding` new records costs less than
 * inserting into them (see above); true when it did, and buildPageIndexes must follow in the
 * same transaction.
 */
export async function dropPageIndexesForImport(
  db: Kysely<Database>,
  adding: number,
): Promise<boolean> {
  if (!db.isTransaction) throw new Error('dropPageIndexesForImport outside a transaction');
  if (!Number.isFinite(adding) || adding < 0)
    throw new Error(`dropPageIndexesForImport: not a count of records: ${adding}`);
  // Ids only grow (decision 0051): the greatest bounds the records held from above, without
  // counting them. A workspace whose records were deleted looks fuller: it rebuilds less often.
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  const held = row?.last === null || row?.last === undefined ? 0 : Number(row.last);
  if (held > 0) {
    if (isPostgres(db as unknown as Kysely<unknown>)) return false;
    if (adding === 0 || adding < held * REBUILD_SHARE) return false;
  }
  for (const [name] of RECORD_PAGE_INDEXES) await db.schema.dropIndex(name).execute();
  return true;
}

/** Builds the page indexes dropped by dropPageIndexesForImport. */
export async function createPageIndexes(db: Kysely<Database>): Promise<void> {
  for (const [name, columns] of RECORD_PAGE_INDEXES)
    await db.schema
      .createIndex(name)
      .on('records')
      .columns([...columns])
      .execute();
}
