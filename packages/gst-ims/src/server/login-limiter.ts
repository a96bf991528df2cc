// Failed sign-ins counted per account and per address over a sliding window (decision 0037): a
// guesser is slowed on one account from many addresses, and on many accounts from one address.
// In memory: a restart forgets the counts, and the window is short anyway.

export interface LoginLimits {
  /** Failures allowed per account name within the window. */
  readonly perAccount: number;
  /** Failures allowed per client address within the window. */
  readonly perAddress: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
};

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before another try, or 0 when one is allowed now. */
  waitFor(account: string, address: string): number {
    return Math.max(
      this.#wait(`a:${account.toLowerCase()}`, this.limits.perAccount),
      this.#wait(`ip:${address}`, this.limits.perAddress),
    );
  }

  failed(account: string, address: string): void {
    for (const k of [`a:${account.toLowerCase()}`, `ip:${address}`]) {
      const list = this.#recent(k);
      list.push(this.now());
      this.#failures.set(k, list);
    }
  }

  /** A successful sign-in clears the account's count (not the address's). */
  succeeded(account: string): void {
    this.#failures.delete(`a:${account.toLowerCase()}`);
  }

  #recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.#failures.get(key) ?? []).filter((t) => t > since);
  }

  #wait(key: string, limit: number): number {
    const list = this.#recent(key);
    if (list.length === 0) this.#failures.delete(key);
    if (list.length < limit) return 0;
    return (list[list.length - limit] as number) + this.limits.windowMs - this.now();
  }
}
