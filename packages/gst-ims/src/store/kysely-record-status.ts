// What `status` (CLI, GET /api/status, the Dashboard) counts, as SQL over the short columns of
// `records` and `record_states`: per section, the portal's actions and the decisions, what waits
// for upload, flagged, refused and gone records; and the keys of the few records it lists. It
// loaded every record of the GSTIN before (14 s and 930 MB at a million records, which a
// server's cached store then kept).
import { sql } from 'kysely';
import type { Action, Section } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';
import { gstinIds } from './kysely-record-pages.js';
import { dirtySql } from './record-dirty-sql.js';

/** The GSTIN's records of one combination of what status tells apart, counted. */
export interface StatusGroup {
  readonly section: Section;
  readonly portalAction: Action;
  readonly decision: Action;
  readonly gone: boolean;
  readonly changedBySupplier: boolean;
  readonly withError: boolean;
  /** The decision differs from what the portal holds (core's isDirty). */
  readonly dirty: boolean;
  readonly records: number;
}

export interface RecordStatusRows {
  readonly groups: StatusGroup[];
  /**
   * Records the portal refused in the last upload, in the order records are listed everywhere
   * (kysely-record-reads.ts loadOrder: section, supplier, date, number).
   */
  readonly errors: { recordKey: string; code: string | null; message: string }[];
  /** Records their supplier changed since they were decided, in that order. */
  readonly flagged: string[];
  /** Gone records holding a decision the portal does not have, in that order. */
  readonly goneWithDecision: string[];
}

/** Live records of one return period and filing state, counted (reconcile-config's imsPeriod). */
export interface ReturnPeriodCount {
  readonly returnPeriod: string | null;
  readonly supplierFiled: boolean | null;
  readonly count: number;
}

export interface RecordStatusStore {
  /** With `period` (MMYYYY), only the records of that GSTR-2B period (`--period`). */
  recordStatus(gstin: string, period?: string): Promise<RecordStatusRows>;
  /**
   * The GSTIN's live (not gone) records counted by the supplier's return period and whether the
   * supplier filed, read in the database (the web asks on every page for the period to open on).
   */
  returnPeriodTally(gstin: string): Promise<ReturnPeriodCount[]>;
}

/** Ids per statement of the return-period tally on SQLite (about 0.3 s of one thread each). */
const TALLY_IDS = 50_000;

export class KyselyRecordStatus implements RecordStatusStore {
  constructor(
    private readonly q: KyselySql,
    private readonly tallyIds = TALLY_IDS,
  ) {}

  async recordStatus(gstin: string, period?: string): Promise<RecordStatusRows> {
    const dirty = dirtySql(this.q.postgres);
    // A period's records come off records_practice (gstin, two_b_period). The whole GSTIN's, on
    // SQLite, over the range of ids it spans, in id order (as the Records grid's views read
    // them, decision 0059): through the index they were read all over the file (a million
    // records: 2.2 s against 0.9 s).
    const ofGstin =
      period !== undefined
        ? sql`r.gstin = ${gstin} AND r.two_b_period = ${period}`
        : this.q.sqliteJson
          ? sql`+r.gstin = ${gstin} AND r.id BETWEEN ${gstinIds(gstin, 'min')} AND ${gstinIds(gstin, 'max')}`
          : sql`r.gstin = ${gstin}`;
    const flag = (c: ReturnType<typeof sql>) => sql`CASE WHEN ${c} THEN 1 ELSE 0 END`;
    const { rows } = await sql<{
      section: Section;
      portal_action: Action;
      local_action: Action;
      gone: number;
      changed: number;
      err: number;
      dirty: number;
      n: number | string;
    }>`SELECT r.section, r.portal_action, s.local_action, s.gone, s.changed_by_supplier AS changed,
        ${flag(sql`s.error_message IS NOT NULL`)} AS err, ${flag(dirty)} AS dirty, COUNT(*) AS n
      FROM records r JOIN record_states s ON s.id = r.id
      WHERE ${ofGstin}
      GROUP BY r.section, r.portal_action, s.local_action, s.gone, s.changed_by_supplier,
        ${flag(sql`s.error_message IS NOT NULL`)}, ${flag(dirty)}`.execute(this.q.db);
    const groups = rows.map((g): StatusGroup => ({
      section: g.section,
      portalAction: g.portal_action,
      decision: g.local_action,
      gone: Number(g.gone) === 1,
      changedBySupplier: Number(g.changed) === 1,
      withError: Number(g.err) === 1,
      dirty: Number(g.dirty) === 1,
      records: Number(g.n),
    }));
    const listed = (where: ReturnType<typeof sql>) =>
      sql<{
        key: string;
        code: string | null;
        message: string | null;
      }>`SELECT r.key, s.error_code AS code, s.error_message AS message
        FROM records r JOIN record_states s ON s.id = r.id
        WHERE ${ofGstin} AND ${where}
        ORDER BY r.section, r.supplier_gstin, r.doc_date, r.doc_number, r.id`.execute(this.q.db);
    const wanted = (kind: (g: StatusGroup) => boolean) => groups.some(kind);
    const none = { rows: [] as { key: string; code: string | null; message: string | null }[] };
    const errors = wanted((g) => g.withError)
      ? await listed(sql`s.error_message IS NOT NULL`)
      : none;
    const flagged = wanted((g) => g.changedBySupplier)
      ? await listed(sql`s.changed_by_supplier = 1`)
      : none;
    const gone = wanted((g) => g.gone && g.decision !== 'noAction' && g.dirty)
      ? await listed(sql`s.gone = 1 AND s.local_action <> 'noAction' AND ${dirty}`)
      : none;
    return {
      groups,
      errors: errors.rows.map((e) => ({
        recordKey: e.key,
        code: e.code,
        message: e.message ?? '',
      })),
      flagged: flagged.rows.map((r) => r.key),
      goneWithDecision: gone.rows.map((r) => r.key),
    };
  }

  async returnPeriodTally(gstin: string): Promise<ReturnPeriodCount[]> {
    // The description's members 10 and 11 (record-rows.ts packs them in that place), as text.
    const [period, filed] = this.q.postgres
      ? [sql`d.doc::json ->> 10`, sql`d.doc::json ->> 11`]
      : [
          sql`json_extract(d.doc, '$[10]')`,
          sql`CASE json_type(d.doc, '$[11]') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END`,
        ];
    const tally = (range: ReturnType<typeof sql>) =>
      sql<{
        period: string | null;
        filed: string | null;
        n: number | string;
      }>`SELECT ${period} AS period, ${filed} AS filed, COUNT(*) AS n
        FROM records r JOIN record_docs d ON d.id = r.id JOIN record_states s ON s.id = r.id
        WHERE r.gstin = ${gstin} AND s.gone = 0 AND ${range}
        GROUP BY ${period}, ${filed}`.execute(this.q.db);
    // SQLite answers on the server's one thread: a million descriptions read in one statement
    // held every other request for seconds (5-9 s at a million, the web's first page waiting), so
    // it reads them a range of ids at a time.
    const { rows: bounds } = await sql<{
      lo: number | null;
      hi: number | null;
    }>`SELECT MIN(id) AS lo, MAX(id) AS hi FROM records WHERE gstin = ${gstin}`.execute(this.q.db);
    const lo = Number(bounds[0]?.lo ?? 0);
    const hi = Number(bounds[0]?.hi ?? -1);
    const step = this.q.postgres ? Math.max(1, hi - lo + 1) : this.tallyIds;
    const counts = new Map<string, ReturnPeriodCount>();
    for (let from = lo; from <= hi; from += step) {
      // better-sqlite3 answers at once: without a turn of the event loop between ranges, the
      // requests that came meanwhile would still wait for all of them.
      if (from !== lo) await new Promise((next) => setImmediate(next));
      const { rows } = await tally(sql`r.id BETWEEN ${from} AND ${from + step - 1}`);
      for (const r of rows) {
        const supplierFiled = r.filed === null ? null : r.filed === 'true';
        const id = `${r.period}|${r.filed}`;
        const was = counts.get(id);
        counts.set(id, {
          returnPeriod: r.period,
          supplierFiled,
          count: (was?.count ?? 0) + Number(r.n),
        });
      }
    }
    return [...counts.values()];
  }
}
