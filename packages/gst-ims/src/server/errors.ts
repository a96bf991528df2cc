// The one place the server turns the engine's named errors into HTTP statuses.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { BadInputError, NothingToDoError, RefusedError, UsageError } from '../core/index.js';
import type { ApiError } from './api-types.js';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export function toApiError(e: unknown): { status: ContentfulStatusCode; body: ApiError } {
  if (e instanceof RefusedError)
    return { status: 422, body: { error: e.message, kind: 'refused', refusals: e.refusals } };
  if (e instanceof BadInputError)
    return { status: 400, body: { error: e.message, kind: 'badInput', details: e.details } };
  if (e instanceof UsageError) return { status: 400, body: { error: e.message, kind: 'usage' } };
  if (e instanceof NothingToDoError)
    return { status: 409, body: { error: e.message, kind: 'nothingToDo' } };
  if (e instanceof NotFoundError)
    return { status: 404, body: { error: e.message, kind: 'notFound' } };
  if (e instanceof ZodError) {
    const msg = e.issues
      .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
      .join('; ');
    return { status: 400, body: { error: `bad request: ${msg}`, kind: 'badInput' } };
  }
  if (e instanceof SyntaxError)
    return {
      status: 400,
      body: { error: `bad request: the body is not valid JSON (${e.message})`, kind: 'badInput' },
    };
  return {
    status: 500,
    body: {
      error: 'internal error: the server log has the details; please report it',
      kind: 'internal',
    },
  };
}

export function errorResponse(e: unknown, c: Context, log: (s: string) => void): Response {
  const { status, body } = toApiError(e);
  if (status === 500)
    log(
      `gst-ims serve: internal error on ${c.req.method} ${c.req.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  return c.json(body, status);
}
