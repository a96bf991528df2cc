// Records as the grid holds them: decoded once from the compact API payload, cached per GSTIN.
import type { Action } from '@core/actions.js';
import { actionLabel } from '@core/actions.js';
import type { Section } from '@core/sections.js';
import { SECTION_INFO } from '@core/sections.js';
import type {
  MatchOutcomeName,
  FLAG as ServerFlag,
  RecordsPayload,
} from '../../gst-ims/src/server/api-types.js';
import { getJson } from './api.js';
import { currentSession, setSeenVersions } from './session.js';
import { ACTION_OF_CODE, date, money } from './format.js';
import { outcomeLabel } from './outcomes.js';

/** The server's flag bits (typed against the server's constant, so the two cannot drift apart). */
export const FLAG: typeof ServerFlag = {
  dirty: 1,
  changedBySupplier: 2,
  gone: 4,
  pendingBlocked: 8,
  remarksBlocked: 16,
  itcReductionBlocked: 32,
  supplierFiled: 64,
  supplierNotFiled: 128,
};

export interface Row {
  key: string;
  section: Section;
  sectionLabel: string;
  supplierGstin: string;
  supplierName: string;
  docNumber: string;
  docDate: string;
  originalDocNumber: string | null;
  originalDocDate: string | null;
  returnPeriod: string | null;
  pos: string | null;
  value: number;
  taxable: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
  tax: number;
  portalAction: Action;
  portalActionLabel: string;
  decision: Action;
  decisionLabel: string;
  remark: string | null;
  itcReduction: string | null;
  flags: number;
  portalError: string | null;
  /** One word for the grid's Status column. */
  status: string;
  /** The outcome of the last reconcile run; null when it never ran (or left the record out). */
  match: MatchOutcomeName | null;
  /** The outcome in words for the Match column; '' without one. */
  matchLabel: string;
  /** Upper-cased text the quick search looks in; built on first search. */
  search?: string;
}

/** What the quick search matches: numbers, parties, dates as shown, amounts as shown, words. */
export function searchText(r: Row): string {
  if (r.search === undefined) {
    r.search = [
      r.docNumber,
      r.supplierGstin,
      r.supplierName,
      r.sectionLabel,
      r.originalDocNumber ?? '',
      date(r.docDate),
      money(r.value),
      r.decisionLabel,
      r.status,
      r.matchLabel,
      r.remark ?? '',
      r.portalError ?? '',
    ]
      .join('\u0001')
      .toUpperCase();
  }
  return r.search;
}

/**
 * The record takes the ITC-reduction declaration on Accept: its section carries one and the
 * portal does not block it (core's takesDeclaration, on the grid's row).
 */
export function takesDeclaration(r: Pick<Row, 'section' | 'flags'>): boolean {
  return SECTION_INFO[r.section].itcReductionAllowed && (r.flags & FLAG.itcReductionBlocked) === 0;
}

export function statusOf(flags: number, error: string | null): string {
  if (flags & FLAG.gone) return 'Gone from portal';
  if (error !== null) return 'Portal error';
  if (flags & FLAG.changedBySupplier) return 'Changed by supplier';
  if (flags & FLAG.dirty) return 'Waiting for upload';
  return 'In sync';
}

export function decodeRecords(p: RecordsPayload): Row[] {
  const out = new Array<Row>(p.rows.length);
  for (let i = 0; i < p.rows.length; i++) {
    const t = p.rows[i]!;
    const sup = p.suppliers[t[2]];
    const portalAction = ACTION_OF_CODE[t[15]];
    const decision = ACTION_OF_CODE[t[16]];
    out[i] = {
      key: t[0],
      section: t[1],
      sectionLabel: SECTION_INFO[t[1]].sheet,
      supplierGstin: sup?.[0] ?? '',
      supplierName: sup?.[1] ?? '',
      docNumber: t[3],
      docDate: t[4],
      originalDocNumber: t[5],
      originalDocDate: t[6],
      returnPeriod: t[7],
      pos: t[8],
      value: t[9],
      taxable: t[10],
      igst: t[11],
      cgst: t[12],
      sgst: t[13],
      cess: t[14],
      tax: t[11] + t[12] + t[13] + t[14],
      portalAction,
      portalActionLabel: actionLabel(portalAction),
      decision,
      decisionLabel: actionLabel(decision),
      remark: t[17],
      itcReduction: t[18],
      flags: t[19],
      portalError: t[20],
      status: statusOf(t[19], t[20]),
      match: t[21],
      matchLabel: t[21] === null ? '' : outcomeLabel(t[21]),
    };
  }
  return out;
}

/** Builds the search texts in idle time after a load, so the first search is as quick as the next. */
export function prepareSearch(rows: readonly Row[]): void {
  let i = 0;
  const step = (deadline?: IdleDeadline): void => {
    const end = Math.min(rows.length, i + 5000);
    for (; i < end; i++) searchText(rows[i]!);
    if (i < rows.length) schedule();
    void deadline;
  };
  const schedule = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(step, { timeout: 1000 });
    else setTimeout(step, 0);
  };
  schedule();
}

let cache: { gstin: string; version: number; rows: Row[] } | null = null;
/** Counts reconcile runs seen (patchOutcomes), so a load begun before one is not kept. */
let runs = 0;

/** All records of a GSTIN; cached until `version` changes (an import or decision elsewhere). */
export async function loadRows(gstin: string, version: number): Promise<Row[]> {
  if (cache && cache.gstin === gstin && cache.version === version) return cache.rows;
  const seen = runs;
  // On a multi-user server, the versions of the records about to be shown (read first: a
  // decision made in between then looks stale, never the other way round); decisions send them back.
  const versions =
    currentSession() === null
      ? null
      : (await getJson<{ versions: Record<string, number> }>('/api/versions', gstin)).versions;
  const rows = decodeRecords(await getJson<RecordsPayload>('/api/records', gstin));
  if (versions !== null) setSeenVersions(gstin, versions);
  if (seen === runs) cache = { gstin, version, rows };
  return rows;
}

/**
 * Forgets the cached rows: another process changed the workspace, so the next load must ask the
 * server whatever version number the page has reached (a local decision also numbers versions).
 */
export function dropRecordsCache(): void {
  cache = null;
  runs++;
}

/** Replaces cached rows by key after a decision (the grid updates the same objects). */
export function patchCache(gstin: string, version: number, updated: readonly Row[]): void {
  if (!cache || cache.gstin !== gstin) return;
  const byKey = new Map(updated.map((r) => [r.key, r]));
  cache = { gstin, version, rows: cache.rows.map((r) => byKey.get(r.key) ?? r) };
}

/**
 * After a reconcile run: the cached rows take the run's outcomes (a record the run left out has
 * none), so the Records grid shows them without loading every record again.
 */
export function patchOutcomes(
  gstin: string,
  outcomes: readonly { recordKey: string | null; outcome: MatchOutcomeName }[],
): void {
  runs++;
  if (!cache || cache.gstin !== gstin) return;
  const byKey = new Map<string, MatchOutcomeName>();
  for (const o of outcomes) if (o.recordKey !== null) byKey.set(o.recordKey, o.outcome);
  cache = {
    ...cache,
    rows: cache.rows.map((r) => {
      const match = byKey.get(r.key) ?? null;
      if (match === r.match) return r;
      // A new object (the grid tells rows apart by identity), its search text made anew.
      const { search: _search, ...rest } = r;
      return { ...rest, match, matchLabel: match === null ? '' : outcomeLabel(match) };
    }),
  };
}
