import type { Action, Section } from '../core/index.js';
import { ACTIONS, SECTIONS } from '../core/index.js';
import type { AppContext } from './context.js';
import type { SectionStatus, StatusResult } from './result-types.js';

export type { SectionStatus, StatusResult } from './result-types.js';

const zeroActions = (): Record<Action, number> => ({
  accept: 0,
  reject: 0,
  pending: 0,
  noAction: 0,
});

export async function workspaceStatus(ctx: AppContext, gstin: string): Promise<StatusResult> {
  // Counted in the database (a million records need not be loaded to be counted).
  const { groups, errors, flagged, goneWithDecision } = await ctx.store.recordStatus(gstin);
  const bySection = new Map<Section, Omit<SectionStatus, 'section'>>();
  for (const s of SECTIONS)
    bySection.set(s, {
      total: 0,
      byPortalAction: zeroActions(),
      byDecision: zeroActions(),
      waitingUpload: 0,
      flagged: 0,
      withError: 0,
      gone: 0,
    });
  for (const g of groups) {
    const s = bySection.get(g.section);
    if (!s) continue;
    bySection.set(g.section, {
      total: s.total + g.records,
      byPortalAction: {
        ...s.byPortalAction,
        [g.portalAction]: s.byPortalAction[g.portalAction] + g.records,
      },
      byDecision: { ...s.byDecision, [g.decision]: s.byDecision[g.decision] + g.records },
      // A gone record's decision cannot be uploaded: listed apart (goneWithDecision), not waiting.
      waitingUpload: s.waitingUpload + (!g.gone && g.dirty ? g.records : 0),
      flagged: s.flagged + (g.changedBySupplier ? g.records : 0),
      withError: s.withError + (g.withError ? g.records : 0),
      gone: s.gone + (g.gone ? g.records : 0),
    });
  }
  const sections = SECTIONS.map((section) => ({
    section,
    ...(bySection.get(section) as Omit<SectionStatus, 'section'>),
  }));
  const totals = {
    total: sum(sections, (s) => s.total),
    byPortalAction: Object.fromEntries(
      ACTIONS.map((a) => [a, sum(sections, (s) => s.byPortalAction[a])]),
    ) as Record<Action, number>,
    byDecision: Object.fromEntries(
      ACTIONS.map((a) => [a, sum(sections, (s) => s.byDecision[a])]),
    ) as Record<Action, number>,
    waitingUpload: sum(sections, (s) => s.waitingUpload),
    flagged: sum(sections, (s) => s.flagged),
    withError: sum(sections, (s) => s.withError),
    gone: sum(sections, (s) => s.gone),
  };
  const li = await ctx.store.lastImport(gstin, ['ims']);
  const files = await ctx.store.listUploadFiles(gstin);
  const lastExport = files[0]?.exportId;
  const uploadFiles = files.filter((f) => f.exportId === lastExport || f.status === 'unanswered');
  return {
    gstin,
    sections,
    totals,
    errors,
    flagged,
    goneWithDecision,
    lastImport: li ? { file: li.file, at: li.at } : null,
    uploadFiles,
  };
}

function sum<T>(list: readonly T[], f: (t: T) => number): number {
  let n = 0;
  for (const x of list) n += f(x);
  return n;
}
