/**
 * One cached access token (Baidu's OAuth client-credentials token serves both recognition and
 * synthesis): fetched once for any number of concurrent callers, renewed a margin before it
 * expires on the injected clock, and dropped when the API calls it stale. The fetch itself —
 * endpoint, HTTP client, error taxonomy — stays with each caller, which is what differs.
 */

/** A token and the moment (on the cache's clock) it stops being valid. */
export interface FetchedToken {
  readonly value: string;
  readonly expiresAtMs: number;
}

export interface TokenCacheOptions {
  readonly fetch: () => Promise<FetchedToken>;
  readonly now: () => number;
  /**
   * Renew this long before expiry, so a token never expires mid-request; capped at half the
   * token's lifetime, so a short-lived token is still used for a while.
   */
  readonly marginMs: number;
}

export class TokenCache {
  private token: { readonly value: string; readonly renewAtMs: number } | undefined;
  private inflight: Promise<string> | undefined;
  /** Tokens fetched so far (tests and health). */
  fetches = 0;

  constructor(private readonly o: TokenCacheOptions) {}

  /**
   * A valid token. A caller whose `signal` aborts gets `onAbort()`'s error at once; the shared
   * fetch goes on, since other callers may still need it.
   */
  get(signal?: AbortSignal, onAbort?: () => Error): Promise<string> {
    const t = this.token;
    if (t && this.o.now() < t.renewAtMs) return Promise.resolve(t.value);
    this.inflight ??= this.fetch().finally(() => { this.inflight = undefined; });
    const flight = this.inflight;
    if (!signal) return flight;
    const abortError = onAbort ?? (() => new Error('aborted while fetching a token'));
    return new Promise<string>((resolve, reject) => {
      const abort = (): void => reject(abortError());
      if (signal.aborted) { abort(); return; }
      signal.addEventListener('abort', abort, { once: true });
      flight.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  }

  /** Forgets `value` if it is the cached token (the API called it invalid or expired). */
  invalidate(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  /** Forgets whatever is cached (a health check proves the credentials, not the cache). */
  clear(): void {
    this.token = undefined;
  }

  private async fetch(): Promise<string> {
    this.fetches++;
    const fetchedAt = this.o.now();
    const token = await this.o.fetch();
    const lifetime = token.expiresAtMs - fetchedAt;
    this.token = { value: token.value, renewAtMs: token.expiresAtMs - Math.min(this.o.marginMs, lifetime / 2) };
    return token.value;
  }
}
