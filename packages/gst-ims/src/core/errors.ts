// The few named error classes. Each edge maps them once: CLI exit codes, HTTP statuses.
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  constructor(
    message: string,
    readonly details: {
      file?: string;
      path?: string;
      field?: string;
      expected?: string;
      code?: string;
    } = {},
  ) {
    super(message);
  }
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class NothingToDoError extends Error {
  override readonly name = 'NothingToDoError';
}

/**
 * Another process held the workspace's write lock for longer than we were willing to wait.
 * Nothing was changed; trying again later is the remedy (CLI exit 5, HTTP 503).
 */
export class WorkspaceBusyError extends Error {
  override readonly name = 'WorkspaceBusyError';
  constructor(
    message: string,
    readonly waitedMs: number,
  ) {
    super(message);
  }
}

/** A selection or request that the domain rules refuse; carries the per-record reasons. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
  constructor(
    message: string,
    readonly refusals: readonly { recordKey: string; code: string; message: string }[],
  ) {
    super(message);
  }
}
