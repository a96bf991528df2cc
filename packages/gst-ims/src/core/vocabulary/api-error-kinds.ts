// The machine-readable kinds of the local API's errors (`{ error, kind }`), with the HTTP status
// each goes with: one table; server/errors.ts maps the engine's named errors onto it and the
// web reads `kind` (ApiError in server/api-types.ts is typed by it).
export const API_ERROR_KINDS = {
  badInput: { status: 400, words: 'the request or a file in it is not what was expected' },
  usage: { status: 400, words: 'the request asks for something that cannot be done this way' },
  forbidden: {
    status: 403,
    words: 'the request is not allowed (wrong address, origin or session token)',
  },
  unauthorized: { status: 401, words: 'sign in first (the session is missing or has expired)' },
  notFound: { status: 404, words: 'no such route, file or record' },
  conflict: {
    status: 409,
    words: 'someone else changed the record(s) since you loaded them; nothing was changed',
  },
  nothingToDo: { status: 409, words: 'there is nothing to do' },
  tooLarge: { status: 413, words: 'the request body is over the limit' },
  refused: {
    status: 422,
    words: "the portal's rules refuse the decision for some records; nothing was changed",
  },
  tooManyRequests: { status: 429, words: 'too many failed sign-ins; wait and try again' },
  internal: { status: 500, words: 'internal error' },
  busy: {
    status: 503,
    words: 'another gst-ims process is writing the workspace; try again in a few seconds',
  },
} as const satisfies Readonly<Record<string, { readonly status: number; readonly words: string }>>;

export type ApiErrorKind = keyof typeof API_ERROR_KINDS;

export const apiErrorStatus = <K extends ApiErrorKind>(
  kind: K,
): (typeof API_ERROR_KINDS)[K]['status'] => API_ERROR_KINDS[kind].status;

/** What a kind means, in words (for an error without its own message). */
export const describeApiErrorKind = (kind: ApiErrorKind): string => API_ERROR_KINDS[kind].words;

/** A kind as received (an older server, a proxy): null when it is none of ours. */
export const parseApiErrorKind = (raw: unknown): ApiErrorKind | null =>
  typeof raw === 'string' && Object.prototype.hasOwnProperty.call(API_ERROR_KINDS, raw)
    ? (raw as ApiErrorKind)
    : null;
