import { sql } from 'kysely';
import type { PortalRecord, RecordOutline, WorkspaceRecord } from '../core/index.js';
import { outlineOf } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';
import { LOAD_COLUMNS, STATE_COLUMNS, fromLoadRow, outlineFromRow } from './record-rows.js';

/** Records per page of a load: large enough to amortise the query, small enough to die young. */
const SCAN_PAGE = 5000;
/** PostgreSQL reads a whole scan in one page (see loadSorted). */
const POSTGRES_SCAN_PAGE = 100_000_000;

/**
 * In a transaction: per GSTIN, the record object each key was loaded as or last written from,
 * which is what its `records` and `record_docs` rows hold (the transaction keeps others' writes
 * out). A record given back to updateRecords as that same object (records are immutable), as
 * a record marked gone is, keeps those rows: only its state is written.
 */
export type StoredRecords = Map<string, Map<string, PortalRecord>>;

/** Reading a GSTIN's records: whole, the upload candidates, in outline, or by key. */
export class KyselyRecordReads {
  constructor(
    private readonly q: KyselySql,
    private readonly stored: StoredRecords,
  ) {}

  async loadRecords(gstin: string): Promise<WorkspaceRecord[]> {
    const text = this.q.cachedSql('load', () => this.scanQuery().compile().sql);
    return this.remember(gstin, await this.loadSorted(text, [gstin]));
  }

  async loadUploadCandidates(gstin: string): Promise<WorkspaceRecord[]> {
    const text = this.q.cachedSql(
      'load-candidates',
      () =>
        this.scanQuery((q) =>
          q.where((eb) =>
            eb.or([
              eb('s.local_action', '<>', 'noAction'),
              eb('r.portal_action', '<>', 'noAction'),
            ]),
          ),
        ).compile().sql,
    );
    return this.remember(gstin, await this.loadSorted(text, [gstin, 'noAction', 'noAction']));
  }

  async loadRecordOutlines(gstin: string): Promise<RecordOutline[]> {
    if (this.q.postgres) {
      // The same three positions read by PostgreSQL (->> gives a string as itself, an object as
      // its JSON text, null as NULL: what SQLite's json_extract gives for these).
      const text = this.q.cachedSql(
        'load-outlines-pg',
        () =>
          sql`SELECT r.key, r.section, r.portal_action, d.doc::json ->> 10 AS return_period, d.doc::json ->> 23 AS portal_remark, d.doc::json ->> 24 AS portal_itc, ${sql.join(STATE_COLUMNS.map((c) => sql.ref(`s.${c}`)))}
          FROM records r JOIN record_docs d ON d.id = r.id JOIN record_states s ON s.id = r.id WHERE r.gstin = ${''} ORDER BY r.id`.compile(
            this.q.db,
          ).sql,
      );
      return this.q.mapRows(text, [gstin], outlineFromRow);
    }
    if (!this.q.sqliteJson) return (await this.loadRecords(gstin)).map(outlineOf);
    // The packed description's return period, remark and declaration (record-rows.ts positions
    // 10, 23, 24) read by SQLite itself: no description parsed in JavaScript.
    const text = this.q.cachedSql(
      'load-outlines',
      () =>
        sql`SELECT r.key, r.section, r.portal_action, json_extract(d.doc, '$[10]'), json_extract(d.doc, '$[23]'), json_extract(d.doc, '$[24]'), ${sql.join(STATE_COLUMNS.map((c) => sql.ref(`s.${c}`)))}
        FROM records r JOIN record_docs d ON d.id = r.id JOIN record_states s ON s.id = r.id WHERE r.gstin = ${''} ORDER BY r.id`.compile(
          this.q.db,
        ).sql,
    );
    return this.q.mapRows(text, [gstin], outlineFromRow);
  }

  async loadRecordsByKeys(gstin: string, keys: readonly string[]): Promise<WorkspaceRecord[]> {
    const out: WorkspaceRecord[] = [];
    const perBatch = 900;
    for (let i = 0; i < keys.length; i += perBatch) {
      const batch = keys.slice(i, i + perBatch);
      const text = this.q.cachedSql(
        `load-keys:${batch.length}`,
        () => this.loadQuery().where('r.gstin', '=', '').where('r.key', 'in', batch).compile().sql,
      );
      for (const r of await this.q.mapRows(text, [gstin, ...batch], fromLoadRow)) out.push(r);
    }
    return this.remember(gstin, out);
  }

  /** Notes what the rows of loaded records hold (see StoredRecords); outside a transaction, nothing. */
  private remember(gstin: string, loaded: WorkspaceRecord[]): WorkspaceRecord[] {
    if (!this.q.db.isTransaction) return loaded;
    let stored = this.stored.get(gstin);
    if (stored === undefined) this.stored.set(gstin, (stored = new Map<string, PortalRecord>()));
    for (const r of loaded) stored.set(r.record.key, r.record);
    return loaded;
  }

  /**
   * A page of a GSTIN's records in id order, after a given id: on SQLite a scan of the table
   * (the `+` keeps SQLite from taking the gstin index, whose order it would then have to sort
   * away). Ids are handed out in load order (insertRecords), so the rows arrive sorted, or in a
   * few sorted runs, one per import; loadSorted puts them in load order. Parameters: the
   * GSTIN, the filter's, the id to start after, the page size. The id is the last column.
   */
  private scanQuery(
    filter: (
      q: ReturnType<KyselyRecordReads['loadQuery']>,
    ) => ReturnType<KyselyRecordReads['loadQuery']> = (q) => q,
  ) {
    const gstin = this.q.sqliteJson
      ? sql<string>`+${sql.ref('r.gstin')}`
      : sql<string>`${sql.ref('r.gstin')}`;
    return filter(this.loadQuery().where(gstin, '=', ''))
      .select('r.id')
      .where('r.id', '>', 0)
      .orderBy('r.id')
      .limit(SCAN_PAGE);
  }

  /**
   * Reads a scan page by page (rows as arrays, converted a page at a time): the pages' raw
   * values die young, and better-sqlite3's all() costs less per row than its iterator.
   */
  private async loadSorted(text: string, params: readonly unknown[]): Promise<WorkspaceRecord[]> {
    const out: WorkspaceRecord[] = [];
    // PostgreSQL's pages would each merge-join the description table from its start (and pg
    // holds a result whole anyway): there, one page holds everything.
    const page = this.q.postgres ? POSTGRES_SCAN_PAGE : SCAN_PAGE;
    for (let after = 0; ;) {
      const rows = await this.q.rows(text, [...params, after, page]);
      for (const row of rows) out.push(fromLoadRow(row));
      if (rows.length < page) break;
      after = (rows[rows.length - 1] as unknown[])[LOAD_COLUMNS.length] as number;
    }
    // A stable merge sort on sorted runs costs about one comparison per record.
    return out.sort(loadOrder);
  }

  /** The SELECT of a record's load columns (LOAD_COLUMNS order), without filter and order. */
  private loadQuery() {
    return this.q.db
      .selectFrom('records as r')
      .innerJoin('record_docs as d', 'd.id', 'r.id')
      .innerJoin('record_states as s', 's.id', 'r.id')
      .select(['r.key', 'd.doc', ...STATE_COLUMNS.map((c) => `s.${c}` as const)]);
  }
}

/** The order records are listed in everywhere: section, supplier, document date, number. */
export function loadOrder(a: WorkspaceRecord, b: WorkspaceRecord): number {
  const x = a.record;
  const y = b.record;
  if (x.section !== y.section) return x.section < y.section ? -1 : 1;
  if (x.supplierGstin !== y.supplierGstin) return x.supplierGstin < y.supplierGstin ? -1 : 1;
  if (x.docDate !== y.docDate) return x.docDate < y.docDate ? -1 : 1;
  if (x.docNumber !== y.docNumber) return x.docNumber < y.docNumber ? -1 : 1;
  return 0;
}
