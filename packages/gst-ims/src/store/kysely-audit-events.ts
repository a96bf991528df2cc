import type { Kysely } from 'kysely';
import type { Action, ItcReduction } from '../core/index.js';
import type { Database } from './schema.js';
import type { AuditEntry, AuditEventInfo } from './workspace-store.js';

/** Keys per IN list: well under every dialect's limit on bound parameters. */
const IN_CHUNK = 900;

/**
 * The audit log read as events (what undo and the History page need): the events themselves,
 * the events written together, and the whole trail of the records some events changed.
 */
export class KyselyAuditEvents {
  constructor(private readonly db: Kysely<Database>) {}

  async listAuditEvents(
    gstin: string,
    opts: { limit: number; beforeId?: number | undefined },
  ): Promise<AuditEventInfo[]> {
    let q = this.db.selectFrom('audit_events').selectAll().where('gstin', '=', gstin);
    if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(Math.max(0, opts.limit)).execute();
    return this.withCounts(rows);
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

  async auditTrailOfEvents(gstin: string, eventIds: readonly number[]): Promise<AuditEntry[]> {
    if (eventIds.length === 0) return [];
    const out: AuditEntry[] = [];
    for (let i = 0; i < eventIds.length; i += IN_CHUNK) {
      const ids = eventIds.slice(i, i + IN_CHUNK);
      const rows = await this.db
        .selectFrom('audit_changes as c')
        .innerJoin('audit_events as e', 'e.id', 'c.event_id')
        .select([
          'c.id',
          'c.event_id',
          'e.at',
          'e.user',
          'e.gstin',
          'c.record_key',
          'c.from_action',
          'e.to_action',
          'e.remark',
          'e.itc_reduction',
          'e.source',
        ])
        .where('e.gstin', '=', gstin)
        .where('c.record_key', 'in', (sub) =>
          sub.selectFrom('audit_changes').select('record_key').where('event_id', 'in', ids),
        )
        .orderBy('c.id')
        .execute();
      for (const r of rows)
        out.push({
          id: r.id,
          eventId: r.event_id,
          at: r.at,
          user: r.user,
          gstin: r.gstin,
          recordKey: r.record_key,
          fromAction: r.from_action as Action,
          toAction: r.to_action as Action,
          remark: r.remark,
          itcReduction: parseItc(r.itc_reduction),
          source: r.source,
        });
    }
    if (eventIds.length <= IN_CHUNK) return out;
    // Chunks of events may share records: each entry once, in log order.
    const seen = new Set<number>();
    return out
      .filter((e) => (seen.has(e.id as number) ? false : (seen.add(e.id as number), true)))
      .sort((a, b) => (a.id as number) - (b.id as number));
  }

  private async withCounts(
    rows: readonly Database['audit_events'][],
  ): Promise<AuditEventInfo[]> {
    const counts = new Map<number, number>();
    for (let i = 0; i < rows.length; i += IN_CHUNK) {
      const ids = rows.slice(i, i + IN_CHUNK).map((r) => r.id);
      const found = await this.db
        .selectFrom('audit_changes')
        .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('event_id', 'in', ids)
        .groupBy('event_id')
        .execute();
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

const parseItc = (text: string | null): ItcReduction | null =>
  text === null ? null : (JSON.parse(text) as ItcReduction);
