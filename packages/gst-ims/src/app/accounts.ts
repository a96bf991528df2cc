// The accounts of a practice server (issue 16): `gst-ims user add|list|disable|password|grant`.
import type { Role } from '../core/index.js';
import { BadInputError, NothingToDoError, checkGstin, isRole, ROLES } from '../core/index.js';
import type { StoredUser, WorkspaceStore } from '../store/index.js';
import { hashPassword, passwordProblem } from './passwords.js';

export interface UserInfo {
  readonly name: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
  /** The client GSTINs granted ('*' for an admin, who sees every client). */
  readonly gstins: readonly string[];
}

const NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/i;

export function parseRole(raw: string): Role {
  const r = raw.trim().toLowerCase();
  if (!isRole(r))
    throw new BadInputError(`--role: expected one of ${ROLES.join(', ')}, found "${raw}"`, {
      field: 'role',
    });
  return r;
}

function checkName(name: string): string {
  const n = name.trim();
  if (!NAME.test(n))
    throw new BadInputError(
      `user name "${name}": expected 1-64 letters, digits and . _ @ - (starting with a letter or digit)`,
      { field: 'name' },
    );
  return n;
}

function checkedGstin(raw: string): string {
  const c = checkGstin(raw);
  if (!c.ok) throw new BadInputError(`--gstin: ${c.message}`, { field: 'gstin' });
  return c.gstin;
}

function checkPassword(password: string): void {
  const p = passwordProblem(password);
  if (p !== null) throw new BadInputError(p, { field: 'password' });
}

async function mustGet(store: WorkspaceStore, name: string): Promise<StoredUser> {
  const u = await store.getUser(name);
  if (u === null) throw new BadInputError(`there is no account "${name}"`, { field: 'name' });
  return u;
}

export async function addUser(
  store: WorkspaceStore,
  opts: { name: string; role: Role; password: string; gstins?: readonly string[]; now: string },
): Promise<UserInfo> {
  const name = checkName(opts.name);
  checkPassword(opts.password);
  const gstins = (opts.gstins ?? []).map(checkedGstin);
  const passwordHash = await hashPassword(opts.password);
  await store.transaction(async (tx) => {
    const added = await tx.addUser({
      name,
      role: opts.role,
      passwordHash,
      disabled: false,
      createdAt: opts.now,
    });
    if (!added) throw new BadInputError(`an account "${name}" exists already`, { field: 'name' });
    await tx.grantGstins(name, gstins);
  });
  return userInfo(store, await mustGet(store, name));
}

export async function listUsers(store: WorkspaceStore): Promise<UserInfo[]> {
  const users = await store.listUsers();
  return Promise.all(users.map((u) => userInfo(store, u)));
}

async function userInfo(store: WorkspaceStore, u: StoredUser): Promise<UserInfo> {
  return {
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt,
    gstins: u.role === 'admin' ? ['*'] : await store.grantedGstins(u.name),
  };
}

/** Disables (or enables again) an account; disabling ends its sessions. */
export async function setUserDisabled(
  store: WorkspaceStore,
  name: string,
  disabled: boolean,
): Promise<{ sessionsEnded: number }> {
  return store.transaction(async (tx) => {
    const u = await mustGet(tx, name);
    if (u.disabled === disabled)
      throw new NothingToDoError(
        `the account "${name}" is already ${disabled ? 'disabled' : 'enabled'}`,
      );
    if (disabled && u.role === 'admin' && !u.disabled) {
      const admins = (await tx.listUsers()).filter((x) => x.role === 'admin' && !x.disabled);
      if (admins.length === 1)
        throw new BadInputError(
          `"${name}" is the only admin left: add another admin first, or nobody could manage accounts`,
          { field: 'name' },
        );
    }
    await tx.updateUser(name, { disabled });
    return { sessionsEnded: disabled ? await tx.deleteUserSessions(name) : 0 };
  });
}

/** Sets a new password; every session of the account ends (a stolen one included). */
export async function setUserPassword(
  store: WorkspaceStore,
  name: string,
  password: string,
): Promise<{ sessionsEnded: number }> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  return store.transaction(async (tx) => {
    await mustGet(tx, name);
    await tx.updateUser(name, { passwordHash });
    return { sessionsEnded: await tx.deleteUserSessions(name) };
  });
}

/** Grants (or with `revoke`, takes away) client GSTINs. */
export async function grantGstins(
  store: WorkspaceStore,
  name: string,
  gstins: readonly string[],
  revoke = false,
): Promise<UserInfo> {
  const list = gstins.map(checkedGstin);
  await store.transaction(async (tx) => {
    await mustGet(tx, name);
    if (revoke) await tx.revokeGstins(name, list);
    else await tx.grantGstins(name, list);
  });
  return userInfo(store, await mustGet(store, name));
}
