// Who may do what on a practice server (issue 16): one table of roles and the permissions each
// holds, with the stable codes a refusal carries. The server maps each route to a permission
// (server/route-permissions.ts); access to a client is a separate grant per GSTIN.

/** The roles of an account, least to most (the order `user list` shows). */
export const ROLES = ['viewer', 'preparer', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a request may need beyond reading: deciding on records (and undoing decisions, linking
 * records in reconciliation), importing the portal's and the books' files, generating upload
 * files, approving others' decisions for upload, reading the portal's error file back, and
 * managing accounts and clients.
 */
export const PERMISSIONS = [
  'read',
  'decide',
  'import',
  'generateUpload',
  'approve',
  'readErrors',
  'manageUsers',
  'manageClients',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read'],
  preparer: ['read', 'decide'],
  reviewer: ['read', 'decide', 'import', 'generateUpload', 'approve', 'readErrors'],
  admin: PERMISSIONS,
};

/** Codes of an access refusal, stable for scripts and the web app. */
export const ACCESS_CODES = {
  /** No session, or it expired. */
  NOT_SIGNED_IN: 'NOT_SIGNED_IN',
  /** The account's role does not hold the permission the request needs. */
  ROLE_FORBIDS: 'ROLE_FORBIDS',
  /** The account was not granted the client GSTIN. */
  GSTIN_NOT_GRANTED: 'GSTIN_NOT_GRANTED',
  /** A write without the session's CSRF token. */
  CSRF_TOKEN_MISSING: 'CSRF_TOKEN_MISSING',
  /** Too many failed sign-ins for the account or from the address. */
  TOO_MANY_LOGINS: 'TOO_MANY_LOGINS',
} as const;
export type AccessCode = keyof typeof ACCESS_CODES;

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function roleMay(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Admins see every client; the others only the GSTINs granted to them. */
export function mayAccessGstin(
  account: { readonly role: Role; readonly gstins: readonly string[] },
  gstin: string,
): boolean {
  return account.role === 'admin' || account.gstins.includes(gstin);
}

/** The refusal of a permission, in words. */
export function roleRefusal(role: Role, permission: Permission): string {
  const who = ROLES.filter((r) => roleMay(r, permission)).join(' or ');
  return `refused (${ACCESS_CODES.ROLE_FORBIDS}): a ${role} may not ${PERMISSION_WORDS[permission]}; ask for the ${who} role`;
}

const PERMISSION_WORDS: Readonly<Record<Permission, string>> = {
  read: 'read this workspace',
  decide: 'decide on records',
  import: 'import files',
  generateUpload: 'generate upload files',
  approve: "approve others' decisions for upload",
  readErrors: "read the portal's error file back",
  manageUsers: 'manage accounts',
  manageClients: 'manage clients',
};
