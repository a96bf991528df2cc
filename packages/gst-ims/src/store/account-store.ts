// The people of a practice server (issue 16): accounts, the client GSTINs each may see, login
// sessions, and each record's version for the optimistic-concurrency check. Beside the
// workspace's own data, in the same database, so that a backup or a copy takes them along.
import type { Role } from '../core/index.js';

export interface StoredUser {
  readonly name: string;
  readonly role: Role;
  /** The scrypt hash with its parameters and salt (app/passwords.ts). */
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface StoredSession {
  /** SHA-256 of the session id, hex: the id itself lives only in the browser's cookie. */
  readonly idHash: string;
  readonly user: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface AccountStore {
  /** Adds an account; false (nothing written) when the name is taken. */
  addUser(user: StoredUser): Promise<boolean>;
  getUser(name: string): Promise<StoredUser | null>;
  /** Every account, by name. */
  listUsers(): Promise<StoredUser[]>;
  /** Changes the given fields of an account; false when there is no such account. */
  updateUser(
    name: string,
    change: { role?: Role; passwordHash?: string; disabled?: boolean },
  ): Promise<boolean>;
  /** Lets the account see and touch these GSTINs (those it had stay). */
  grantGstins(name: string, gstins: readonly string[]): Promise<void>;
  /** Takes these GSTINs from the account. */
  revokeGstins(name: string, gstins: readonly string[]): Promise<void>;
  /** The GSTINs the account was granted, sorted. */
  grantedGstins(name: string): Promise<string[]>;

  createSession(session: StoredSession): Promise<void>;
  getSession(idHash: string): Promise<StoredSession | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of an account (disabled, or its password changed). */
  deleteUserSessions(name: string): Promise<number>;
  /** Forgets the sessions that expired before `at`. */
  deleteExpiredSessions(at: string): Promise<number>;

  /**
   * The version of each record with these keys (all of the GSTIN's when null) that has one above
   * zero, i.e. was decided at least once: a record absent from the map is at version 0.
   */
  recordVersions(gstin: string, keys: readonly string[] | null): Promise<Map<string, number>>;
}
