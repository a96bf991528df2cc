// Sign-in and sessions of the multi-user server (issue 16, decision 0037). A session id is 32
// random bytes that only the browser's HTTP-only cookie holds; the store keeps its SHA-256, so a
// copy of the database opens no session. The CSRF token of a session is derived from its id, so
// it needs no storage and another site, which cannot read the cookie, cannot make it.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Role } from '../core/index.js';
import type { WorkspaceStore } from '../store/index.js';
import { decoyHash, verifyPassword } from './passwords.js';

/** Twelve hours: a working day; the user signs in again the next morning. */
export const SESSION_HOURS = 12;

export interface Account {
  readonly name: string;
  readonly role: Role;
  /** Granted client GSTINs (an admin sees every client whatever this holds). */
  readonly gstins: readonly string[];
}

export interface SignedIn {
  readonly account: Account;
  /** The session id for the cookie (never stored). */
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');

export const csrfTokenOf = (sessionId: string): string =>
  createHmac('sha256', sessionId).update('gst-ims csrf').digest('base64url');

/** Null for a wrong name, a wrong password or a disabled account alike (no hint which). */
export async function signIn(
  store: WorkspaceStore,
  name: string,
  password: string,
  now: Date,
): Promise<SignedIn | null> {
  const user = await store.getUser(name.trim());
  // An unknown name costs the same scrypt run as a known one.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (user === null || !ok || user.disabled) return null;
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
  await store.deleteExpiredSessions(now.toISOString());
  await store.createSession({
    idHash: hashSessionId(sessionId),
    user: user.name,
    createdAt: now.toISOString(),
    expiresAt,
  });
  return {
    account: { name: user.name, role: user.role, gstins: await store.grantedGstins(user.name) },
    sessionId,
    csrfToken: csrfTokenOf(sessionId),
    expiresAt,
  };
}

/** The account of a live session: null when unknown, expired or its account disabled. */
export async function sessionAccount(
  store: WorkspaceStore,
  sessionId: string,
  now: Date,
): Promise<Account | null> {
  const s = await store.getSession(hashSessionId(sessionId));
  if (s === null) return null;
  if (s.expiresAt <= now.toISOString()) {
    await store.deleteSession(s.idHash);
    return null;
  }
  const user = await store.getUser(s.user);
  if (user === null || user.disabled) return null;
  return { name: user.name, role: user.role, gstins: await store.grantedGstins(user.name) };
}

export async function signOut(store: WorkspaceStore, sessionId: string): Promise<void> {
  await store.deleteSession(hashSessionId(sessionId));
}
