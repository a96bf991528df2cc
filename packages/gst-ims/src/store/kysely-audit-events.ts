import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Action, ItcReduction } from '../core/index.js';
import type { Database } from './schema.js';
import type { AuditEntry, AuditEventInfo } from './workspace-store.js';

/** Values per IN list: well under every dialect's limit on bound parameters. */
const IN_CHUNK = 900;

type From = Database & { o: Database['audit_changes'] };

/** A change row as read beside an event's own: its event is read once for all. */
interface Change {
  readonly id: number;
  readonly eventId: number;
  readonly key: string;
  readonly from: string;
}

/**
 * The audit log read as events (what undo and the History page need): the events themselves,
 * the events written together, and the whole trail of the records some events changed.
 */
export class KyselyAuditEvents {
  constructor(private readonly db: Kysely<Database>) {}

  async listAuditEvents(
    gstin: string,
    opts: { limit: number; beforeId?: number | undefined; counts?: boolean | undefined },
  ): Promise<AuditEventInfo[]> {
    let q = this.db.selectFrom('audit_events').selectAll().where('gstin', '=', gstin);
    if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(Math.max(0, opts.limit)).execute();
    return this.withCounts(rows, opts.counts !== false);
  }

  async auditEventGroup(gstin: string, eventId: number): Promise<AuditEventInfo[]> {
    const one = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('gstin', '=', gstin)
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (one === undefined) return [];
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('gstin', '=', gstin)
      .where('at', '=', one.at)
      .where('user', '=', one.user)
      .where('source', '=', one.source)
      .orderBy('id')
      .execute();
    return this.withCounts(rows);
  }

  async auditAroundEvents(gstin: string, eventIds: readonly number[]): Promise<AuditEntry[]> {
    if (eventIds.length === 0) return [];
    // Per change of the events: the record's nearest changes before and after it in this GSTIN
    // (a key may recur under another recipient GSTIN), found by the key index and joined in one
    // statement; not the record's whole trail, nor a second lookup by id (twice the time).
    const near = (dir: 'before' | 'after') => (eb: ExpressionBuilder<From, 'o'>) =>
      eb
        .selectFrom('audit_changes as x')
        .innerJoin('audit_events as xe', 'xe.id', 'x.event_id')
        .whereRef('x.record_key', '=', 'o.record_key')
        .whereRef('x.id', dir === 'before' ? '<' : '>', 'o.id')
        .where('xe.gstin', '=', gstin)
        .select((f) => (dir === 'before' ? f.fn.max('x.id') : f.fn.min('x.id')).as('id'));
    const changes = new Map<number, Change>();
    for (let i = 0; i < eventIds.length; i += IN_CHUNK) {
      const rows = await this.db
        .selectFrom('audit_changes as o')
        .innerJoin('audit_events as oe', 'oe.id', 'o.event_id')
        .leftJoin('audit_changes as b', (join) =>
          join.on((eb) => eb('b.id', '=', near('before')(eb))),
        )
        .leftJoin('audit_changes as a', (join) =>
          join.on((eb) => eb('a.id', '=', near('after')(eb))),
        )
        .where('oe.gstin', '=', gstin)
        .where('o.event_id', 'in', eventIds.slice(i, i + IN_CHUNK))
        .select([
          'o.id',
          'o.event_id',
          'o.record_key',
          'o.from_action',
          'b.id as b_id',
          'b.event_id as b_event',
          'b.from_action as b_from',
          'a.id as a_id',
          'a.event_id as a_event',
          'a.from_action as a_from',
        ])
        .execute();
      for (const r of rows) {
        const key = r.record_key;
        changes.set(r.id, { id: r.id, eventId: r.event_id, key, from: r.from_action });
        if (r.b_id !== null && r.b_event !== null && r.b_from !== null)
          changes.set(r.b_id, { id: r.b_id, eventId: r.b_event, key, from: r.b_from });
        if (r.a_id !== null && r.a_event !== null && r.a_from !== null)
          changes.set(r.a_id, { id: r.a_id, eventId: r.a_event, key, from: r.a_from });
      }
    }
    const events = await this.eventsById([...new Set([...changes.values()].map((c) => c.eventId))]);
    return [...changes.values()]
      .sort((x, y) => x.id - y.id)
      .flatMap((c) => {
        const e = events.get(c.eventId);
        return e === undefined
          ? []
          : [
              {
                id: c.id,
                eventId: c.eventId,
                at: e.at,
                user: e.user,
                gstin: e.gstin,
                recordKey: c.key,
                fromAction: c.from as Action,
                toAction: e.to_action as Action,
                remark: e.remark,
                itcReduction: parseItc(e.itc_reduction),
                source: e.source,
              },
            ];
      });
  }

  private async eventsById(ids: readonly number[]): Promise<Map<number, Database['audit_events']>> {
    const out = new Map<number, Database['audit_events']>();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const rows = await this.db
        .selectFrom('audit_events')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + IN_CHUNK))
        .execute();
      for (const r of rows) out.set(r.id, r);
    }
    return out;
  }

  /** The events as AuditEventInfo; with `count`, their records counted (a scan of the changes). */
  private async withCounts(
    rows: readonly Database['audit_events'][],
    count = true,
  ): Promise<AuditEventInfo[]> {
    const counts = new Map<number, number>();
    for (let i = 0; count && i < rows.length; i += IN_CHUNK) {
      const ids = rows.slice(i, i + IN_CHUNK).map((r) => r.id);
      const found = await eventRecordCounts(this.db, ids).execute();
      for (const f of found) counts.set(f.event_id, Number(f.n));
    }
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      user: r.user,
      gstin: r.gstin,
      source: r.source,
      toAction: r.to_action as Action,
      remark: r.remark,
      itcReduction: parseItc(r.itc_reduction),
      records: counts.get(r.id) ?? 0,
    }));
  }
}

/**
 * The records of each event: read by the audit_changes_event index (migration 0013), not a scan
 * of every change row.
 */
export function eventRecordCounts(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('audit_changes')
    .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', 'in', ids)
    .groupBy('event_id');
}

const parseItc = (text: string | null): ItcReduction | null =>
  text === null ? null : (JSON.parse(text) as ItcReduction);
