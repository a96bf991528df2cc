// The one place the server turns the engine's named errors into HTTP statuses.
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import {
  BadInputError,
  NothingToDoError,
  RefusedError,
  UsageError,
  WorkspaceBusyError,
  apiErrorStatus,
} from '../core/index.js';
import type { ApiError } from './api-types.js';
import { StaleRecordsError } from '../app/record-versions.js';
import { AccessDeniedError } from './multi-user.js';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** Seconds a client is asked to wait before trying again when the workspace is busy. */
export const BUSY_RETRY_AFTER_S = 5;

export function toApiError(e: unknown): { status: ContentfulStatusCode; body: ApiError } {
  if (e instanceof StaleRecordsError)
    return {
      status: apiErrorStatus('conflict'),
      body: { error: e.message, kind: 'conflict', details: { conflicts: e.conflicts } },
    };
  if (e instanceof AccessDeniedError)
    return {
      status: apiErrorStatus('forbidden'),
      body: { error: e.message, kind: 'forbidden', details: { code: e.code } },
    };
  if (e instanceof WorkspaceBusyError)
    return {
      status: apiErrorStatus('busy'),
      body: {
        error: `the workspace is busy: another gst-ims process is writing it (an import, or a command in a terminal); nothing was changed by this request, try again in a few seconds`,
        kind: 'busy',
      },
    };
  if (e instanceof RefusedError)
    return {
      status: apiErrorStatus('refused'),
      body: { error: e.message, kind: 'refused', refusals: e.refusals },
    };
  if (e instanceof BadInputError)
    return {
      status: apiErrorStatus('badInput'),
      body: { error: e.message, kind: 'badInput', details: e.details },
    };
  if (e instanceof UsageError)
    return { status: apiErrorStatus('usage'), body: { error: e.message, kind: 'usage' } };
  if (e instanceof NothingToDoError)
    return {
      status: apiErrorStatus('nothingToDo'),
      body: { error: e.message, kind: 'nothingToDo' },
    };
  if (e instanceof NotFoundError)
    return { status: apiErrorStatus('notFound'), body: { error: e.message, kind: 'notFound' } };
  if (e instanceof ZodError) {
    const msg = e.issues
      .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
      .join('; ');
    return {
      status: apiErrorStatus('badInput'),
      body: { error: `bad request: ${msg}`, kind: 'badInput' },
    };
  }
  if (e instanceof URIError) return { status: apiErrorStatus('badInput'), body: MALFORMED_URL };
  if (e instanceof SyntaxError)
    return {
      status: apiErrorStatus('badInput'),
      body: { error: `bad request: the body is not valid JSON (${e.message})`, kind: 'badInput' },
    };
  return {
    status: apiErrorStatus('internal'),
    body: {
      error: 'internal error: the server log has the details; please report it',
      kind: 'internal',
    },
  };
}

const MALFORMED_URL: ApiError = {
  error:
    'bad request: the address has malformed percent-encoding (a % not followed by two hex digits of valid UTF-8)',
  kind: 'badInput',
};

/** Refuses an address whose path or query does not decode (`GET /%`) before any route reads it. */
export function malformedUrl(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const rest = start < 0 ? '' : (url.slice(start).split('#')[0] ?? '');
    const parts = rest.split(/[?&=]/);
    try {
      for (const p of parts) decodeURIComponent(p.replace(/\+/g, ' '));
    } catch {
      return c.json(MALFORMED_URL, apiErrorStatus('badInput'));
    }
    await next();
  };
}

/** The JSON body limit's answer (hono's bodyLimit calls it). */
export function tooLarge(maxBytes: number): (c: Context) => Response {
  const limit =
    maxBytes >= 1048576
      ? `${Math.round(maxBytes / 1048576)} MB`
      : `${Math.round(maxBytes / 1024)} KB`;
  return (c) =>
    c.json(
      {
        error: `the request body is over the ${limit} limit for this API (select fewer records at a time)`,
        kind: 'tooLarge',
      },
      apiErrorStatus('tooLarge'),
    );
}

export function errorResponse(e: unknown, c: Context, log: (s: string) => void): Response {
  const { status, body } = toApiError(e);
  if (status === apiErrorStatus('internal'))
    log(
      `gst-ims serve: internal error on ${c.req.method} ${c.req.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  if (status === apiErrorStatus('busy')) c.header('Retry-After', String(BUSY_RETRY_AFTER_S));
  return c.json(body, status);
}
