import type { Action, Section } from '../core/index.js';
import { ACTIONS, SECTIONS, isDirty } from '../core/index.js';
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
  const rows = await ctx.store.loadRecords(gstin);
  const bySection = new Map<
    Section,
    {
      total: number;
      byPortalAction: Record<Action, number>;
      byDecision: Record<Action, number>;
      waitingUpload: number;
      flagged: number;
      withError: number;
      gone: number;
    }
  >();
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
  const errors: StatusResult['errors'] = [];
  const flagged: string[] = [];
  const goneWithDecision: string[] = [];
  for (const { record, state } of rows) {
    const s = bySection.get(record.section);
    if (!s) continue;
    s.total++;
    s.byPortalAction[record.portalAction]++;
    s.byDecision[state.decision.action]++;
    if (state.gone) {
      s.gone++;
      if (state.decision.action !== 'noAction' && isDirty(record, state.decision))
        goneWithDecision.push(record.key);
    } else if (isDirty(record, state.decision)) s.waitingUpload++;
    if (state.changedBySupplier) {
      s.flagged++;
      flagged.push(record.key);
    }
    if (state.portalError) {
      s.withError++;
      errors.push({
        recordKey: record.key,
        code: state.portalError.code,
        message: state.portalError.message,
      });
    }
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
