import { createContext, useContext } from 'react';
import type { MetaPayload } from '../../gst-ims/src/server/api-types.js';

export type Page =
  | 'dashboard'
  | 'records'
  | 'suppliers'
  | 'outward'
  | 'reconcile'
  | 'month'
  | 'import'
  | 'upload'
  | 'excel'
  | 'history'
  | 'practice';

export const PAGE_PATHS: Readonly<Record<Page, string>> = {
  dashboard: '/',
  records: '/records',
  suppliers: '/suppliers',
  outward: '/outward',
  reconcile: '/reconcile',
  month: '/month',
  import: '/import',
  upload: '/upload',
  excel: '/excel',
  history: '/history',
  practice: '/practice',
};

export function pageOf(pathname: string): Page {
  const p = pathname.replace(/\/+$/, '') || '/';
  for (const [page, path] of Object.entries(PAGE_PATHS) as [Page, string][])
    if (path === p) return page;
  return 'dashboard';
}

/** A button on a toast (Undo after a bulk decision); pressing it closes the toast. */
export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Toast {
  readonly id: number;
  readonly kind: 'ok' | 'error' | 'info';
  readonly text: string;
  readonly action?: ToastAction | undefined;
}

export interface AppState {
  readonly meta: MetaPayload;
  /** The recipient GSTIN being worked on; null while the workspace is empty. */
  readonly gstin: string | null;
  /** Bumped after every change (import, decision, upload) so pages reload what they show. */
  readonly version: number;
  readonly bump: () => void;
  readonly reloadMeta: () => Promise<void>;
  readonly navigate: (page: Page, query?: string) => void;
  readonly toast: (kind: Toast['kind'], text: string, action?: ToastAction) => void;
  /** The return period (MMYYYY) chosen in the top bar; null while the records name none. */
  readonly period: string | null;
  /** The 2B periods of the records, newest first (GET /api/periods). */
  readonly periods: readonly string[];
  readonly setPeriod: (period: string) => void;
  /** Opens another client (the practice view's rows), as the top bar's GSTIN picker does. */
  readonly selectGstin?: (gstin: string) => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const s = useContext(AppContext);
  if (!s) throw new Error('useApp outside the app');
  return s;
}
