// What each state-changing API route needs of a multi-user server's account (core's
// access-policy.ts holds which role has which permission). Reads need `read`. A write route that
// is not placed here needs `manageClients` (admins only) until it is: a new route is never open
// to every role by oversight (route-permissions.test.ts lists the server's write routes).
import type { Permission } from '../core/index.js';

export const WRITE_ROUTE_PERMISSIONS: Readonly<Record<string, Permission>> = {
  '/api/logout': 'read',
  // The person's own saved views of the Records page.
  '/api/views': 'read',
  '/api/views/delete': 'read',
  // Workbooks and follow-up letters are made from what the person may read; nothing is written.
  '/api/excel/export': 'read',
  // The versions of the records a decision is about to be made on (a read, by keys).
  '/api/versions': 'read',
  '/api/followups/export': 'read',
  '/api/decide': 'decide',
  // A bulk decision by filter runs as a job (job-routes.ts); cancelling one is deciding too.
  '/api/decide-filtered': 'decide',
  '/api/jobs/:id/cancel': 'decide',
  '/api/undo': 'decide',
  '/api/import/excel': 'decide',
  '/api/reconcile/run': 'decide',
  '/api/reconcile/apply': 'decide',
  '/api/reconcile/apply-selected': 'decide',
  '/api/reconcile/link': 'decide',
  '/api/reconcile/unlink': 'decide',
  '/api/upload/export': 'generateUpload',
  '/api/approve': 'approve',
  // Splitting a client's month among staff is the reviewer's.
  '/api/assign': 'approve',
  '/api/assign/remove': 'approve',
  '/api/import/errors': 'readErrors',
  '/api/import/ims': 'import',
  '/api/import/gstr2b': 'import',
  '/api/import/gstr3b': 'import',
  '/api/gstr3b/table4': 'import',
  '/api/import/register': 'import',
  '/api/import/register/preview': 'import',
  '/api/import/outward': 'import',
};

/** Write routes with a parameter in their path, as the table names them. */
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/^\/api\/jobs\/[^/]+\/cancel$/, '/api/jobs/:id/cancel'],
];

export function permissionFor(method: string, path: string): Permission {
  if (method === 'GET' || method === 'HEAD') return 'read';
  const route = PATTERNS.find(([re]) => re.test(path))?.[1] ?? path;
  return WRITE_ROUTE_PERMISSIONS[route] ?? 'manageClients';
}
