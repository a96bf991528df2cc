import type { Kysely } from 'kysely';
import type { Role } from '../core/index.js';
import type { AccountStore, StoredSession, StoredUser } from './account-store.js';
import type { Database } from './schema.js';

/** Keys per statement when reading versions by key: below every driver's parameter limit. */
const KEYS_PER_READ = 900;

/** Accounts, grants, sessions and record versions (migration 0010-accounts). */
export class KyselyAccounts implements AccountStore {
  constructor(private readonly db: Kysely<Database>) {}

  async addUser(u: StoredUser): Promise<boolean> {
    const r = await this.db
      .insertInto('users')
      .values({
        name: u.name,
        role: u.role,
        password_hash: u.passwordHash,
        disabled: u.disabled ? 1 : 0,
        created_at: u.createdAt,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async getUser(name: string): Promise<StoredUser | null> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return r === undefined ? null : userOf(r);
  }

  async listUsers(): Promise<StoredUser[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('name').execute();
    return rows.map(userOf);
  }

  async updateUser(
    name: string,
    change: { role?: Role; passwordHash?: string; disabled?: boolean },
  ): Promise<boolean> {
    const set: { role?: string; password_hash?: string; disabled?: number } = {};
    if (change.role !== undefined) set.role = change.role;
    if (change.passwordHash !== undefined) set.password_hash = change.passwordHash;
    if (change.disabled !== undefined) set.disabled = change.disabled ? 1 : 0;
    if (Object.keys(set).length === 0) return (await this.getUser(name)) !== null;
    const r = await this.db
      .updateTable('users')
      .set(set)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async grantGstins(name: string, gstins: readonly string[]): Promise<void> {
    if (gstins.length === 0) return;
    await this.db
      .insertInto('user_gstins')
      .values([...new Set(gstins)].map((gstin) => ({ user_name: name, gstin })))
      .onConflict((oc) => oc.columns(['user_name', 'gstin']).doNothing())
      .execute();
  }

  async revokeGstins(name: string, gstins: readonly string[]): Promise<void> {
    if (gstins.length === 0) return;
    await this.db
      .deleteFrom('user_gstins')
      .where('user_name', '=', name)
      .where('gstin', 'in', [...gstins])
      .execute();
  }

  async grantedGstins(name: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('user_gstins')
      .select('gstin')
      .where('user_name', '=', name)
      .orderBy('gstin')
      .execute();
    return rows.map((r) => r.gstin);
  }

  async createSession(s: StoredSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: s.idHash,
        user_name: s.user,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  async getSession(idHash: string): Promise<StoredSession | null> {
    const r = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return r === undefined
      ? null
      : { idHash: r.id_hash, user: r.user_name, createdAt: r.created_at, expiresAt: r.expires_at };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteUserSessions(name: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('user_name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpiredSessions(at: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', at).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async recordVersions(
    gstin: string,
    keys: readonly string[] | null,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const read = async (batch: readonly string[] | null): Promise<void> => {
      let q = this.db
        .selectFrom('records')
        .innerJoin('record_states', 'record_states.id', 'records.id')
        .select(['records.key as key', 'record_states.version as version'])
        .where('records.gstin', '=', gstin)
        .where('record_states.version', '>', 0);
      if (batch !== null) q = q.where('records.key', 'in', [...batch]);
      for (const r of await q.execute()) out.set(r.key, Number(r.version));
    };
    if (keys === null) await read(null);
    else
      for (let i = 0; i < keys.length; i += KEYS_PER_READ)
        await read(keys.slice(i, i + KEYS_PER_READ));
    return out;
  }
}

function userOf(r: {
  name: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at: string;
}): StoredUser {
  return {
    name: r.name,
    role: r.role as Role,
    passwordHash: r.password_hash,
    disabled: Number(r.disabled) !== 0,
    createdAt: r.created_at,
  };
}
