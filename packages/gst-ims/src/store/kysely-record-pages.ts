import type { Expression, ExpressionBuilder, RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type {
  RecordFilter,
  RecordOrder,
  RecordSortColumn,
  RecordView,
  WorkspaceRecord,
} from '../core/index.js';
import { RECORD_VIEWS } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';
import type { RecordPage, RecordPageStore, RecordSummary } from './record-page-store.js';
import { LOAD_COLUMNS, STATE_COLUMNS, fromLoadRow } from './record-rows.js';
import type { Database } from './schema.js';

// The Records grid's pages in SQL, on SQLite and PostgreSQL alike (decision 0039). What the SQL
// must agree with is core's recordPasses and compareRecords; where the two databases differ
// (reading the packed description's JSON, upper-casing, string order) each gets its own
// fragment, chosen so that both give what the JavaScript gives:
// - strings compare by code point: SQLite's default BINARY collation, PostgreSQL's "C" (the
//   only collation a PostgreSQL workspace is opened with);
// - search text is upper-cased in ASCII only: SQLite's upper(), PostgreSQL's under "C".

type Eb = ExpressionBuilder<
  { r: Database['records']; s: Database['record_states']; d: Database['record_docs'] },
  'r' | 's' | 'd'
>;

/** Positions in the packed description (record-rows.ts PackedDoc). */
const DOC_SUPPLIER_NAME = 3;
const DOC_PORTAL_REMARK = 23;
const DOC_PORTAL_ITC = 24;
const TAX_HEADS = ['igst', 'cgst', 'sgst', 'cess'] as const;

/** The column each sort column orders by. */
const SORT_COLUMNS: Record<RecordSortColumn, string> = {
  section: 'r.section',
  supplier: 'r.supplier_gstin',
  docNumber: 'r.doc_number',
  docDate: 'r.doc_date',
  value: 'r.value',
  portalAction: 'r.portal_action',
  decision: 's.local_action',
};

export class KyselyRecordPages implements RecordPageStore {
  constructor(private readonly q: KyselySql) {}

  async pageRecords(
    gstin: string,
    filter: RecordFilter,
    order: RecordOrder,
    offset: number,
    limit: number,
  ): Promise<RecordPage> {
    const where = this.filtered(gstin, filter);
    const counted = await where
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const total = Number(counted.n);
    if (limit <= 0 || offset >= total) return { total, records: [] };
    // The page's ids first (only short columns sorted), then the page's descriptions by id.
    const dir = order.dir === 'asc' ? sql.raw('ASC') : sql.raw('DESC');
    const ids = await where
      .select('r.id')
      .orderBy(sql`${this.sortable(SORT_COLUMNS[order.column])} ${dir}`)
      .orderBy(sql`${this.sortable('r.key')} ${dir}`)
      .limit(limit)
      .offset(offset)
      .execute();
    const records = await this.loadByIds(ids.map((r) => Number(r.id)));
    return { total, records };
  }

  async recordKeysMatching(gstin: string, filter: RecordFilter): Promise<string[]> {
    const rows = await this.filtered(gstin, filter)
      .select('r.key')
      .orderBy(this.sortable('r.key'))
      .execute();
    return rows.map((r) => r.key);
  }

  async recordSummary(gstin: string): Promise<RecordSummary> {
    const counts = await this.q.db
      .selectFrom('records as r')
      .innerJoin('record_states as s', 's.id', 'r.id')
      .innerJoin('record_docs as d', 'd.id', 'r.id')
      .where(this.gstinColumn(true), '=', gstin)
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        ...RECORD_VIEWS.filter((v) => v !== 'all').map((v) =>
          eb.fn.sum<number>(eb.case().when(this.inView(eb, v)).then(1).else(0).end()).as(v),
        ),
      ])
      .executeTakeFirstOrThrow();
    const views = Object.fromEntries(
      RECORD_VIEWS.map((v) => [v, Number((counts as Record<string, unknown>)[v] ?? 0)]),
    ) as Record<RecordView, number>;
    const suppliers = await this.q.db
      .selectFrom('records as r')
      .innerJoin('record_docs as d', 'd.id', 'r.id')
      .where(this.gstinColumn(true), '=', gstin)
      .groupBy('r.supplier_gstin')
      .select((eb) => [
        'r.supplier_gstin',
        eb.fn.max<string | null>(this.docText(DOC_SUPPLIER_NAME)).as('name'),
        eb.fn.countAll<number>().as('n'),
      ])
      .orderBy(this.sortable('r.supplier_gstin'))
      .execute();
    return {
      total: views.all,
      views,
      suppliers: suppliers.map((s) => [s.supplier_gstin, s.name ?? null, Number(s.n)]),
    };
  }

  /** The GSTIN's records (with state and description joined) passing the filter. */
  private filtered(gstin: string, f: RecordFilter) {
    // The description is read only when the filter needs it: a search (the supplier's name) or
    // the waiting view (the portal's remark and declaration).
    const needsDoc = f.terms.length > 0 || f.view === 'waiting';
    let q = this.q.db
      .selectFrom('records as r')
      .innerJoin('record_states as s', 's.id', 'r.id')
      .where(this.gstinColumn(needsDoc && f.supplier === null), '=', gstin);
    const withDoc = needsDoc ? q.innerJoin('record_docs as d', 'd.id', 'r.id') : q;
    q = withDoc;
    if (f.supplier !== null) q = q.where('r.supplier_gstin', '=', f.supplier);
    if (f.section !== null) q = q.where('r.section', '=', f.section);
    if (f.view !== 'all') q = q.where((eb) => this.inView(eb as unknown as Eb, f.view));
    for (const term of f.terms)
      q = q.where(
        () =>
          sql<SqlBool>`(${this.contains(sql.ref('r.key'), term)} OR ${this.contains(this.docText(DOC_SUPPLIER_NAME), term)})`,
      );
    return q;
  }

  /**
   * The GSTIN column to filter on. A query reading every description of the GSTIN goes best
   * through the table in id order, which is the descriptions' order too: on SQLite the `+`
   * keeps it from taking an index of `records`, whose order would read the descriptions all
   * over the file (a search took twice as long by the value index). Other queries may take any.
   */
  private gstinColumn(scan: boolean): RawBuilder<string> {
    return scan && this.q.sqliteJson
      ? sql<string>`+${sql.ref('r.gstin')}`
      : sql<string>`${sql.ref('r.gstin')}`;
  }

  /** The view's test (core's recordInView) as SQL. */
  private inView(eb: Eb, view: RecordView): Expression<SqlBool> {
    switch (view) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'noAction':
        return eb.and([eb('s.local_action', '=', 'noAction'), eb('s.gone', '=', 0)]);
      case 'waiting':
        return eb.and([eb('s.gone', '=', 0), this.dirty(eb)]);
      case 'changed':
        return eb('s.changed_by_supplier', '=', 1);
      case 'errors':
        return eb('s.error_message', 'is not', null);
      case 'gone':
        return eb('s.gone', '=', 1);
    }
  }

  /**
   * Core's isDirty: the action differs from the portal's, or (the same action, not No Action)
   * the remark (null equals "") or the declaration (kind, and the amounts of a partial one).
   */
  private dirty(eb: Eb): Expression<SqlBool> {
    const localKind = this.jsonText(sql.ref('s.local_itc_reduction'), 'kind');
    const portalKind = this.docField(DOC_PORTAL_ITC, 'kind');
    const distinct = (a: Expression<unknown>, b: Expression<unknown>) =>
      this.q.postgres ? sql<SqlBool>`${a} IS DISTINCT FROM ${b}` : sql<SqlBool>`${a} IS NOT ${b}`;
    const reductionDiffers = eb.or([
      distinct(localKind, portalKind),
      eb.and([
        sql<SqlBool>`${localKind} = 'partial'`,
        eb.or(
          TAX_HEADS.map((h) =>
            distinct(
              this.jsonText(sql.ref('s.local_itc_reduction'), h),
              this.docField(DOC_PORTAL_ITC, h),
            ),
          ),
        ),
      ]),
    ]);
    return eb.or([
      eb('s.local_action', '<>', eb.ref('r.portal_action')),
      eb.and([
        eb('s.local_action', '<>', 'noAction'),
        eb.or([
          sql<SqlBool>`COALESCE(${sql.ref('s.local_remark')}, '') <> COALESCE(${this.docText(DOC_PORTAL_REMARK)}, '')`,
          reductionDiffers,
        ]),
      ]),
    ]);
  }

  /** A string-valued position of the packed description, as text. */
  private docText(position: number): RawBuilder<string | null> {
    return this.q.postgres
      ? sql`(${sql.ref('d.doc')}::json ->> ${sql.lit(position)})`
      : sql`json_extract(${sql.ref('d.doc')}, ${sql.lit(`$[${position}]`)})`;
  }

  /** A member of an object at a position of the packed description, as text. */
  private docField(position: number, member: string): RawBuilder<string | null> {
    return this.q.postgres
      ? sql`(${sql.ref('d.doc')}::json -> ${sql.lit(position)} ->> ${sql.lit(member)})`
      : sql`CAST(json_extract(${sql.ref('d.doc')}, ${sql.lit(`$[${position}].${member}`)}) AS TEXT)`;
  }

  /** A member of a JSON object column, as text. */
  private jsonText(column: Expression<unknown>, member: string): RawBuilder<string | null> {
    return this.q.postgres
      ? sql`(${column}::json ->> ${sql.lit(member)})`
      : sql`CAST(json_extract(${column}, ${sql.lit(`$.${member}`)}) AS TEXT)`;
  }

  /** `text` holds `term` (already upper-cased), upper-casing `text` in ASCII only. */
  private contains(text: Expression<unknown>, term: string): RawBuilder<SqlBool> {
    return this.q.postgres
      ? sql<SqlBool>`strpos(upper(${text} COLLATE "C"), ${term}) > 0`
      : sql<SqlBool>`instr(upper(${text}), ${term}) > 0`;
  }

  /**
   * A column as it sorts. PostgreSQL workspaces order text by code point, as JavaScript and
   * SQLite do (the store refuses another collation at open, decision 0033); an explicit
   * COLLATE here would keep PostgreSQL from ordering by the indexes (0014).
   */
  private sortable(column: string): RawBuilder<unknown> {
    return sql`${sql.ref(column)}`;
  }

  /** The records with these ids, in the ids' order. */
  private async loadByIds(ids: readonly number[]): Promise<WorkspaceRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.q.db
      .selectFrom('records as r')
      .innerJoin('record_docs as d', 'd.id', 'r.id')
      .innerJoin('record_states as s', 's.id', 'r.id')
      .select(['r.id', 'r.key', 'd.doc', ...STATE_COLUMNS.map((c) => `s.${c}` as const)])
      .where('r.id', 'in', ids)
      .execute();
    const byId = new Map<number, WorkspaceRecord>();
    for (const row of rows) {
      const values = LOAD_COLUMNS.map((c) => (row as Record<string, unknown>)[c]);
      byId.set(Number(row.id), fromLoadRow(values));
    }
    return ids.map((id) => byId.get(id)).filter((w): w is WorkspaceRecord => w !== undefined);
  }
}
