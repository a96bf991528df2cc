// What the practice view counts (issue 16, decision 0041), asked of the database instead of
// loading every client's 100,000 records on each request. A record's GSTR-2B period sits in its
// packed description (parsing 100,000 of those costs seconds), and changes only when the portal's
// description does: the period parts are read once per `practiceStamp` and kept by the caller,
// while the states (decided, held by the portal, refused, unapproved) are read on each request,
// only for the records where any of them is set.
import { sql } from 'kysely';
import type { Action, ItcReduction } from '../core/index.js';
import type { KyselySql } from './kysely-sql.js';

/** A live record's return period and source form (its 2B period is made of both). */
export interface RecordPeriodParts {
  readonly id: number;
  readonly returnPeriod: string | null;
  readonly srcForm: string | null;
}

/** A live record decided here, held by the portal, refused by it, or waiting for approval. */
export interface PracticeState {
  readonly id: number;
  readonly localAction: Action;
  readonly portalAction: Action;
  /**
   * When local and portal action are the same and not No Action, the remarks and declarations
   * of both (whether an upload is still needed depends on them); null otherwise.
   */
  readonly sameAction: {
    readonly localRemark: string | null;
    readonly portalRemark: string | null;
    readonly localItcReduction: ItcReduction | null;
    readonly portalItcReduction: ItcReduction | null;
  } | null;
  /** The portal refused it in the last upload. */
  readonly portalError: boolean;
  /** Decided since its last approval (or never approved), as unapprovedRecords counts. */
  readonly unapproved: boolean;
}

export interface PracticeCountStore {
  /**
   * Changes whenever recordPeriodParts may: a record added or marked gone, an import logged
   * (every change to the portal's descriptions is an import).
   */
  practiceStamp(gstin: string): Promise<string>;
  /** Every live (not gone) record of the GSTIN, by id. */
  recordPeriodParts(gstin: string): Promise<RecordPeriodParts[]>;
  /** The GSTIN's live records with a state the practice view counts (see PracticeState). */
  practiceStates(gstin: string): Promise<PracticeState[]>;
}

/** Where the packed description (record-rows.ts) holds what the counts need. */
const DOC = { srcForm: 9, returnPeriod: 10, portalRemark: 23, portalItc: 24 } as const;

export class KyselyPracticeCounts implements PracticeCountStore {
  constructor(private readonly q: KyselySql) {}

  async practiceStamp(gstin: string): Promise<string> {
    const text = this.q.cachedSql(
      'practice-stamp',
      () =>
        sql`SELECT COUNT(*) AS n, MAX(r.id) AS last_id, SUM(s.gone) AS gone, (SELECT MAX(i.id) FROM imports i WHERE i.gstin = ${''}) AS last_import
        FROM records r JOIN record_states s ON s.id = r.id WHERE r.gstin = ${''}`.compile(this.q.db)
          .sql,
    );
    const row = (await this.q.rows(text, [gstin, gstin]))[0] ?? [];
    return row.map((v) => String((v as string | number | bigint | null) ?? '')).join(':');
  }

  async recordPeriodParts(gstin: string): Promise<RecordPeriodParts[]> {
    const text = this.q.cachedSql(
      this.q.postgres ? 'period-parts-pg' : 'period-parts',
      () =>
        sql`SELECT r.id, ${this.doc(DOC.returnPeriod)} AS return_period, ${this.doc(DOC.srcForm)} AS src_form
        FROM records r JOIN record_docs d ON d.id = r.id JOIN record_states s ON s.id = r.id
        WHERE r.gstin = ${''} AND s.gone = 0`.compile(this.q.db).sql,
    );
    return (await this.q.rows(text, [gstin])).map((row) => ({
      id: Number(row[0]),
      returnPeriod: str(row[1]),
      srcForm: str(row[2]),
    }));
  }

  async practiceStates(gstin: string): Promise<PracticeState[]> {
    const same = sql`(s.local_action = r.portal_action AND s.local_action <> 'noAction')`;
    const unapproved = sql`(s.version > 0 AND (a.version IS NULL OR a.version < s.version))`;
    const text = this.q.cachedSql(
      this.q.postgres ? 'practice-states-pg' : 'practice-states',
      () =>
        // The description is read only where both actions agree (the CASE spares the others).
        // Every column named: PostgreSQL's rows come as objects, where unnamed ones would collide.
        sql`SELECT r.id, s.local_action, r.portal_action,
          CASE WHEN ${same} THEN s.local_remark END AS local_remark,
          CASE WHEN ${same} THEN ${this.doc(DOC.portalRemark)} END AS portal_remark,
          CASE WHEN ${same} THEN s.local_itc_reduction END AS local_itc,
          CASE WHEN ${same} THEN ${this.doc(DOC.portalItc)} END AS portal_itc,
          CASE WHEN s.error_message IS NOT NULL THEN 1 ELSE 0 END AS refused,
          CASE WHEN ${unapproved} THEN 1 ELSE 0 END AS unapproved
        FROM records r
        JOIN record_states s ON s.id = r.id
        JOIN record_docs d ON d.id = r.id
        LEFT JOIN record_approvals a ON a.gstin = r.gstin AND a.record_key = r.key
        WHERE r.gstin = ${''} AND s.gone = 0 AND (s.local_action <> 'noAction'
          OR r.portal_action <> 'noAction' OR s.error_message IS NOT NULL OR ${unapproved})`.compile(
          this.q.db,
        ).sql,
    );
    return (await this.q.rows(text, [gstin])).map(stateOf);
  }

  /** Position `i` of the packed description: a string as itself, an object as JSON text. */
  private doc(i: number) {
    // PostgreSQL's ->> gives what SQLite's json_extract gives for these.
    return this.q.postgres
      ? sql`(d.doc::json ->> ${sql.lit(i)})`
      : sql`json_extract(d.doc, ${sql.lit(`$[${i}]`)})`;
  }
}

/** A column read as text (the drivers give strings, or numbers for numeric columns). */
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
const itc = (v: unknown): ItcReduction | null => {
  const t = str(v);
  return t === null ? null : (JSON.parse(t) as ItcReduction);
};

function stateOf(row: readonly unknown[]): PracticeState {
  const localAction = row[1] as Action;
  const portalAction = row[2] as Action;
  return {
    id: Number(row[0]),
    localAction,
    portalAction,
    sameAction:
      localAction === portalAction && localAction !== 'noAction'
        ? {
            localRemark: str(row[3]),
            portalRemark: str(row[4]),
            localItcReduction: itc(row[5]),
            portalItcReduction: itc(row[6]),
          }
        : null,
    portalError: Number(row[7]) === 1,
    unapproved: Number(row[8]) === 1,
  };
}
