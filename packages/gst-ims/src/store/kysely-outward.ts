import type { Kysely } from 'kysely';
import type { OutwardEntry, OutwardPart } from '../core/index.js';
import { OUTWARD_PARTS } from '../core/index.js';
import type {
  OutwardImportEntry,
  OutwardImportInfo,
  OutwardStore,
  StoredOutwardEntry,
} from './outward-store.js';
import type { Database } from './schema.js';

/** One supplier-view entry (migration 0009-outward); `entry` is the parsed entry as JSON. */
export interface OutwardEntriesTable {
  gstin: string;
  period: string;
  part: string;
  key: string;
  customer_gstin: string;
  entry: string;
}

/** The import that last replaced a part of a period. */
export interface OutwardImportsTable {
  gstin: string;
  period: string;
  part: string;
  import_id: number;
  file: string;
  at: string;
  entries: number;
}

export type OutwardTables = {
  outward_entries: OutwardEntriesTable;
  outward_imports: OutwardImportsTable;
};

/** Rows per INSERT: 6 values each, well within both databases' parameter limits. */
const INSERT_ROWS = 500;

const partOf = (s: string): OutwardPart => {
  const p = OUTWARD_PARTS.find((x) => x === s);
  if (p === undefined) throw new Error(`outward_entries: unknown part "${s}"`);
  return p;
};

/** The supplier view's two tables, over any kysely dialect. */
export class KyselyOutward implements OutwardStore {
  private readonly db: Kysely<Database & OutwardTables>;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<OutwardTables>();
  }

  async replaceOutward(
    gstin: string,
    part: OutwardPart,
    period: string,
    entries: readonly OutwardEntry[],
    imp: OutwardImportEntry,
  ): Promise<{ removed: number }> {
    const del = await this.db
      .deleteFrom('outward_entries')
      .where('gstin', '=', gstin)
      .where('period', '=', period)
      .where('part', '=', part)
      .executeTakeFirst();
    for (let i = 0; i < entries.length; i += INSERT_ROWS) {
      await this.db
        .insertInto('outward_entries')
        .values(
          entries.slice(i, i + INSERT_ROWS).map((e) => ({
            gstin,
            period,
            part,
            key: e.key,
            customer_gstin: e.customerGstin,
            entry: JSON.stringify(e),
          })),
        )
        .execute();
    }
    const row = {
      import_id: imp.importId,
      file: imp.file,
      at: imp.at,
      entries: entries.length,
    };
    await this.db
      .insertInto('outward_imports')
      .values({ gstin, period, part, ...row })
      .onConflict((oc) => oc.columns(['gstin', 'period', 'part']).doUpdateSet(row))
      .execute();
    return { removed: Number(del.numDeletedRows) };
  }

  async loadOutward(gstin: string, period: string | null): Promise<StoredOutwardEntry[]> {
    let q = this.db
      .selectFrom('outward_entries')
      .select(['period', 'part', 'entry'])
      .where('gstin', '=', gstin);
    if (period !== null) q = q.where('period', '=', period);
    const rows = await q
      .orderBy('period')
      .orderBy('part')
      .orderBy('customer_gstin')
      .orderBy('key')
      .execute();
    return rows.map((r) => ({
      period: r.period,
      part: partOf(r.part),
      entry: JSON.parse(r.entry) as OutwardEntry,
    }));
  }

  async listOutwardImports(gstin: string): Promise<OutwardImportInfo[]> {
    const rows = await this.db
      .selectFrom('outward_imports')
      .selectAll()
      .where('gstin', '=', gstin)
      .execute();
    // MMYYYY sorts by year first only when read as a date.
    const order = (p: string): number => Number(p.slice(2)) * 12 + Number(p.slice(0, 2));
    return rows
      .map((r) => ({
        part: partOf(r.part),
        period: r.period,
        importId: r.import_id,
        file: r.file,
        at: r.at,
        entries: r.entries,
      }))
      .sort(
        (a, b) =>
          order(b.period) - order(a.period) ||
          OUTWARD_PARTS.indexOf(a.part) - OUTWARD_PARTS.indexOf(b.part),
      );
  }
}
