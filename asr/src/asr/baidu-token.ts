/**
 * Baidu access tokens (OAuth client_credentials): POST
 * `https://aip.baidubce.com/oauth/2.0/token?grant_type=client_credentials&client_id=API_KEY&client_secret=SECRET_KEY`
 * answers `{access_token, expires_in}` (seconds, about 30 days) or `{error, error_description}`.
 * Caching, single flight and renewal are the shared `TokenCache`'s; this is the recognition side's
 * fetch, with its errors as `AsrError`s.
 */
import { TokenCache, type FetchedToken } from '../shared/token-cache.js';
import type { AsrClock } from './clock.js';
import { AsrError, asrCodeForHttpStatus, asrCodeForSocketError } from './errors.js';
import { trackAsr } from './resources.js';

/** Credentials and endpoint. */
export interface BaiduTokenOptions {
  readonly apiKey: string;
  readonly secretKey: string;
  /** Default `https://aip.baidubce.com/oauth/2.0/token`. */
  readonly url?: string;
  readonly clock: AsrClock;
  readonly timeoutMs: number;
  readonly provider: string;
}

/** Refresh this long before the stated expiry, so a token never expires mid-request. */
const EARLY_MS = 60 * 60 * 1000;

/** A cached access token for one API Key. */
export class BaiduTokenSource {
  private readonly cache: TokenCache;

  constructor(private readonly options: BaiduTokenOptions) {
    this.cache = new TokenCache({ fetch: () => this.fetch(), now: () => options.clock.now(), marginMs: EARLY_MS });
  }

  /** Tokens fetched so far (tests and health). */
  get fetches(): number {
    return this.cache.fetches;
  }

  /** A valid token, fetched if none is cached or the cached one is about to expire. */
  get(): Promise<string> {
    return this.cache.get();
  }

  /** Forgets `value` if it is the cached token (the API called it invalid or expired). */
  invalidate(value: string): void {
    this.cache.invalidate(value);
  }

  private async fetch(): Promise<FetchedToken> {
    const o = this.options;
    const url = new URL(o.url ?? 'https://aip.baidubce.com/oauth/2.0/token');
    url.searchParams.set('grant_type', 'client_credentials');
    url.searchParams.set('client_id', o.apiKey);
    url.searchParams.set('client_secret', o.secretKey);
    const abort = new AbortController();
    const timer = o.clock.setTimer(() => abort.abort(), o.timeoutMs);
    trackAsr('timers', 1);
    trackAsr('requests', 1);
    try {
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', signal: abort.signal, headers: { accept: 'application/json' } });
      } catch (error) {
        if (abort.signal.aborted) throw new AsrError('ASR_CONNECT_TIMEOUT', o.provider, `no token answer within ${o.timeoutMs} ms`);
        throw new AsrError(asrCodeForSocketError((error as { cause?: unknown }).cause), o.provider, 'token request failed');
      }
      const body = await res.text();
      let json: { access_token?: unknown; expires_in?: unknown; error?: unknown };
      try {
        json = JSON.parse(body) as typeof json;
      } catch {
        throw new AsrError(res.ok ? 'ASR_MALFORMED_RESPONSE' : asrCodeForHttpStatus(res.status), o.provider, `token answer is not JSON (HTTP ${res.status})`, { status: res.status });
      }
      if (typeof json.error === 'string') {
        // invalid_client: unknown API Key or wrong Secret Key — permanent until reconfigured.
        const code = res.status >= 500 ? 'ASR_SERVER' : 'ASR_AUTH';
        throw new AsrError(code, o.provider, `token refused: ${json.error.slice(0, 40)}`, { status: res.status });
      }
      if (!res.ok) throw new AsrError(asrCodeForHttpStatus(res.status), o.provider, `token request HTTP ${res.status}`, { status: res.status });
      if (typeof json.access_token !== 'string' || typeof json.expires_in !== 'number') {
        throw new AsrError('ASR_MALFORMED_RESPONSE', o.provider, 'token answer without access_token and expires_in');
      }
      return { value: json.access_token, expiresAtMs: o.clock.now() + json.expires_in * 1000 };
    } finally {
      o.clock.clearTimer(timer);
      trackAsr('timers', -1);
      trackAsr('requests', -1);
    }
  }
}
