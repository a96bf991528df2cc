import type { Kysely } from 'kysely';
import type {
  ApprovalEvent,
  ApprovalStore,
  RecordApproval,
  UnapprovedRecord,
} from './approval-store.js';
import type { Database } from './schema.js';

/** Keys per statement: below every driver's parameter limit. */
const KEYS_PER_STATEMENT = 900;
/** Rows per insert: 4 parameters each, below SQLite's 32,766. */
const ROWS_PER_INSERT = 2000;

/** Approvals of records at a version (migration 0011-approvals). */
export class KyselyApprovals implements ApprovalStore {
  constructor(private readonly db: Kysely<Database>) {}

  async unapprovedRecords(
    gstin: string,
    keys: readonly string[] | null,
  ): Promise<UnapprovedRecord[]> {
    const out: UnapprovedRecord[] = [];
    const read = async (batch: readonly string[] | null): Promise<void> => {
      let q = this.db
        .selectFrom('records')
        .innerJoin('record_states', 'record_states.id', 'records.id')
        .leftJoin('record_approvals', (j) =>
          j
            .onRef('record_approvals.gstin', '=', 'records.gstin')
            .onRef('record_approvals.record_key', '=', 'records.key'),
        )
        .select([
          'records.key as key',
          'record_states.version as version',
          'record_approvals.version as approved',
        ])
        .where('records.gstin', '=', gstin)
        .where('record_states.version', '>', 0)
        .where((eb) =>
          eb.or([
            eb('record_approvals.version', 'is', null),
            eb('record_approvals.version', '<', eb.ref('record_states.version')),
          ]),
        );
      if (batch !== null) q = q.where('records.key', 'in', [...batch]);
      for (const r of await q.execute())
        out.push({
          key: r.key,
          version: Number(r.version),
          approvedVersion: Number(r.approved ?? 0),
        });
    };
    if (keys === null) await read(null);
    else
      for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT)
        await read(keys.slice(i, i + KEYS_PER_STATEMENT));
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async approveRecords(
    gstin: string,
    rows: readonly { key: string; version: number }[],
    by: string,
    at: string,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await this.db
        .insertInto('record_approvals')
        .values(
          rows.slice(i, i + ROWS_PER_INSERT).map((r) => ({
            gstin,
            record_key: r.key,
            version: r.version,
            approved_by: by,
            approved_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['gstin', 'record_key']).doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'),
            approved_by: eb.ref('excluded.approved_by'),
            approved_at: eb.ref('excluded.approved_at'),
          })),
        )
        .execute();
    }
  }

  async lastApproval(gstin: string): Promise<RecordApproval | null> {
    const r = await this.db
      .selectFrom('record_approvals')
      .selectAll()
      .where('gstin', '=', gstin)
      .orderBy('approved_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r === undefined
      ? null
      : { key: r.record_key, version: Number(r.version), by: r.approved_by, at: r.approved_at };
  }

  async listApprovals(gstin: string, opts: { limit: number }): Promise<ApprovalEvent[]> {
    // The (gstin, approved_at) index orders them; an approval is one reviewer at one time.
    const rows = await this.db
      .selectFrom('record_approvals')
      .select(['approved_by', 'approved_at', (eb) => eb.fn.countAll<number>().as('n')])
      .where('gstin', '=', gstin)
      .groupBy(['approved_at', 'approved_by'])
      .orderBy('approved_at', 'desc')
      .orderBy('approved_by')
      .limit(Math.max(0, opts.limit))
      .execute();
    return rows.map((r) => ({ by: r.approved_by, at: r.approved_at, records: Number(r.n) }));
  }

  async recordApprovals(gstin: string, keys: readonly string[]): Promise<RecordApproval[]> {
    const out: RecordApproval[] = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
      const rows = await this.db
        .selectFrom('record_approvals')
        .selectAll()
        .where('gstin', '=', gstin)
        .where('record_key', 'in', keys.slice(i, i + KEYS_PER_STATEMENT))
        .execute();
      for (const r of rows)
        out.push({
          key: r.record_key,
          version: Number(r.version),
          by: r.approved_by,
          at: r.approved_at,
        });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
