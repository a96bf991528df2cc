// Core's isDirty as SQL, over the columns of `records` (r) and `record_states` (s) alone: the
// portal's remark and declaration are columns of `records` since migration 0016, so the waiting
// view of the Records grid and the practice view's "waiting for upload" read no description.
// Both must agree with core (record-pages.test.ts and practice-counts.test.ts compare them).
import type { RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';

const TAX_HEADS = ['igst', 'cgst', 'sgst', 'cess'] as const;

/**
 * The decision differs from the portal's: the action, or (the same action, not No Action) the
 * remark (null equals "") or the declaration (kind, and the amounts of a partial one).
 */
export function dirtySql(postgres: boolean): RawBuilder<SqlBool> {
  // A member of a JSON object column, as text (both give the same text for these members).
  const member = (column: string, m: string): RawBuilder<string | null> =>
    postgres
      ? sql`(${sql.ref(column)}::json ->> ${sql.lit(m)})`
      : sql`CAST(json_extract(${sql.ref(column)}, ${sql.lit(`$.${m}`)}) AS TEXT)`;
  const distinct = (a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<SqlBool> =>
    postgres ? sql`${a} IS DISTINCT FROM ${b}` : sql`${a} IS NOT ${b}`;
  const local = (m: string) => member('s.local_itc_reduction', m);
  const portal = (m: string) => member('r.portal_itc_reduction', m);
  const reductionDiffers = sql<SqlBool>`(${distinct(local('kind'), portal('kind'))} OR (${local('kind')} = 'partial' AND (${sql.join(
    TAX_HEADS.map((h) => distinct(local(h), portal(h))),
    sql` OR `,
  )})))`;
  return sql<SqlBool>`(s.local_action <> r.portal_action OR (s.local_action <> 'noAction' AND (COALESCE(s.local_remark, '') <> COALESCE(r.portal_remark, '') OR ${reductionDiffers})))`;
}
