import type { Kysely, Selectable } from 'kysely';
import type {
  AssignmentKind,
  AssignmentStore,
  NewAssignment,
  StoredAssignment,
} from './assignment-store.js';
import type { AssignmentsTable, Database } from './schema.js';

/** Ids per statement: below every driver's parameter limit. */
const IDS_PER_STATEMENT = 900;

const fromRow = (r: Selectable<AssignmentsTable>): StoredAssignment => ({
  id: Number(r.id),
  gstin: r.gstin,
  period: r.period,
  assignee: r.assignee,
  kind: r.kind as AssignmentKind,
  value: r.value,
  viewOwner: r.view_owner,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** Shares of a period given to people (migration 0012-assignments). */
export class KyselyAssignments implements AssignmentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async listAssignments(gstin: string, period: string): Promise<StoredAssignment[]> {
    const rows = await this.db
      .selectFrom('assignments')
      .selectAll()
      .where('gstin', '=', gstin)
      .where('period', '=', period)
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async addAssignments(rows: readonly NewAssignment[]): Promise<StoredAssignment[]> {
    const out: StoredAssignment[] = [];
    // One by one: a share is a few per person, and each insert hands back its own id.
    for (const a of rows) {
      const { id } = await this.db
        .insertInto('assignments')
        .values({
          gstin: a.gstin,
          period: a.period,
          assignee: a.assignee,
          kind: a.kind,
          value: a.value,
          view_owner: a.viewOwner,
          created_by: a.createdBy,
          created_at: a.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      out.push({ ...a, id: Number(id) });
    }
    return out;
  }

  async removeAssignments(gstin: string, ids: readonly number[]): Promise<StoredAssignment[]> {
    const out: StoredAssignment[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      const batch = ids.slice(i, i + IDS_PER_STATEMENT);
      const rows = await this.db
        .selectFrom('assignments')
        .selectAll()
        .where('gstin', '=', gstin)
        .where('id', 'in', batch)
        .execute();
      if (rows.length === 0) continue;
      await this.db
        .deleteFrom('assignments')
        .where('gstin', '=', gstin)
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      out.push(...rows.map(fromRow));
    }
    return out.sort((a, b) => a.id - b.id);
  }
}
