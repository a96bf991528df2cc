import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { SavedView } from './workspace-store.js';

/** Views of the Records page saved by name, per GSTIN and user (migration 0008). */
export class KyselySavedViews {
  constructor(private readonly db: Kysely<Database>) {}

  async listSavedViews(gstin: string, user: string): Promise<SavedView[]> {
    const rows = await this.db
      .selectFrom('saved_views')
      .select(['name', 'view', 'at'])
      .where('gstin', '=', gstin)
      .where('user', '=', user)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ name: r.name, view: r.view, at: r.at }));
  }

  async saveView(gstin: string, user: string, v: SavedView): Promise<void> {
    await this.db
      .insertInto('saved_views')
      .values({ gstin, user, name: v.name, view: v.view, at: v.at })
      .onConflict((oc) =>
        oc.columns(['gstin', 'user', 'name']).doUpdateSet({ view: v.view, at: v.at }),
      )
      .execute();
  }

  async deleteSavedView(gstin: string, user: string, name: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('saved_views')
      .where('gstin', '=', gstin)
      .where('user', '=', user)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
