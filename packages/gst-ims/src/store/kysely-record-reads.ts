import { sql } from 'kysely';
import type {
  Action,
  PortalRecord,
  RecordOutline,
  Section,
  WorkspaceRecord,
} from '../core/index.js';
import { outlineOf } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';
import type { RecordIndex, UploadPlanRow } from './workspace-store.js';
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

  async loadRecords(
    gstin: string,
    opts?: { readonly remember?: boolean },
  ): Promise<WorkspaceRecord[]> {
    const text = this.q.cachedSql('load', () => this.scanQuery().compile().sql);
    const loaded = await this.loadSorted(text, [gstin]);
    return opts?.remember === false ? loaded : this.remember(gstin, loaded);
  }

  async loadUploadCandidates(gstin: string): Promise<WorkspaceRecord[]> {
    return this.remember(
      gstin,
      await this.loadSorted(this.candidatesQuery(), [gstin, 'noAction', 'noAction']),
    );
  }

  async loadUploadCandidatePage(
    gstin: string,
    afterId: number,
    limit: number,
  ): Promise<{ records: WorkspaceRecord[]; lastId: number | null }> {
    const rows = await this.q.rows(this.candidatesQuery(), [
      gstin,
      'noAction',
      'noAction',
      afterId,
      limit,
    ]);
    const records = rows.map(fromLoadRow);
    const last = rows[rows.length - 1];
    const lastId =
      last === undefined || rows.length < limit ? null : (last[LOAD_COLUMNS.length] as number);
    return { records, lastId };
  }

  /** Records with a decision, the portal's or the user's, a page in id order (see scanQuery). */
  private candidatesQuery(): string {
    return this.q.cachedSql(
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
  }

  async loadRecordOutlines(gstin: string): Promise<RecordOutline[]> {
    if (!this.q.postgres && !this.q.sqliteJson)
      return (await this.loadRecords(gstin)).map(outlineOf);
    return this.q.mapRows(this.outlineQuery(false), [gstin], outlineFromRow);
  }

  async loadRecordOutlinePage(
    gstin: string,
    afterId: number,
    limit: number,
    throughId: number = Number.MAX_SAFE_INTEGER,
  ): Promise<{ outlines: RecordOutline[]; lastId: number | null }> {
    if (!this.q.postgres && !this.q.sqliteJson) {
      // No JSON functions to read the outline with: one page of everything (then ids are unknown).
      if (afterId > 0) return { outlines: [], lastId: null };
      const outlines = await this.loadRecordOutlines(gstin);
      return { outlines, lastId: outlines.length === 0 ? null : 1 };
    }
    let lastId: number | null = null;
    const outlines = await this.q.mapRows(
      this.outlineQuery(true),
      [gstin, afterId, throughId, limit],
      (row) => {
        lastId = row[row.length - 1] as number;
        return outlineFromRow(row);
      },
    );
    return { outlines, lastId: outlines.length < limit ? null : lastId };
  }

  /**
   * The outlines of a GSTIN's records in id order, whole or a page after an id (then the id is
   * the last column). The packed description's return period (record-rows.ts position 10) is
   * read by the database: no description parsed in JavaScript. PostgreSQL's ->> gives a string
   * as itself, null as NULL: what SQLite's json_extract gives.
   */
  private outlineQuery(paged: boolean): string {
    const pg = this.q.postgres;
    return this.q.cachedSql(`load-outlines${pg ? '-pg' : ''}${paged ? '-page' : ''}`, () => {
      // The remark and declaration from migration 0016's columns, which hold what the
      // description does (written beside it by every write, filled from it by the migration):
      // one JSON read per row instead of three, a fifth of the read (next month's import).
      const fields = pg
        ? sql`d.doc::json ->> 10 AS return_period, r.portal_remark, r.portal_itc_reduction`
        : sql`json_extract(d.doc, '$[10]'), r.portal_remark, r.portal_itc_reduction`;
      const states = sql.join(STATE_COLUMNS.map((c) => sql.ref(`s.${c}`)));
      // On SQLite a page walks the ids (the `+` keeps it from taking the gstin index, after
      // which it would sort every record of the GSTIN for each page).
      const gstin = pg ? sql.ref('r.gstin') : sql`+${sql.ref('r.gstin')}`;
      const query = paged
        ? sql`SELECT r.key, r.section, r.portal_action, ${fields}, ${states}, r.id
          FROM records r JOIN record_docs d ON d.id = r.id JOIN record_states s ON s.id = r.id WHERE ${gstin} = ${''} AND r.id > ${0} AND r.id <= ${0} ORDER BY r.id LIMIT ${0}`
        : sql`SELECT r.key, r.section, r.portal_action, ${fields}, ${states}
          FROM records r JOIN record_docs d ON d.id = r.id JOIN record_states s ON s.id = r.id WHERE r.gstin = ${''} ORDER BY r.id`;
      return query.compile(this.q.db).sql;
    });
  }

  async loadUploadPlanRows(gstin: string): Promise<UploadPlanRow[]> {
    const text = this.q.cachedSql(`upload-plan${this.q.postgres ? '-pg' : ''}`, () => {
      // On SQLite a walk of the ids, as scanQuery's (the `+` keeps it off the gstin index).
      const g = this.q.sqliteJson ? sql`+${sql.ref('r.gstin')}` : sql.ref('r.gstin');
      return sql`SELECT r.key, r.section, r.supplier_gstin, r.doc_date, r.doc_number, s.local_action, r.portal_action
        FROM records r JOIN record_states s ON s.id = r.id
        WHERE ${g} = ${''} AND s.gone = ${0} AND (s.local_action <> ${''} OR r.portal_action <> ${''})
        ORDER BY r.id`.compile(this.q.db).sql;
    });
    return this.q.mapRows(text, [gstin, 0, 'noAction', 'noAction'], (row) => ({
      key: row[0] as string,
      section: row[1] as Section,
      supplierGstin: row[2] as string,
      docDate: row[3] as string,
      docNumber: row[4] as string,
      action: row[5] as Action,
      portalAction: row[6] as Action,
    }));
  }

  async lastRecordId(): Promise<number> {
    const row = await this.q.db
      .selectFrom('records')
      .select((eb) => eb.fn.max('id').as('last'))
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? 0 : Number(row.last);
  }

  async loadRecordsByKeys(
    gstin: string,
    keys: readonly string[],
    opts?: { readonly remember?: boolean },
  ): Promise<WorkspaceRecord[]> {
    const out: WorkspaceRecord[] = [];
    const perBatch = 900;
    for (let i = 0; i < keys.length; i += perBatch) {
      const batch = keys.slice(i, i + perBatch);
      const text = this.q.cachedSql(
        `load-keys:${batch.length}`,
        () => this.loadQuery().where('r.gstin', '=', '').where('r.key', 'in', batch).compile().sql,
      );
      const rows = await this.q.mapRows(text, [gstin, ...batch], fromLoadRow);
      // In the order asked, whatever order the database found them in (PostgreSQL's differs
      // from SQLite's): what a caller lists or audits from them must not depend on the database.
      const byKey = new Map(rows.map((r) => [r.record.key, r]));
      for (const k of batch) {
        const r = byKey.get(k);
        if (r === undefined) continue;
        byKey.delete(k);
        out.push(r);
      }
    }
    return opts?.remember === false ? out : this.remember(gstin, out);
  }

  async loadRecordIndex(gstin: string): Promise<RecordIndex> {
    const text = this.q.cachedSql('record-index', () => {
      const g = this.q.sqliteJson
        ? sql<string>`+${sql.ref('r.gstin')}`
        : sql<string>`${sql.ref('r.gstin')}`;
      return this.q.db
        .selectFrom('records as r')
        .innerJoin('record_states as s', 's.id', 'r.id')
        .select(['r.id', 'r.section', 'r.supplier_gstin', 'r.doc_date', 'r.doc_number'])
        .where(g, '=', '')
        .where('s.gone', '=', 0)
        .where('r.id', '>', 0)
        .orderBy('r.id')
        .limit(SCAN_PAGE)
        .compile().sql;
    });
    // Columns, in id order; the few distinct sections, suppliers and dates held once each.
    const ids: number[] = [];
    const sections: string[] = [];
    const suppliers: string[] = [];
    const dates: string[] = [];
    const numbers: string[] = [];
    const held = new Map<string, string>();
    const once = (v: string): string => {
      const h = held.get(v);
      if (h !== undefined) return h;
      held.set(v, v);
      return v;
    };
    const page = this.q.postgres ? POSTGRES_SCAN_PAGE : SCAN_PAGE;
    for (let after = 0; ;) {
      const rows = await this.q.rows(text, [gstin, 0, after, page]);
      for (const row of rows) {
        ids.push(Number(row[0]));
        sections.push(once(row[1] as string));
        suppliers.push(once(row[2] as string));
        dates.push(once(row[3] as string));
        numbers.push(row[4] as string);
      }
      if (rows.length < page) break;
      after = ids[ids.length - 1] as number;
    }
    // loadOrder on the columns the description's fields are copied to, stable over id order:
    // loadSorted's order.
    const at = ids.map((_, i) => i);
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    at.sort(
      (i, j) =>
        cmp(sections[i] as string, sections[j] as string) ||
        cmp(suppliers[i] as string, suppliers[j] as string) ||
        cmp(dates[i] as string, dates[j] as string) ||
        cmp(numbers[i] as string, numbers[j] as string),
    );
    return {
      ids: at.map((i) => ids[i] as number),
      supplierGstins: at.map((i) => suppliers[i] as string),
    };
  }

  async loadRecordsByIds(gstin: string, ids: readonly number[]): Promise<WorkspaceRecord[]> {
    const byId = new Map<number, WorkspaceRecord>();
    const convert = (row: unknown[]) =>
      byId.set(Number(row[LOAD_COLUMNS.length]), fromLoadRow(row));
    // The `+` keeps SQLite from searching the GSTIN's index for the ids (as scanQuery): with
    // hundreds of ids it would walk all of the GSTIN's records there instead of the ids' rows.
    const gstinRef = this.q.sqliteJson
      ? sql<string>`+${sql.ref('r.gstin')}`
      : sql<string>`${sql.ref('r.gstin')}`;
    const sorted = [...ids].sort((a, b) => a - b);
    const perBatch = 900;
    for (let i = 0; i < sorted.length;) {
      const first = sorted[i] as number;
      // Ids handed out in load order (insertRecords) come in runs: a run dense enough is read
      // as a range, about three times cheaper per row than a list of ids.
      let j = i;
      while (j + 1 < sorted.length && (sorted[j + 1] as number) - first < 2 * (j + 1 - i + 1)) j++;
      if (j - i + 1 >= perBatch) {
        const last = sorted[j] as number;
        const text = this.q.cachedSql(
          'load-id-range',
          () =>
            this.loadQuery()
              .select('r.id')
              .where(gstinRef, '=', '')
              .where('r.id', '>=', 0)
              .where('r.id', '<=', 0)
              .compile().sql,
        );
        await this.q.mapRows(text, [gstin, first, last], convert);
        i = j + 1;
        continue;
      }
      const batch = sorted.slice(i, i + perBatch);
      const text = this.q.cachedSql(
        `load-ids:${batch.length}`,
        () =>
          this.loadQuery()
            .select('r.id')
            .where(gstinRef, '=', '')
            .where('r.id', 'in', batch)
            .compile().sql,
      );
      await this.q.mapRows(text, [gstin, ...batch], convert);
      i += batch.length;
    }
    const out: WorkspaceRecord[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r !== undefined) out.push(r);
    }
    return out;
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
