/**
 * Baidu cloud synthesis: a cached access token (refreshed before expiry, and once when Baidu
 * rejects it), 8 kHz PCM per piece of text cut at punctuation, retries with backoff for
 * server errors and rate limits, permanent failure for credentials, and the account's
 * concurrency cap around every request.
 */
import { createHash } from 'node:crypto';
import {
  BAIDU_MAX_CUID, BAIDU_PIECE_GBK_BYTES, BAIDU_TOKEN_URL, BAIDU_TTS_URL, parseSynthesisResponse, parseTokenResponse,
  synthesisForm, tokenRequestUrl,
} from './baidu-protocol.js';
import { TokenCache, type FetchedToken } from '../shared/token-cache.js';
import { TtsError } from './errors.js';
import { HttpAgents, httpRequest } from './http-request.js';
import type { Semaphore } from './semaphore.js';
import { splitForSynthesis } from './text-split.js';
import { DEFAULT_VOICE, systemClock, type Clock, type SynthesizeOptions, type TtsHealth, type TtsProvider, type TtsVoice } from './types.js';
import { sleep } from './sleep.js';

/** How a Baidu provider is built. */
export interface BaiduTtsOptions {
  /** AppId (shown in descriptions; not needed by the REST protocol). */
  readonly appId?: string;
  /** API Key (AppKey): the OAuth client_id. */
  readonly apiKey: string;
  /** Secret Key: the OAuth client_secret. */
  readonly secretKey: string;
  readonly voice?: TtsVoice;
  /** Default the documented endpoints; tests point these at a local server. */
  readonly tokenUrl?: string;
  readonly ttsUrl?: string;
  /** Client id for Baidu's statistics; default a hash of the API Key (no secret in it). */
  readonly cuid?: string;
  /** GBK bytes per request; default 120 (one billed call). */
  readonly pieceBytes?: number;
  /** Per HTTP exchange; default 8000. */
  readonly timeoutMs?: number;
  /** No-byte limit; default 4000. */
  readonly stallMs?: number;
  /** Extra attempts after a retryable failure; default 2. */
  readonly retries?: number;
  /** First backoff, doubled per retry; default 250. */
  readonly backoffMs?: number;
  /** The account's concurrency cap, shared across providers of the same account. */
  readonly semaphore?: Semaphore;
  /** Longest wait for a slot under the cap; default 10000. */
  readonly maxQueueMs?: number;
  /** Tokens are renewed this long before they expire; default 10 minutes. */
  readonly refreshMarginMs?: number;
  readonly clock?: Clock;
  /** Backoff waits; injectable so tests need not sleep. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const ID = 'baidu';
const SPEAKERS: Readonly<Record<number, string>> = { 0: '度小美', 1: '度小宇', 3: '度逍遥', 4: '度丫丫', 5: '度小娇', 103: '度米朵', 106: '度博文', 110: '度小童', 111: '度小萌' };

/** A short, stable, non-reversible label for an account (semaphore keys, descriptions). */
export function accountLabel(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}

/** Baidu 短文本在线合成 as a {@link TtsProvider}. */
export class BaiduTts implements TtsProvider {
  readonly id = ID;
  /** `aue=5` protocol; bump when request parameters that change audio are added. */
  readonly version = 'rest-aue5.1';
  readonly quality = 'production' as const;
  readonly voice: TtsVoice;
  private readonly agents = new HttpAgents();
  private readonly clock: Clock;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly tokens: TokenCache;
  private readonly cuid: string;
  private closed = false;

  constructor(private readonly options: BaiduTtsOptions) {
    if (!options.apiKey || !options.secretKey) throw new TtsError('TTS_AUTH', ID, 'API Key and Secret Key are required');
    this.voice = options.voice ?? DEFAULT_VOICE;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? sleep;
    this.cuid = (options.cuid ?? `waihu-${accountLabel(options.apiKey)}`).slice(0, BAIDU_MAX_CUID);
    this.tokens = new TokenCache({ fetch: () => this.fetchToken(), now: () => this.clock.now(), marginMs: options.refreshMarginMs ?? 10 * 60_000 });
  }

  describe(): string {
    const v = this.voice;
    const app = this.options.appId ? ` app ${this.options.appId}` : '';
    return `百度语音合成${app} ${SPEAKERS[v.per] ?? `per ${v.per}`} spd ${v.spd} pit ${v.pit} vol ${v.vol}`;
  }

  voiceKey(voice: TtsVoice = this.voice): string {
    return `per=${voice.per};spd=${voice.spd};pit=${voice.pit};vol=${voice.vol}`;
  }

  /** One request per piece of at most `pieceBytes` GBK bytes, yielded as each arrives. */
  async *synthesize(text: string, options: SynthesizeOptions = {}): AsyncGenerator<Int16Array> {
    const pieces = splitForSynthesis(text, this.options.pieceBytes ?? BAIDU_PIECE_GBK_BYTES);
    if (pieces.length === 0) throw new TtsError('TTS_BAD_TEXT', ID, 'nothing to synthesize');
    for (const piece of pieces) yield await this.withRetries(piece, options);
  }

  async health(): Promise<TtsHealth> {
    const started = this.clock.now();
    const base = { provider: ID, quality: this.quality, description: this.describe() };
    try {
      this.tokens.clear(); // a health check proves the credentials, not a cached token
      await this.getToken();
      await this.withRetries('好', {}, 0);
      return { ...base, ok: true, latencyMs: this.clock.now() - started, message: 'token fetched and a one-character synthesis succeeded' };
    } catch (e) {
      const error = e instanceof TtsError ? e : new TtsError('TTS_SERVER', ID, String(e));
      return { ...base, ok: false, latencyMs: this.clock.now() - started, code: error.code, message: error.message };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.agents.destroy();
  }

  private async withRetries(piece: string, options: SynthesizeOptions, retries = this.options.retries ?? 2): Promise<Int16Array> {
    let delay = this.options.backoffMs ?? 250;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(piece, options);
      } catch (e) {
        const error = e instanceof TtsError ? e : new TtsError('TTS_SERVER', ID, String(e), { cause: e });
        if (!error.retryable || attempt >= retries || options.signal?.aborted) throw error;
        await this.sleep(delay, options.signal);
        delay *= 2;
      }
    }
  }

  /** One synthesis under the cap; a rejected token is renewed and the request repeated once. */
  private async once(piece: string, options: SynthesizeOptions): Promise<Int16Array> {
    if (this.closed) throw new TtsError('TTS_UNAVAILABLE', ID, 'provider closed', { retryable: false });
    const release = this.options.semaphore ? await this.options.semaphore.acquire(options.signal, this.options.maxQueueMs ?? 10_000) : null;
    try {
      const token = await this.getToken(options.signal);
      const first = await this.post(piece, token, options);
      if (first.kind === 'audio') return first.pcm;
      // Baidu said the token is no good (expired early, revoked): fetch a new one, once.
      this.tokens.invalidate(token);
      const fresh = await this.getToken(options.signal);
      const second = await this.post(piece, fresh, options);
      if (second.kind === 'audio') return second.pcm;
      throw new TtsError('TTS_AUTH', ID, `${second.error.message} after a fresh token`, { status: second.error.status, providerCode: second.error.providerCode, retryable: false });
    } finally {
      release?.();
    }
  }

  private async post(piece: string, token: string, options: SynthesizeOptions) {
    const res = await httpRequest({
      url: this.options.ttsUrl ?? BAIDU_TTS_URL,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: '*/*' },
      body: synthesisForm(piece, token, this.cuid, options.voice ?? this.voice),
      timeoutMs: this.options.timeoutMs ?? 8000,
      stallMs: this.options.stallMs ?? 4000,
      signal: options.signal,
    }, this.agents, ID);
    return parseSynthesisResponse(res.status, res.contentType, res.body);
  }

  /** The cached token, or one fetch shared by every request that needs it now. */
  private getToken(signal?: AbortSignal): Promise<string> {
    return this.tokens.get(signal, () => new TtsError('TTS_ABORTED', ID, 'aborted while fetching a token'));
  }

  private async fetchToken(): Promise<FetchedToken> {
    const res = await httpRequest({
      url: tokenRequestUrl(this.options.tokenUrl ?? BAIDU_TOKEN_URL, this.options.apiKey, this.options.secretKey),
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '',
      timeoutMs: this.options.timeoutMs ?? 8000,
      stallMs: this.options.stallMs ?? 4000,
    }, this.agents, ID);
    return parseTokenResponse(res.status, res.body, this.clock.now());
  }
}
