import type { Expression, ExpressionBuilder, RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type {
  RecordFilter,
  RecordOrder,
  RecordSortColumn,
  RecordView,
  WorkspaceRecord,
} from '../core/index.js';
import { RECORD_VIEWS, SECTIONS } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';
import { dirtySql } from './record-dirty-sql.js';
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

type Eb = ExpressionBuilder<{ r: Database['records']; s: Database['record_states'] }, 'r' | 's'>;

/** Values per IN list. */
const IN_BATCH = 900;
/** The sorts migration 0014 indexes (with the GSTIN before and the key after). */
const INDEXED_SORTS: ReadonlySet<RecordSortColumn> = new Set(['supplier', 'docDate', 'value']);

/** The sections in code-point order: the section sort's order of the key ranges. */
const SECTIONS_BY_CODE_POINT = [...SECTIONS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

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
    count = true,
  ): Promise<RecordPage> {
    const byIndex = filter.supplier !== null;
    const plain = filter.view === 'all';
    // Counted with a filter's first page (the grid's scroll height): the all view reads no
    // state, and without a search an index of `records` alone answers it (a client's 100,000
    // records: 4 ms against 40-100 ms of CPU for the GSTIN's rows joined with their states).
    let total: number | null = null;
    if (count) {
      const counted = await this.filtered(
        gstin,
        filter,
        byIndex || (plain && filter.terms.length === 0),
        !plain,
      )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      total = Number(counted.n);
    }
    if (limit <= 0 || (total !== null && offset >= total)) return { total, records: [] };
    if (order.column === 'section' && !byIndex) {
      const ids = await this.idsBySection(gstin, filter, order.dir, offset, limit);
      return { total, records: await this.loadByIds(ids) };
    }
    // The page's ids first (only short columns sorted), then the page's descriptions by id. An
    // indexed sort walks its index. No filter reads a description: the waiting view compares
    // with the portal's remark and declaration, columns of `records` since migration 0016, and
    // a search reads the key and the supplier's name, columns since 0015.
    const dir = order.dir === 'asc' ? sql.raw('ASC') : sql.raw('DESC');
    const ids = await this.filtered(
      gstin,
      filter,
      byIndex || INDEXED_SORTS.has(order.column),
      !plain || order.column === 'decision',
    )
      .select('r.id')
      .orderBy(sql`${this.sortable(SORT_COLUMNS[order.column])} ${dir}`)
      .orderBy(sql`${this.sortable('r.key')} ${dir}`)
      .limit(limit)
      .offset(offset)
      .execute();
    const records = await this.loadByIds(ids.map((r) => Number(r.id)));
    return { total, records };
  }

  /**
   * A page in the default order (section, then key) without sorting the GSTIN's records: a key
   * begins with its section and a bar (recordKey; the store refuses any other key), so each
   * section's records are a range of the unique (gstin, key) index, already in key order. The
   * sections are walked in order, each asked for the rest of the page at the offset left; a
   * section the offset passes whole is counted (under the filter) to know by how much. Sorting a
   * million records for every page cost 0.15-0.55 s of the server's CPU; the walk reads as many
   * index entries as the page and the rows before it need.
   */
  private async idsBySection(
    gstin: string,
    filter: RecordFilter,
    dir: 'asc' | 'desc',
    offset: number,
    limit: number,
  ): Promise<number[]> {
    const sections = SECTIONS_BY_CODE_POINT.filter(
      (s) => filter.section === null || s === filter.section,
    );
    if (dir === 'desc') sections.reverse();
    const keyDir = dir === 'asc' ? sql.raw('ASC') : sql.raw('DESC');
    const states = filter.view !== 'all';
    let skip = offset;
    const ids: number[] = [];
    for (const section of sections) {
      const inSection = () =>
        this.filtered(gstin, { ...filter, section }, true, states)
          .where('r.key', '>=', `${section}|`)
          .where('r.key', '<', `${section}}`);
      const rows = await inSection()
        .select('r.id')
        .orderBy(sql`${this.sortable('r.key')} ${keyDir}`)
        .limit(limit - ids.length)
        .offset(skip)
        .execute();
      for (const r of rows) ids.push(Number(r.id));
      if (ids.length >= limit) break;
      if (rows.length > 0 || skip === 0) skip = 0;
      else {
        const n = await inSection()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        skip = Math.max(0, skip - Number(n.n));
      }
    }
    return ids;
  }

  async recordKeysMatching(gstin: string, filter: RecordFilter): Promise<string[]> {
    const rows = await this.filtered(gstin, filter, true)
      .select('r.key')
      .orderBy(this.sortable('r.key'))
      .execute();
    return rows.map((r) => r.key);
  }

  async recordSummary(gstin: string): Promise<RecordSummary> {
    const counts = await this.q.db
      .selectFrom('records as r')
      .innerJoin('record_states as s', 's.id', 'r.id')
      .where((eb) => this.ofGstin(eb as unknown as Eb, gstin, false))
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
    return { total: views.all, views, suppliers: await this.suppliers(gstin) };
  }

  /**
   * Each supplier with its records and a name: its first record's, or when that one has none,
   * the greatest of its others'. Names are read for a record per supplier (the supplier index
   * counts), not from every record of the GSTIN.
   */
  private async suppliers(gstin: string): Promise<RecordSummary['suppliers']> {
    const groups = await this.q.db
      .selectFrom('records as r')
      .where('r.gstin', '=', gstin)
      .groupBy('r.supplier_gstin')
      .select((eb) => [
        'r.supplier_gstin',
        eb.fn.countAll<number>().as('n'),
        eb.fn.min<number>('r.id').as('first'),
      ])
      .orderBy(this.sortable('r.supplier_gstin'))
      .execute();
    const names = new Map<string, string | null>();
    for (let i = 0; i < groups.length; i += IN_BATCH) {
      const batch = groups.slice(i, i + IN_BATCH);
      const rows = await this.q.db
        .selectFrom('records as r')
        .where(
          'r.id',
          'in',
          batch.map((g) => Number(g.first)),
        )
        .select(['r.supplier_gstin', 'r.supplier_name as name'])
        .execute();
      for (const r of rows) names.set(r.supplier_gstin, r.name);
    }
    const unnamed = groups.map((g) => g.supplier_gstin).filter((g) => names.get(g) == null);
    for (let i = 0; i < unnamed.length; i += IN_BATCH) {
      const rows = await this.q.db
        .selectFrom('records as r')
        .where('r.gstin', '=', gstin)
        .where('r.supplier_gstin', 'in', unnamed.slice(i, i + IN_BATCH))
        .groupBy('r.supplier_gstin')
        .select((eb) => [
          'r.supplier_gstin',
          eb.fn.max<string | null>('r.supplier_name').as('name'),
        ])
        .execute();
      for (const r of rows) names.set(r.supplier_gstin, r.name);
    }
    return groups.map((g) => [g.supplier_gstin, names.get(g.supplier_gstin) ?? null, Number(g.n)]);
  }

  /**
   * The GSTIN's records passing the filter, found through an index of `records` (`byIndex`) or
   * by reading the GSTIN's rows in id order; joined with their states unless `states` is false
   * (only for the all view, whose test reads no state, and a sort that reads none: every record
   * has exactly one state row, so leaving the join out changes no count and no order).
   */
  private filtered(gstin: string, f: RecordFilter, byIndex: boolean, states = true) {
    const joined = this.q.db
      .selectFrom('records as r')
      .innerJoin('record_states as s', 's.id', 'r.id');
    if (!states && f.view !== 'all') throw new Error(`the ${f.view} view reads the states`);
    let q = (states ? joined : this.q.db.selectFrom('records as r')) as typeof joined;
    q = q.where((eb) => this.ofGstin(eb as unknown as Eb, gstin, byIndex));
    if (f.supplier !== null) q = q.where('r.supplier_gstin', '=', f.supplier);
    if (f.section !== null) q = q.where('r.section', '=', f.section);
    if (f.view !== 'all') q = q.where((eb) => this.inView(eb as unknown as Eb, f.view));
    for (const term of f.terms)
      q = q.where(
        () =>
          sql<SqlBool>`(${this.contains(sql.ref('r.key'), term)} OR ${this.contains(sql.ref('r.supplier_name'), term)})`,
      );
    return q;
  }

  /**
   * The GSTIN's rows. Without `byIndex`, on SQLite, in id order over the range of ids the GSTIN's
   * records span (a range of the table): the states and descriptions are stored in the same
   * order, so each is read once, in order. Found through an index of `records` instead, they are
   * read all over the file: counting a GSTIN's 100,000 records took 60 ms so against 9 ms in id
   * order (a search 470 against 140). The `+` keeps SQLite from taking the gstin index.
   * PostgreSQL's planner chooses for itself.
   */
  private ofGstin(eb: Eb, gstin: string, byIndex: boolean): Expression<SqlBool> {
    if (byIndex || !this.q.sqliteJson) return eb('r.gstin', '=', gstin);
    return eb.and([
      eb(sql<string>`+${sql.ref('r.gstin')}`, '=', gstin),
      sql<SqlBool>`${sql.ref('r.id')} BETWEEN ${gstinIds(gstin, 'min')} AND ${gstinIds(gstin, 'max')}`,
    ]);
  }

  /** The view's test (core's recordInView) as SQL. */
  private inView(eb: Eb, view: RecordView): Expression<SqlBool> {
    switch (view) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'noAction':
        return eb.and([eb('s.local_action', '=', 'noAction'), eb('s.gone', '=', 0)]);
      case 'waiting':
        return eb.and([eb('s.gone', '=', 0), dirtySql(this.q.postgres)]);
      case 'changed':
        return eb('s.changed_by_supplier', '=', 1);
      case 'errors':
        return eb('s.error_message', 'is not', null);
      case 'gone':
        return eb('s.gone', '=', 1);
    }
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

/**
 * The smallest (or largest) id of the GSTIN's records (null when it has none), from migration
 * 0016's index (gstin, two_b_period): each period's first and last id are at the ends of its
 * part of the index, and the periods are found by skipping from one to the next, so a few
 * lookups answer it, not a walk of the GSTIN's rows. Without a range, `r.id > 0` had SQLite
 * read every state of the workspace (a million at 10 clients) to count one client's view.
 */
export function gstinIds(gstin: string, end: 'min' | 'max'): RawBuilder<number | null> {
  const f = sql.raw(end);
  const of = (period: RawBuilder<unknown>) =>
    sql`(SELECT ${f}(id) FROM records WHERE gstin = ${gstin} AND ${period})`;
  return sql<
    number | null
  >`(WITH RECURSIVE p(v) AS (SELECT (SELECT MIN(two_b_period) FROM records WHERE gstin = ${gstin}) UNION ALL SELECT (SELECT MIN(two_b_period) FROM records WHERE gstin = ${gstin} AND two_b_period > p.v) FROM p WHERE p.v IS NOT NULL) SELECT ${f}(x) FROM (SELECT ${of(sql`two_b_period = p.v`)} AS x FROM p WHERE p.v IS NOT NULL UNION ALL SELECT ${of(sql`two_b_period IS NULL`)}))`;
}
