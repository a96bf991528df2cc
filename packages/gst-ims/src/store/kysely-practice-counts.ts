// What the practice view counts (issue 16), as SQL aggregates over the columns of `records` and
// `record_states` (decision 0053). Each record's GSTR-2B period and the portal's remark and
// declaration are columns of `records` since migration 0016; before, they were read out of every
// record's packed description (JSON parsed per row, 11-22 s of CPU per view at 10 x 100,000
// records, holding a SQLite server's one thread). A period's records are found through the
// index `records_practice (gstin, two_b_period)`, in id order, and only their short rows and
// states are read.
import { sql } from 'kysely';
import type { KyselySql } from './kysely-sql.js';
import { dirtySql } from './record-dirty-sql.js';

/** A client's live (not gone) records of one GSTR-2B period, counted. */
export interface PracticeCounts {
  readonly records: number;
  /** Decided neither here nor on the portal. */
  readonly undecided: number;
  /** Decided since the last approval of the record (or never approved), as unapprovedRecords counts. */
  readonly unapproved: number;
  /** Whose decision differs from what the portal holds (core's isDirty). */
  readonly waitingUpload: number;
  /** Refused by the portal in the last upload. */
  readonly portalErrors: number;
}

export interface PracticeCountStore {
  /**
   * The GSTR-2B periods the GSTIN's live records fall in (those of unknown period aside), each
   * once, in no particular order.
   */
  practicePeriods(gstin: string): Promise<string[]>;
  /** The GSTIN's live records of the 2B period `period` (MMYYYY), counted. */
  practiceCounts(gstin: string, period: string): Promise<PracticeCounts>;
}

export class KyselyPracticeCounts implements PracticeCountStore {
  constructor(private readonly q: KyselySql) {}

  async practicePeriods(gstin: string): Promise<string[]> {
    const text = this.q.cachedSql(
      'practice-periods',
      () =>
        // The distinct periods come off the index (SQLite skips from one to the next); each is
        // kept when a live record has it, which the first record of the period usually answers.
        sql`SELECT p.two_b_period FROM (SELECT DISTINCT two_b_period FROM records WHERE gstin = ${''} AND two_b_period IS NOT NULL) p
        WHERE EXISTS (SELECT 1 FROM records r JOIN record_states s ON s.id = r.id
          WHERE r.gstin = ${''} AND r.two_b_period = p.two_b_period AND s.gone = 0)`.compile(
          this.q.db,
        ).sql,
    );
    return (await this.q.rows(text, [gstin, gstin])).map((row) => String(row[0]));
  }

  async practiceCounts(gstin: string, period: string): Promise<PracticeCounts> {
    const text = this.q.cachedSql(
      this.q.postgres ? 'practice-counts-pg' : 'practice-counts',
      () => {
        const count = (condition: ReturnType<typeof sql>) =>
          sql`COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
        // The approval is looked up only for a record decided at least once (version > 0): most
        // are not, and the CASE spares them the lookup.
        const unapproved = sql`s.version > 0 AND COALESCE((SELECT a.version FROM record_approvals a WHERE a.gstin = r.gstin AND a.record_key = r.key), -1) < s.version`;
        // Every column named: PostgreSQL's rows come as objects, where unnamed ones would collide.
        return sql`SELECT COUNT(*) AS records,
          ${count(sql`s.local_action = 'noAction' AND r.portal_action = 'noAction'`)} AS undecided,
          ${count(unapproved)} AS unapproved,
          ${count(dirtySql(this.q.postgres))} AS waiting_upload,
          ${count(sql`s.error_message IS NOT NULL`)} AS portal_errors
        FROM records r JOIN record_states s ON s.id = r.id
        WHERE r.gstin = ${''} AND r.two_b_period = ${''} AND s.gone = 0`.compile(this.q.db).sql;
      },
    );
    const row = (await this.q.rows(text, [gstin, period]))[0] ?? [];
    const n = (i: number): number => Number(row[i] ?? 0);
    return {
      records: n(0),
      undecided: n(1),
      unapproved: n(2),
      waitingUpload: n(3),
      portalErrors: n(4),
    };
  }
}
