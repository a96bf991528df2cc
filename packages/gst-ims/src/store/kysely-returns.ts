import type { KyselySql } from './kysely-sql.js';
import type { ReturnKind, StoredReturn } from './workspace-store.js';

/** The GSTR-2B and GSTR-3B returns imported, one per kind and period. */
export class KyselyReturns {
  constructor(private readonly q: KyselySql) {}

  private get db() {
    return this.q.db;
  }

  async saveReturn(gstin: string, e: StoredReturn): Promise<void> {
    const values = {
      gstin,
      kind: e.kind,
      period: e.period,
      import_id: e.importId,
      files: JSON.stringify(e.files),
      at: e.at,
      data: e.data,
    };
    await this.db
      .insertInto('returns')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['gstin', 'kind', 'period'])
          .doUpdateSet({ import_id: e.importId, files: values.files, at: e.at, data: e.data }),
      )
      .execute();
  }

  async loadReturn(gstin: string, kind: ReturnKind, period: string): Promise<StoredReturn | null> {
    const r = await this.db
      .selectFrom('returns')
      .selectAll()
      .where('gstin', '=', gstin)
      .where('kind', '=', kind)
      .where('period', '=', period)
      .executeTakeFirst();
    return r
      ? {
          kind,
          period,
          importId: r.import_id,
          files: JSON.parse(r.files) as string[],
          at: r.at,
          data: r.data,
        }
      : null;
  }

  async listReturns(gstin: string): Promise<Omit<StoredReturn, 'data'>[]> {
    const rows = await this.db
      .selectFrom('returns')
      .select(['kind', 'period', 'import_id', 'files', 'at'])
      .where('gstin', '=', gstin)
      .orderBy('kind')
      .orderBy('period')
      .execute();
    return rows.map((r) => ({
      kind: r.kind as ReturnKind,
      period: r.period,
      importId: r.import_id,
      files: JSON.parse(r.files) as string[],
      at: r.at,
    }));
  }
}
