// The few named error classes. Each edge maps them once: CLI exit codes, HTTP statuses.
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  constructor(
    message: string,
    readonly details: { file?: string; path?: string; field?: string; expected?: string } = {},
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
