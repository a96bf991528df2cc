// Views of the Records page (filters, columns, tab, supplier, search) saved by name, per GSTIN
// and per user (the context's user: the server's --user). The engine keeps the view as the web
// app sends it: it checks only the name and that the view is a JSON object of sane size.
import { BadInputError, NothingToDoError } from '../core/index.js';
import type { AppContext } from './context.js';

export const VIEW_NAME_MAX = 80;
/** A view holds a filter model and column state: a few KB; far more is not a view. */
export const VIEW_MAX_BYTES = 64 * 1024;
/** Views per user and GSTIN: a drop-down, not a store of data. */
export const VIEWS_MAX = 200;

export interface SavedViewDto {
  readonly name: string;
  readonly view: Record<string, unknown>;
  readonly at: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** The name as stored (trimmed), or a BadInputError saying what is wrong with it. */
export function viewName(raw: string): string {
  const name = raw.trim();
  if (name === '')
    throw new BadInputError('name: give the view a name', { field: 'name', expected: 'text' });
  if ([...name].length > VIEW_NAME_MAX)
    throw new BadInputError(
      `name: ${[...name].length} characters; a view's name has at most ${VIEW_NAME_MAX}`,
      { field: 'name', expected: `at most ${VIEW_NAME_MAX} characters` },
    );
  if (CONTROL.test(name))
    throw new BadInputError('name: a single line without tabs or control characters', {
      field: 'name',
    });
  return name;
}

export async function listSavedViews(ctx: AppContext, gstin: string): Promise<SavedViewDto[]> {
  const views = await ctx.store.listSavedViews(gstin, ctx.user);
  return views.map((v) => ({
    name: v.name,
    view: JSON.parse(v.view) as Record<string, unknown>,
    at: v.at,
  }));
}

/** Saves (or replaces) a view; returns the views as they are now. */
export async function saveView(
  ctx: AppContext,
  gstin: string,
  rawName: string,
  view: unknown,
): Promise<SavedViewDto[]> {
  const name = viewName(rawName);
  if (typeof view !== 'object' || view === null || Array.isArray(view))
    throw new BadInputError('view: expected an object (the filters and columns of the view)', {
      field: 'view',
      expected: 'a JSON object',
    });
  const text = JSON.stringify(view);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > VIEW_MAX_BYTES)
    throw new BadInputError(
      `view: ${bytes} bytes; a saved view holds at most ${VIEW_MAX_BYTES} bytes`,
      { field: 'view', expected: `at most ${VIEW_MAX_BYTES} bytes` },
    );
  await ctx.store.transaction(async (tx) => {
    const held = await tx.listSavedViews(gstin, ctx.user);
    if (held.length >= VIEWS_MAX && !held.some((v) => v.name === name))
      throw new BadInputError(
        `name: ${ctx.user} has ${held.length} saved views for ${gstin}, the most kept; delete one first`,
        { field: 'name' },
      );
    await tx.saveView(gstin, ctx.user, { name, view: text, at: ctx.now() });
  });
  return listSavedViews(ctx, gstin);
}

/** Deletes a view; returns the views left. */
export async function deleteView(
  ctx: AppContext,
  gstin: string,
  rawName: string,
): Promise<SavedViewDto[]> {
  const name = rawName.trim();
  if (!(await ctx.store.deleteSavedView(gstin, ctx.user, name)))
    throw new NothingToDoError(`no saved view named "${name}" for ${ctx.user} in ${gstin}`);
  return listSavedViews(ctx, gstin);
}
