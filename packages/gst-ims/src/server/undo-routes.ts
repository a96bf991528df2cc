// Undo and History (issue 14): the latest actions of the audit log, and undoing one (a dry run
// first, for the confirm dialog); the Records page's saved views, per GSTIN and user.
import type { Hono } from 'hono';
import { z } from 'zod';
import { approvalsBeside } from '../app/approvals.js';
import type { AppContext } from '../app/context.js';
import { deleteView, listSavedViews, saveView } from '../app/saved-views.js';
import { undoAction } from '../app/undo-action.js';
import type { UndoResult } from '../app/undo-action.js';
import type { AuditAction } from '../app/undo-recent-actions.js';
import { recentActions } from '../app/undo-recent-actions.js';
import type { Action } from '../core/index.js';
import type {
  AuditActionDto,
  AuditActionsPayload,
  SavedViewsPayload,
  UndoPayload,
} from './undo-api-types.js';

const SHOWN = 5000;

const UndoBody = z.object({
  gstin: z.string().optional(),
  eventId: z.number().int().positive().optional(),
  dryRun: z.boolean().optional(),
});
const SaveViewBody = z.object({
  gstin: z.string().optional(),
  name: z.string().max(1000),
  view: z.record(z.string(), z.unknown()),
});
const DeleteViewBody = z.object({ gstin: z.string().optional(), name: z.string().max(1000) });

export function actionDto(a: AuditAction): AuditActionDto {
  return {
    id: a.id,
    at: a.at,
    user: a.user,
    source: a.source,
    sourceWords: a.sourceWords,
    decisions: a.decisions.map((d) => ({
      toAction: d.toAction,
      remark: d.remark,
      itcReduction: d.itcReduction?.kind ?? null,
      records: d.records,
    })),
    records: a.records,
    undoable: a.undoable,
    undoes: a.undoes,
    undoneBy: a.undoneBy,
  };
}

export function undoPayload(r: UndoResult): UndoPayload {
  const restoredTo: Partial<Record<Action, number>> = {};
  for (const x of r.restores) restoredTo[x.to.action] = (restoredTo[x.to.action] ?? 0) + 1;
  const skippedByCode: Record<string, number> = {};
  for (const s of r.skipped) skippedByCode[s.code] = (skippedByCode[s.code] ?? 0) + 1;
  return {
    event: actionDto(r.action),
    records: r.records,
    undone: r.undone,
    restores: r.restores
      .slice(0, SHOWN)
      .map((x) => ({ key: x.key, from: x.from.action, to: x.to.action })),
    restoredTo,
    skipped: r.skipped.slice(0, SHOWN),
    skippedCount: r.skipped.length,
    skippedByCode,
    warnings: r.warnings.length,
    dryRun: r.dryRun,
    applied: r.applied,
    undoEvent: r.undoActionId,
  };
}

export function undoRoutes(
  app: Hono,
  ctx: AppContext,
  gstinOf: (given: string | undefined) => Promise<string>,
): void {
  app.get('/api/audit/actions', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const raw = c.req.query('limit');
    const asked = raw === undefined || raw === '' ? 50 : Number(raw);
    const limit = Number.isFinite(asked) ? asked : 50;
    const actions = await recentActions(ctx, gstin, { limit });
    const body: AuditActionsPayload = {
      actions: actions.map(actionDto),
      approvals: await approvalsBeside(
        ctx.store,
        gstin,
        actions,
        Math.max(1, Math.min(limit, 1000)),
      ),
    };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });

  app.post('/api/undo', async (c) => {
    const body = UndoBody.parse(await c.req.json().catch(() => ({})));
    const gstin = await gstinOf(body.gstin);
    const r = await undoAction(ctx, {
      gstin,
      eventId: body.eventId,
      dryRun: body.dryRun === true,
    });
    return c.json(undoPayload(r));
  });

  app.get('/api/views', async (c) => {
    const gstin = await gstinOf(c.req.query('gstin'));
    const body: SavedViewsPayload = { user: ctx.user, views: await listSavedViews(ctx, gstin) };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });
  app.post('/api/views', async (c) => {
    const body = SaveViewBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const views = await saveView(ctx, gstin, body.name, body.view);
    return c.json({ user: ctx.user, views } satisfies SavedViewsPayload);
  });
  app.post('/api/views/delete', async (c) => {
    const body = DeleteViewBody.parse(await c.req.json());
    const gstin = await gstinOf(body.gstin);
    const views = await deleteView(ctx, gstin, body.name);
    return c.json({ user: ctx.user, views } satisfies SavedViewsPayload);
  });
}
